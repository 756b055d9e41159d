import { describe, expect, it } from "vitest";
import type { SocketMessage } from "../../lib/ws";
import { parseFrame } from "./protocol";

const turn = { request_id: "r1", conversation_id: "c1", turn: 2 };
const done = {
  ...turn,
  type: "chat.done",
  model: "gpt-4o-mini",
  status: "done",
  usage: { input_tokens: 3, output_tokens: 5 },
  cost: 0.001,
  ttft_ms: 120,
  duration_ms: 900,
  simulated: true,
};
const rejected = {
  type: "chat.rejected",
  request_id: null,
  conversation_id: null,
  turn: null,
  model: null,
  code: "quota_exceeded",
  message: "Quota",
};

describe("parseFrame", () => {
  it("keeps a well-formed delta as it came", () => {
    const delta = {
      ...turn,
      type: "chat.delta",
      model: "m",
      seq: 4,
      text: "Bon",
    };

    expect(parseFrame(delta)).toEqual(delta);
  });

  it("fills what the schema leaves out: usage counts and the verdict's lists", () => {
    const frame = parseFrame({ ...done, usage: {} });
    const verdict = parseFrame({
      ...turn,
      type: "chat.verdict",
      verdict: { judge_model: "judge", agreement: 80 },
    });

    expect(frame).toMatchObject({
      type: "chat.done",
      usage: { input_tokens: 0, output_tokens: 0 },
    });
    expect(verdict).toMatchObject({
      verdict: {
        judge_model: "judge",
        agreement: 80,
        shared_points: [],
        contradictions: [],
        fused_answer: "",
        simulated: false,
        error: null,
      },
    });
  });

  it("keeps a refusal that names no request, with only what the page reads", () => {
    expect(parseFrame(rejected)).toEqual({
      type: "chat.rejected",
      request_id: null,
      code: "quota_exceeded",
      message: "Quota",
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["an unknown type", { ...turn, type: "chat.bogus" }],
    [
      "a delta whose seq is text",
      { ...turn, type: "chat.delta", model: "m", seq: "4", text: "x" },
    ],
    [
      "a delta without its conversation",
      {
        request_id: "r1",
        turn: 2,
        type: "chat.delta",
        model: "m",
        seq: 1,
        text: "x",
      },
    ],
    [
      "a turn that is not a whole number",
      { ...turn, turn: 2.5, type: "chat.finished" },
    ],
    ["a done frame without usage", { ...done, usage: undefined }],
    ["a done frame with an unknown status", { ...done, status: "paused" }],
    [
      "a started frame whose models are not names",
      { ...turn, type: "chat.started", models: [1, 2] },
    ],
    [
      "a verdict over 100 %",
      {
        ...turn,
        type: "chat.verdict",
        verdict: { judge_model: "judge", agreement: 150 },
      },
    ],
    [
      "a contradiction without claims",
      {
        ...turn,
        type: "chat.verdict",
        verdict: {
          judge_model: "j",
          agreement: 5,
          contradictions: [{ topic: "t" }],
        },
      },
    ],
    ["a refusal without a code", { ...rejected, code: undefined }],
  ])("drops %s", (_, frame) => {
    expect(
      parseFrame(JSON.parse(JSON.stringify(frame)) as SocketMessage),
    ).toBeNull();
  });
});
