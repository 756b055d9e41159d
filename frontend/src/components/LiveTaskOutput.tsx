// A one-step task an assistant runs (a diagnosis, advice), followed live: a line while it runs, its
// error if it did not finish, else `children` given the step's output.
import type { ReactNode } from "react";
import { FINISHED_TASK_STATUSES } from "../lib/taskFrames";
import { useLiveTask } from "../lib/useLiveTask";
import { ProblemError } from "./Alert";

export function LiveTaskOutput({
  taskId,
  running,
  failed,
  children,
}: {
  taskId: string;
  running: string;
  failed: string;
  children: (output: Record<string, unknown>) => ReactNode;
}) {
  const live = useLiveTask(taskId);
  const task = live.task;
  if (live.error) return <ProblemError error={live.error} />;
  if (!task || !FINISHED_TASK_STATUSES.has(task.status))
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400" data-testid="live-task-running">
        {running}
      </p>
    );
  const output = task.steps[0]?.output;
  if (task.status !== "succeeded" || typeof output !== "object" || output === null)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="live-task-failed">
        {failed} {task.error?.message}
      </p>
    );
  return <>{children(output as Record<string, unknown>)}</>;
}
