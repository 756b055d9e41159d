// Job state lives in the query cache under `["media","job",id]`: WebSocket events (`job.progress`,
// `job.done`, `job.chunk`) write into it as they arrive, and a slow poll of GET /api/media/jobs/{id}
// covers events missed while the socket was down.
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { socket, useSocketStatus, type SocketMessage } from "../../lib/ws";
import { FINAL_STATUSES, mediaApi, mediaKeys, type Job, type JobError, type JobStatus, type MediaItem } from "./api";

const STATUSES: ReadonlySet<string> = new Set(["queued", "running", "succeeded", "failed", "cancelled"]);

function isStatus(value: unknown): value is JobStatus {
  return typeof value === "string" && STATUSES.has(value);
}

export function isFinal(job: Pick<Job, "status"> | undefined): boolean {
  return job !== undefined && FINAL_STATUSES.has(job.status);
}

function placeholder(jobId: string): Job {
  return { job_id: jobId, kind: "image", model: "", status: "queued", progress: 0, error: null, outputs: [] };
}

/** Newer knowledge wins: a finished job never goes back to running because of a late poll. */
export function mergeJob(old: Job | undefined, incoming: Job): Job {
  if (!old) return incoming;
  if (isFinal(old) && !isFinal(incoming)) return old;
  const progress = isFinal(incoming) ? incoming.progress : Math.max(old.progress, incoming.progress);
  return {
    ...old,
    ...incoming,
    progress,
    outputs: incoming.outputs.length > 0 || isFinal(incoming) ? incoming.outputs : old.outputs,
    message: incoming.message ?? old.message,
    chunks: old.chunks ?? incoming.chunks,
    removed: old.removed,
  };
}

function clampProgress(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null;
}

function parseError(value: unknown): JobError | null {
  if (typeof value !== "object" || value === null) return null;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return { code: typeof code === "string" ? code : "", message: typeof message === "string" ? message : "" };
}

/** Takes a deleted item out of every job that showed it. */
export function forgetOutput(client: QueryClient, mediaId: string): void {
  client.setQueriesData<Job>({ queryKey: ["media", "job"] }, (job) => {
    if (!job?.outputs.some((item) => item.media_id === mediaId)) return job;
    return { ...job, outputs: job.outputs.filter((item) => item.media_id !== mediaId), removed: (job.removed ?? 0) + 1 };
  });
}

/** Applies one socket frame to the cache; returns the job when the frame finished it. */
export function applyJobEvent(client: QueryClient, message: SocketMessage): Job | null {
  const jobId = message.job_id;
  if (typeof jobId !== "string" || !jobId) return null;
  const key = mediaKeys.job(jobId);
  const old = client.getQueryData<Job>(key) ?? placeholder(jobId);
  const kind = typeof message.kind === "string" ? (message.kind as Job["kind"]) : old.kind;

  if (message.type === "job.chunk") {
    const index = message.index;
    const url = message.url;
    if (typeof index !== "number" || index < 0 || index > 10_000 || typeof url !== "string") return null;
    const chunks = [...(old.chunks ?? [])];
    chunks[index] = url;
    client.setQueryData<Job>(key, { ...old, chunks, status: isFinal(old) ? old.status : "running" });
    return null;
  }

  const status = isStatus(message.status) ? message.status : message.type === "job.done" ? "succeeded" : "running";
  const outputs = Array.isArray(message.outputs) ? (message.outputs as MediaItem[]) : old.outputs;
  const progress = clampProgress(message.progress) ?? (FINAL_STATUSES.has(status) ? 100 : old.progress);
  const incoming: Job = {
    ...old,
    kind,
    status,
    progress,
    outputs,
    error: message.type === "job.done" ? parseError(message.error) : old.error,
    message: typeof message.message === "string" ? message.message : undefined,
  };
  const merged = mergeJob(old, incoming);
  client.setQueryData<Job>(key, merged);
  return message.type === "job.done" ? merged : null;
}

function refreshLibraries(client: QueryClient, job: Job): void {
  void client.invalidateQueries({ queryKey: mediaKeys.items });
  if (job.kind === "voice_clone") void client.invalidateQueries({ queryKey: mediaKeys.voices });
}

/** Listens to job events while the calling page is shown; finished jobs refresh the libraries. */
export function useJobEvents(): void {
  const client = useQueryClient();
  useEffect(() => {
    const handle = (message: SocketMessage) => {
      const done = applyJobEvent(client, message);
      if (done) refreshLibraries(client, done);
    };
    const stops = ["job.progress", "job.done", "job.chunk"].map((type) => socket.subscribe(type, handle));
    return () => {
      stops.forEach((stop) => {
        stop();
      });
    };
  }, [client]);
}

/** One job, live: socket events while connected, and a poll (faster when the socket is down). */
export function useJob(jobId: string | null) {
  const client = useQueryClient();
  const status = useSocketStatus();
  return useQuery({
    queryKey: mediaKeys.job(jobId ?? ""),
    queryFn: async ({ signal }) => {
      const fresh = await mediaApi.job(jobId ?? "", { signal });
      const old = client.getQueryData<Job>(mediaKeys.job(jobId ?? ""));
      const merged = mergeJob(old, fresh);
      if (isFinal(merged) && !isFinal(old)) refreshLibraries(client, merged);
      return merged;
    },
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (query) => (isFinal(query.state.data) ? false : status === "connected" ? 5000 : 1500),
  });
}
