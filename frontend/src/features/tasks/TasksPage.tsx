// The user's tasks, newest first, filtered by kind and status, a page at a time.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useI18n } from "../../i18n";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { SelectField } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { ProblemError } from "../../components/Alert";
import { Spinner } from "../../components/PageStatus";
import { formatCost, formatDateTime } from "../../lib/format";
import { FINISHED_TASK_STATUSES } from "../../lib/taskFrames";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { TASK_KINDS, TASK_STATUSES, tasksApi, tasksKeys } from "./api";
import { TaskKind } from "./TaskKind";
import { TaskStatusBadge } from "./TaskStatusBadge";

const ACTIVE_REFRESH_MS = 2_000;
const IDLE_REFRESH_MS = 10_000;

export function TasksPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("tasks.title"));
  const [kind, setKind] = useState("");
  const [status, setStatus] = useState("");
  const list = useInfiniteQuery({
    queryKey: tasksKeys.list(kind, status),
    queryFn: ({ pageParam, signal }) =>
      tasksApi.list(kind, status, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // The list follows the work it shows: every few seconds while a task runs, and now and then
    // otherwise, for a task started elsewhere (a trigger, a schedule, another tab).
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) =>
        page.items.some((task) => !FINISHED_TASK_STATUSES.has(task.status)),
      )
        ? ACTIVE_REFRESH_MS
        : IDLE_REFRESH_MS,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="mx-auto max-w-4xl space-y-6 p-4 sm:p-6">
      <PageHeader title={t("tasks.title")} subtitle={t("tasks.description")} />
      <div className="flex flex-wrap gap-4">
        <SelectField
          label={t("tasks.filter.kind")}
          value={kind}
          data-testid="filter-kind"
          onChange={(event) => {
            setKind(event.target.value);
          }}
        >
          <option value="">{t("tasks.filter.all")}</option>
          {TASK_KINDS.map((name) => (
            <option key={name} value={name}>
              {t(`tasks.kinds.${name}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t("tasks.filter.status")}
          value={status}
          data-testid="filter-status"
          onChange={(event) => {
            setStatus(event.target.value);
          }}
        >
          <option value="">{t("tasks.filter.all")}</option>
          {TASK_STATUSES.map((name) => (
            <option key={name} value={name}>
              {t(`tasks.status.${name}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {list.isPending && <Spinner />}
      {list.isError && <ProblemError error={list.error} />}
      {list.isSuccess && items.length === 0 && (
        <EmptyState data-testid="tasks-empty">{t("tasks.empty")}</EmptyState>
      )}
      <ul className="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800">
        {items.map((task) => (
          <li
            key={task.task_id}
            data-testid="task-row"
            data-task-id={task.task_id}
          >
            <Link
              to={`/tasks/${task.task_id}`}
              aria-label={`${t("tasks.open")}: ${task.title ?? t("tasks.untitled")}`}
              className="flex flex-wrap items-center gap-3 p-4 hover:bg-slate-50 dark:hover:bg-slate-800"
            >
              <span className="min-w-0 flex-1 truncate font-medium text-slate-900 dark:text-white">
                {task.title ?? t("tasks.untitled")}
              </span>
              <span className="text-xs text-slate-500 dark:text-slate-400">
                <TaskKind kind={task.kind} />
              </span>
              <TaskStatusBadge status={task.status} />
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {t("tasks.created", {
                  date: formatDateTime(task.created_at, language),
                })}
              </span>
              {task.cost_micro_usd > 0 && (
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {t("tasks.cost", {
                    amount: formatCost(task.cost_micro_usd / 1e6),
                  })}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <Button
          variant="secondary"
          data-testid="tasks-more"
          loading={list.isFetchingNextPage}
          onClick={() => {
            void list.fetchNextPage();
          }}
        >
          {t("tasks.more")}
        </Button>
      )}
    </div>
  );
}
