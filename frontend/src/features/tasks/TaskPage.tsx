// One task, live: its steps as they move (useLiveTask), and what its owner may do — cancel it,
// decide on a step waiting for approval (optionally editing its output), retry a failed step, run
// the finished task again from a step with its input edited, ask why it failed (the troubleshooter).
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useI18n } from "../../i18n";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { controlClasses } from "../../components/controls";
import { PageHeader } from "../../components/PageHeader";
import { Spinner } from "../../components/PageStatus";
import { TaskSteps } from "../../components/TaskSteps";
import { ApiError } from "../../lib/api";
import { formatCost } from "../../lib/format";
import {
  FINISHED_TASK_STATUSES,
  type TaskDetail,
  type TaskStepOut,
} from "../../lib/taskFrames";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useLiveTask } from "../../lib/useLiveTask";
import { parseJson, tasksApi } from "./api";
import { DecisionForm } from "./DecisionForm";
import { Diagnosis } from "./Diagnosis";
import { TaskKind } from "./TaskKind";
import { TaskStatusBadge } from "./TaskStatusBadge";

function RerunForm({
  step,
  onRerun,
}: {
  step: TaskStepOut;
  onRerun: (input: Record<string, unknown>) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() =>
    JSON.stringify(step.input ?? {}, null, 2),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const parsed = parseJson(text);
  const input =
    parsed &&
    typeof parsed.value === "object" &&
    parsed.value !== null &&
    !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : null;
  return (
    <form
      className="w-full space-y-2"
      data-testid="rerun-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!input) return;
        setBusy(true);
        setError(null);
        onRerun(input)
          .catch((caught: unknown) => {
            setError(caught);
          })
          .finally(() => {
            setBusy(false);
          });
      }}
    >
      <label className="block text-sm">
        <span className="text-slate-700 dark:text-slate-300">
          {t("tasks.rerun_input")}
        </span>
        <textarea
          rows={4}
          value={text}
          data-testid="rerun-input"
          aria-invalid={!input}
          onChange={(event) => {
            setText(event.target.value);
          }}
          className={`${controlClasses} mt-1 w-full font-mono text-xs`}
        />
      </label>
      {!input && (
        <p className="text-xs text-red-700 dark:text-red-400">
          {t("tasks.invalid_json")}
        </p>
      )}
      <Button
        type="submit"
        variant="secondary"
        loading={busy}
        disabled={!input}
        data-testid="rerun-submit"
      >
        {t("tasks.rerun_submit")}
      </Button>
      {error !== null && <ProblemError error={error} />}
    </form>
  );
}

function StepActions({
  task,
  step,
  onTask,
}: {
  task: TaskDetail;
  step: TaskStepOut;
  onTask: (task: TaskDetail) => void;
}) {
  const { t } = useI18n();
  const [rerunning, setRerunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const finished = FINISHED_TASK_STATUSES.has(task.status);
  const previous = task.steps.filter((s) =>
    task.plan.find((p) => p.id === step.step_id)?.after?.includes(s.step_id),
  );
  const draft = previous.length
    ? Object.fromEntries(previous.map((s) => [s.step_id, s.output]))
    : step.input;
  return (
    <>
      {step.status === "waiting_approval" && !finished && (
        <DecisionForm
          draft={draft}
          onDecide={(decision, edit) =>
            tasksApi
              .decide(task.task_id, step.step_id, decision, edit)
              .then(onTask)
          }
        />
      )}
      {step.status === "failed" && task.status === "failed" && (
        <Button
          variant="secondary"
          data-testid="retry"
          onClick={() => {
            tasksApi.retry(task.task_id, step.step_id).then(onTask, setError);
          }}
        >
          {t("tasks.retry")}
        </Button>
      )}
      {finished && step.status !== "pending" && !rerunning && (
        <Button
          variant="ghost"
          data-testid="rerun"
          onClick={() => {
            setRerunning(true);
          }}
        >
          {t("tasks.rerun")}
        </Button>
      )}
      {finished && rerunning && (
        <RerunForm
          step={step}
          onRerun={(input) =>
            tasksApi.rerun(task.task_id, step.step_id, input).then((next) => {
              setRerunning(false);
              onTask(next);
            })
          }
        />
      )}
      {error !== null && <ProblemError error={error} />}
    </>
  );
}

export function TaskPage() {
  const { t } = useI18n();
  const { taskId = "" } = useParams();
  const live = useLiveTask(taskId);
  const task = live.task;
  useDocumentTitle(task?.title ?? t("tasks.title"));
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const back = (
    <Link
      to="/tasks"
      className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
    >
      ← {t("tasks.back")}
    </Link>
  );
  if (live.error instanceof ApiError && live.error.status === 404) {
    return (
      <div className="mx-auto max-w-4xl space-y-4 p-4 sm:p-6">
        {back}
        <p data-testid="task-not-found">{t("tasks.not_found")}</p>
      </div>
    );
  }
  if (!task) {
    return live.error ? <ProblemError error={live.error} /> : <Spinner />;
  }
  const cost = formatCost(task.cost_micro_usd / 1e6);
  return (
    <div
      className="mx-auto max-w-4xl space-y-6 p-4 sm:p-6"
      data-testid="task-page"
    >
      {back}
      <PageHeader
        title={task.title ?? t("tasks.untitled")}
        subtitle={
          <span className="flex flex-wrap items-center gap-3">
            <TaskStatusBadge status={task.status} />
            <span>
              <TaskKind kind={task.kind} />
            </span>
            <span data-testid="task-cost">
              {task.budget_micro_usd === null
                ? t("tasks.cost", { amount: cost })
                : t("tasks.budget", {
                    amount: cost,
                    budget: formatCost(task.budget_micro_usd / 1e6),
                  })}
            </span>
          </span>
        }
        actions={
          !FINISHED_TASK_STATUSES.has(task.status) && (
            <ConfirmButton
              variant="danger"
              data-testid="cancel-task"
              question={t("tasks.cancel_confirm")}
              loading={cancelling}
              onConfirm={() => {
                setCancelling(true);
                tasksApi
                  .cancel(task.task_id)
                  .then(live.replace, setError)
                  .finally(() => {
                    setCancelling(false);
                  });
              }}
            >
              {t("tasks.cancel")}
            </ConfirmButton>
          )
        }
      />
      {task.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {task.error.message}{" "}
          <span className="font-mono text-xs">({task.error.code})</span>
        </p>
      )}
      {error !== null && <ProblemError error={error} />}
      <Diagnosis task={task} />
      <TaskSteps
        steps={task.steps}
        deltas={live.deltas}
        actions={(step) => (
          <StepActions task={task} step={step} onTask={live.replace} />
        )}
      />
    </div>
  );
}
