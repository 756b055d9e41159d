// Job state lives in the query cache under `["media","job",id]`: WebSocket events (`job.progress`,
// `job.done`, `job.chunk`) write into it as they arrive, and a slow poll of GET /api/media/jobs/{id}
// covers events missed while the socket was down.
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { socket, useSocketStatus, type SocketMessage } from "../../lib/ws";
import { isJobFrame } from "../../generated/jobFrames";
import { FINAL_STATUSES, mediaApi, mediaKeys, type Job } from "./api";

export function isFinal(job: Pick<Job, "status"> | undefined): boolean {
  return job !== undefined && FINAL_STATUSES.has(job.status);
}

function placeholder(jobId: string): Job {
  return {
    job_id: jobId,
    kind: "image",
    model: "",
    status: "queued",
    progress: 0,
    params: {},
    error: null,
    outputs: [],
    created_at: "",
    updated_at: "",
  };
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

/** Takes a deleted item out of every job that showed it. */
export function forgetOutput(client: QueryClient, mediaId: string): void {
  client.setQueriesData<Job>({ queryKey: ["media", "job"] }, (job) => {
    if (!job?.outputs.some((item) => item.media_id === mediaId)) return job;
    return { ...job, outputs: job.outputs.filter((item) => item.media_id !== mediaId), removed: (job.removed ?? 0) + 1 };
  });
}

/** Applies one socket frame to the cache; returns the job when the frame finished it. */
export function applyJobEvent(client: QueryClient, message: unknown): Job | null {
  if (!isJobFrame(message)) return null;
  const key = mediaKeys.job(message.job_id);
  const old = client.getQueryData<Job>(key) ?? placeholder(message.job_id);

  if (message.type === "job.chunk") {
    // A chunk's place in a sparse list: an absurd index would allocate it all.
    if (message.index < 0 || message.index > 10_000) return null;
    const chunks = [...(old.chunks ?? [])];
    chunks[message.index] = message.url;
    client.setQueryData<Job>(key, { ...old, chunks, status: isFinal(old) ? old.status : "running" });
    return null;
  }

  const done = message.type === "job.done";
  const incoming: Job = {
    ...old,
    kind: message.kind,
    status: message.status,
    progress: done ? (FINAL_STATUSES.has(message.status) ? 100 : old.progress) : message.progress,
    outputs: done ? message.outputs : old.outputs,
    error: done ? message.error : old.error,
    message: done ? undefined : (message.message ?? undefined),
  };
  const merged = mergeJob(old, incoming);
  client.setQueryData<Job>(key, merged);
  return done ? merged : null;
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
