import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { mediaKeys, type Job } from "./api";
import { applyJobEvent } from "./jobs";

const JOB = "j".repeat(32);

function cached(client: QueryClient): Job | undefined {
  return client.getQueryData<Job>(mediaKeys.job(JOB));
}

describe("applyJobEvent", () => {
  it("follows a job from its progress to its end", () => {
    const client = new QueryClient();

    applyJobEvent(client, { type: "job.progress", job_id: JOB, kind: "speech", status: "running", progress: 40, message: "voix" });
    applyJobEvent(client, {
      type: "job.chunk",
      job_id: JOB,
      kind: "speech",
      index: 0,
      count: 2,
      url: "/a.mp3",
      content_type: "audio/mpeg",
    });
    const done = applyJobEvent(client, {
      type: "job.done",
      job_id: JOB,
      kind: "speech",
      status: "failed",
      outputs: [],
      error: { code: "vendor", message: "x" },
    });

    expect(done).toMatchObject({ status: "failed", progress: 100, kind: "speech", chunks: ["/a.mp3"], error: { code: "vendor" } });
    expect(cached(client)).toEqual(done);
  });

  it.each<[string, Record<string, unknown>]>([
    ["a progress over 100", { type: "job.progress", job_id: JOB, kind: "image", status: "running", progress: 140, message: null }],
    ["an unknown kind", { type: "job.progress", job_id: JOB, kind: "video", status: "running", progress: 10, message: null }],
    ["a chunk without its address", { type: "job.chunk", job_id: JOB, kind: "speech", index: 0, count: 1, content_type: "audio/mpeg" }],
    [
      "an end whose outputs are not media",
      { type: "job.done", job_id: JOB, kind: "image", status: "succeeded", outputs: [{ url: 1 }], error: null },
    ],
    ["a frame without its job", { type: "job.done", kind: "image", status: "succeeded", outputs: [], error: null }],
  ])("leaves the cache alone on %s", (_, frame) => {
    const client = new QueryClient();

    expect(applyJobEvent(client, frame)).toBeNull();
    expect(cached(client)).toBeUndefined();
  });
});
