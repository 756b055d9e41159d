// A task's steps as a timeline: each step's status, attempt, cost, error, streamed text and
// result. Pages add their own actions to a step (approve, retry…) through `actions`.
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { formatCost, formatDateTime } from "../lib/format";
import type { StepStatus, TaskStepOut } from "../lib/taskFrames";

const TONES: Record<StepStatus, string> = {
  pending:
    "bg-slate-100 text-slate-600 ring-slate-200 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-700",
  running:
    "bg-indigo-50 text-indigo-700 ring-indigo-200 dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-800",
  waiting_approval:
    "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  waiting_schedule:
    "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800",
  succeeded:
    "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  failed:
    "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  cancelled:
    "bg-slate-100 text-slate-500 ring-slate-200 dark:bg-slate-800 dark:text-slate-400 dark:ring-slate-700",
  skipped:
    "bg-slate-50 text-slate-400 ring-slate-200 line-through dark:bg-slate-900 dark:text-slate-500 dark:ring-slate-800",
};

/** A step's status as a small coloured badge. */
export function StepStatusBadge({ status }: { status: StepStatus }) {
  const { t } = useI18n();
  return (
    <span
      data-testid="step-status"
      data-status={status}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status]}`}
    >
      {t(`tasks.step.status.${status}`)}
    </span>
  );
}

function Json({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 max-h-64 overflow-auto rounded-lg bg-slate-50 p-2 text-xs text-slate-800 dark:bg-slate-950 dark:text-slate-200">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export interface TaskStepsProps {
  steps: TaskStepOut[];
  /** Streamed model text per step id (from `useLiveTask`). */
  deltas?: Record<string, string>;
  /** What a page offers on a step (approve, retry, re-run…). */
  actions?: (step: TaskStepOut) => ReactNode;
}

export function TaskSteps({ steps, deltas = {}, actions }: TaskStepsProps) {
  const { t, language } = useI18n();
  return (
    <ol
      aria-label={t("tasks.step.list")}
      className="relative space-y-3 border-l border-slate-200 pl-5 dark:border-slate-800"
    >
      {steps.map((step) => (
        <li
          key={step.step_id}
          data-testid={`step-${step.step_id}`}
          data-status={step.status}
          className="relative"
        >
          <span
            aria-hidden="true"
            className="absolute top-2 -left-[1.6rem] size-2.5 rounded-full bg-slate-300 ring-4 ring-white dark:bg-slate-600 dark:ring-slate-900"
          />
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm font-medium text-slate-900 dark:text-white">
              {step.step_id}
            </span>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {step.kind}
            </span>
            <StepStatusBadge status={step.status} />
            {step.attempt > 1 && (
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {t("tasks.step.attempt", { n: step.attempt })}
              </span>
            )}
            {step.cost_micro_usd > 0 && (
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {formatCost(step.cost_micro_usd / 1e6)}
              </span>
            )}
            {step.latency_ms !== null && (
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {t("tasks.step.latency", { ms: step.latency_ms })}
              </span>
            )}
          </div>
          {step.status === "waiting_schedule" && step.resume_at && (
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              {t("tasks.step.resume_at", {
                date: formatDateTime(step.resume_at, language),
              })}
            </p>
          )}
          {step.error && (
            <p
              role="alert"
              className="mt-1 text-sm text-red-700 dark:text-red-400"
            >
              {step.error.message}{" "}
              <span className="font-mono text-xs">({step.error.code})</span>
            </p>
          )}
          {step.status === "running" && deltas[step.step_id] && (
            <p
              data-testid="step-delta"
              className="mt-1 text-sm whitespace-pre-wrap text-slate-700 dark:text-slate-300"
            >
              {deltas[step.step_id]}
            </p>
          )}
          {step.status === "succeeded" &&
            step.output !== null &&
            step.output !== undefined && (
              <details className="mt-1 text-sm">
                <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
                  {t("tasks.step.output")}
                </summary>
                <Json value={step.output} />
              </details>
            )}
          {actions && (
            <div className="mt-2 flex flex-wrap gap-2">{actions(step)}</div>
          )}
        </li>
      ))}
    </ol>
  );
}

/** A JSON value shown as formatted text (for inputs and outputs). */
export function JsonBlock({ value }: { value: unknown }) {
  return <Json value={value} />;
}
