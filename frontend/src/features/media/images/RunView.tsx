import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import type { MediaItem } from "../api";
import { isFinal, useJob } from "../jobs";
import { JobProgress } from "../JobProgress";
import { JobFailure, MediaProblem } from "../MediaError";
import { ImageCard } from "./ImageCard";
import type { Run, RunJob } from "./runs";

interface Handlers {
  modelName: (id: string) => string;
  canVary: (model: string) => boolean;
  canEdit: (model: string) => boolean;
  onVary: (item: MediaItem) => void;
  onEdit: (item: MediaItem) => void;
}

function JobColumn({ entry, handlers }: { entry: RunJob; handlers: Handlers }) {
  const { t } = useI18n();
  const job = useJob(entry.jobId);
  const name = handlers.modelName(entry.model);
  const data = job.data;
  return (
    <section
      className="min-w-0 space-y-3 rounded-2xl bg-slate-50 p-3 ring-1 ring-slate-200 dark:bg-slate-900/60 dark:ring-slate-800"
      data-testid="image-job"
      data-model={entry.model}
      data-status={entry.error ? "failed" : (data?.status ?? "queued")}
    >
      <h3 className="truncate text-sm font-semibold text-slate-900 dark:text-white">{name}</h3>
      {entry.error ? (
        <MediaProblem error={entry.error} />
      ) : !data ? (
        job.isError ? <MediaProblem error={job.error} /> : <Spinner />
      ) : (
        <>
          {(!isFinal(data) || data.status === "succeeded") && <JobProgress job={data} />}
          {(data.status === "failed" || data.status === "cancelled") && (
            <JobFailure error={data.error} cancelled={data.status === "cancelled"} />
          )}
          {data.outputs.length > 0 && (
            <div className="grid gap-3">
              {data.outputs.map((item) => (
                <ImageCard
                  key={item.media_id}
                  item={item}
                  modelName={name}
                  onVary={handlers.canVary(item.model || entry.model) ? handlers.onVary : undefined}
                  onEdit={handlers.canEdit(item.model || entry.model) ? handlers.onEdit : undefined}
                />
              ))}
            </div>
          )}
          {data.status === "succeeded" && data.outputs.length === 0 && (
            <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="image-job-empty">
              {data.removed ? t("media.images.all_deleted") : t("media.images.no_output")}
            </p>
          )}
        </>
      )}
    </section>
  );
}

const COLUMNS: Record<number, string> = { 1: "", 2: "sm:grid-cols-2", 3: "sm:grid-cols-2 lg:grid-cols-3" };

/** The jobs of one request, side by side (one column per model), each with its own progress. */
export function RunView({ run, handlers }: { run: Run; handlers: Handlers }) {
  const { t } = useI18n();
  return (
    <article className="space-y-3" data-testid="image-run" data-group-id={run.groupId}>
      <header className="text-sm text-slate-600 dark:text-slate-400">
        <span className="font-semibold text-slate-800 dark:text-slate-200">{t(`media.images.run_kind.${run.kind}`)}</span>
        {run.prompt && <span className="break-words"> · {run.prompt}</span>}
      </header>
      <div className={`grid gap-4 ${COLUMNS[run.jobs.length] ?? "sm:grid-cols-2 xl:grid-cols-4"}`}>
        {run.jobs.map((entry, index) => (
          <JobColumn key={entry.jobId ?? `${entry.model}-${index}`} entry={entry} handlers={handlers} />
        ))}
      </div>
    </article>
  );
}

export type { Handlers as RunHandlers };
