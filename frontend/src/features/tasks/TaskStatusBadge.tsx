import { useI18n } from "../../i18n";
import type { TaskStatus } from "../../lib/taskFrames";

const TONES: Record<TaskStatus, string> = {
  queued: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  running:
    "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300",
  waiting_approval:
    "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  waiting_schedule: "bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  succeeded:
    "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  failed: "bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300",
  cancelled:
    "bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400",
  budget_exceeded:
    "bg-orange-50 text-orange-800 dark:bg-orange-950 dark:text-orange-300",
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <span
      data-testid="task-status"
      data-status={status}
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${TONES[status]}`}
    >
      {t(`tasks.status.${status}`)}
    </span>
  );
}
