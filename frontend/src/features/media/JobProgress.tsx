import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ProgressBar } from "../../components/ProgressBar";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { mediaApi, mediaKeys, type Job } from "./api";
import { MediaProblem } from "./MediaError";

/** A job's bar and status line, with "Cancel" while it waits in the queue. */
export function JobProgress({ job }: { job: Job }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => mediaApi.cancelJob(job.job_id),
    onSuccess: (fresh) => {
      client.setQueryData(mediaKeys.job(job.job_id), { ...fresh, chunks: job.chunks });
    },
  });
  const tone = job.status === "failed" ? "error" : job.status === "succeeded" ? "success" : "active";
  const value = job.status === "succeeded" ? 100 : job.status === "queued" && job.progress === 0 ? null : job.progress;
  return (
    <div className="space-y-1.5" data-testid="job-status" data-status={job.status} data-progress={job.progress}>
      <ProgressBar value={value} tone={tone} label={t("media.job.progress_label")} data-testid="job-progress" />
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span aria-live="polite">
          {t(`media.job.status.${job.status}`)}
          {job.status === "running" && ` · ${Math.round(job.progress)} %`}
        </span>
        {job.status === "queued" && (
          <Button variant="ghost" className="px-2 py-1 text-xs" loading={cancel.isPending} onClick={() => cancel.mutate()} data-testid="job-cancel">
            {t("media.job.cancel")}
          </Button>
        )}
      </div>
      <MediaProblem error={cancel.error} />
    </div>
  );
}
