/** One request of the studio: the jobs it started, one per model, shown side by side. */
export interface RunJob {
  model: string;
  jobId: string | null;
  /** The POST itself failed (problem+json): no job exists for this model. */
  error?: unknown;
}

export interface Run {
  groupId: string;
  kind: "generate" | "variation" | "edit";
  prompt: string;
  jobs: RunJob[];
}

/** Runs read back from session storage: only the jobs that exist (a refused POST is not kept). */
export function restoreRuns(value: unknown): Run[] | null {
  if (!Array.isArray(value)) return null;
  const runs: Run[] = [];
  for (const entry of value as Partial<Run>[]) {
    if (typeof entry.groupId !== "string" || !Array.isArray(entry.jobs)) continue;
    if (entry.kind !== "generate" && entry.kind !== "variation" && entry.kind !== "edit") continue;
    const jobs = entry.jobs.filter(
      (job): job is RunJob => typeof job.model === "string" && typeof job.jobId === "string" && /^[0-9a-f]{32}$/.test(job.jobId),
    );
    if (jobs.length > 0) runs.push({ groupId: entry.groupId, kind: entry.kind, prompt: typeof entry.prompt === "string" ? entry.prompt : "", jobs });
  }
  return runs;
}

/** Starts one job per model at once; a refused model keeps its error instead of a job. */
export async function startJobs(
  models: string[],
  start: (model: string) => Promise<{ job_id: string }>,
): Promise<RunJob[]> {
  const settled = await Promise.allSettled(models.map((model) => start(model)));
  return settled.map((result, index) => {
    const model = models[index] ?? "";
    return result.status === "fulfilled" ? { model, jobId: result.value.job_id } : { model, jobId: null, error: result.reason as unknown };
  });
}
