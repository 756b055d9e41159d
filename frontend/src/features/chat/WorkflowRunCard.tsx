// A workflow run started from the chat: a compact card moved on by the run's task frames, with its
// result once it is done and a link to the run.
import { Workflow } from "lucide-react";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { formatCost } from "../../lib/format";
import { FINISHED_TASK_STATUSES } from "../../lib/taskFrames";
import { useLiveTask } from "../../lib/useLiveTask";
import type { ShownRun } from "./useWorkflowRuns";

function resultText(output: unknown): string {
  if (output && typeof output === "object" && "text" in output && typeof output.text === "string") return output.text;
  return output == null ? "" : JSON.stringify(output);
}

export function WorkflowRunCard({ run }: { run: ShownRun }) {
  const { t } = useI18n();
  const live = useLiveTask(run.runId);
  const task = live.task;
  const done = task !== null && FINISHED_TASK_STATUSES.has(task.status);
  const finished = task?.steps.filter((step) => step.status === "succeeded").length ?? 0;
  const last = done ? [...task.steps].reverse().find((step) => step.status === "succeeded" && step.output != null) : undefined;
  return (
    <article
      data-testid="workflow-run-card"
      data-status={task?.status ?? "queued"}
      className="space-y-1 rounded-xl bg-white p-3 text-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
    >
      <header className="flex flex-wrap items-center gap-2">
        <Workflow className="size-4 text-indigo-600" aria-hidden="true" />
        <span className="font-semibold text-slate-900 dark:text-white">{run.title}</span>
        <span className="text-xs text-slate-500" data-testid="workflow-run-status">
          {t("chat.workflow.status", { status: t(`tasks.status.${task?.status ?? "queued"}`) })}
          {task &&
            ` · ${t("chat.workflow.progress", { done: finished, total: task.plan.length })} · ${formatCost(task.cost_micro_usd / 1e6)}`}
        </span>
        <TextLink to={`/tasks/${run.runId}`} className="ml-auto text-xs">
          {t("chat.workflow.open_run")}
        </TextLink>
      </header>
      {last && (
        <p className="line-clamp-6 whitespace-pre-wrap text-slate-700 dark:text-slate-300" data-testid="workflow-run-result">
          {resultText(last.output)}
        </p>
      )}
    </article>
  );
}
