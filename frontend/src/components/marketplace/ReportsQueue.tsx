// Administrators: a marketplace's open reports, newest first; removing an item (for good) closes its reports.
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { ShieldX } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../Alert";
import { Button } from "../Button";
import { ConfirmButton } from "../ConfirmButton";
import { EmptyState } from "../EmptyState";
import { Spinner } from "../PageStatus";
import { useI18n } from "../../i18n";
import type { RequestOptions } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import type { QueuedReport, ReportQueuePage } from "./reports";

interface Props {
  queryKey: readonly unknown[];
  load: (cursor: string | null, options?: RequestOptions) => Promise<ReportQueuePage>;
  /** Removes the item from the marketplace for good, with the moderator's reason. */
  unpublish: (itemId: string, reason: string) => Promise<unknown>;
  /** Called once an item is removed (refresh what shows it). */
  onRemoved: () => Promise<unknown>;
  question: string;
  /** Prefix of the test ids (`<prefix>-reports`, `<prefix>-report-item`). */
  testId: string;
}

function ReportItem({ report, unpublish, onRemoved, question, testId }: { report: QueuedReport } & Omit<Props, "queryKey" | "load">) {
  const { t, language } = useI18n();
  const [reason, setReason] = useState("");
  const remove = useMutation({ mutationFn: () => unpublish(report.itemId, reason.trim()), onSuccess: onRemoved });
  return (
    <li
      data-testid={`${testId}-report-item`}
      data-item-id={report.itemId}
      className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-semibold text-slate-900 dark:text-white">{report.title}</span>
        <span className="rounded-md bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
          {t(`marketplace.report.reasons.${report.reason}`)}
        </span>
        <span className="text-xs text-slate-500 dark:text-slate-400">{formatDateTime(report.createdAt, language)}</span>
      </div>
      {report.details && <p className="text-sm whitespace-pre-wrap text-slate-700 dark:text-slate-300">{report.details}</p>}
      <div className="flex flex-wrap items-center gap-2">
        <input
          value={reason}
          maxLength={500}
          onChange={(event) => {
            setReason(event.target.value);
          }}
          placeholder={t("marketplace.moderation.reason")}
          aria-label={t("marketplace.moderation.reason")}
          className="min-w-0 flex-1 rounded-lg border-0 bg-white px-3 py-1.5 text-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
        />
        <ConfirmButton
          variant="ghost"
          question={question}
          loading={remove.isPending}
          onConfirm={() => {
            remove.mutate();
          }}
          data-testid="report-unpublish"
        >
          <ShieldX className="size-4" aria-hidden="true" />
          {t("marketplace.moderation.unpublish")}
        </ConfirmButton>
      </div>
      <ProblemError error={remove.error} data-testid="report-error" />
    </li>
  );
}

export function ReportsQueue({ queryKey, load, ...actions }: Props) {
  const { t } = useI18n();
  const reports = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => load(pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  if (reports.isPending) return <Spinner />;
  if (reports.isError) return <ProblemError error={reports.error} data-testid="reports-error" />;
  const items = reports.data.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3" data-testid={`${actions.testId}-reports`}>
      {items.length === 0 ? (
        <EmptyState>{t("marketplace.moderation.empty")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {items.map((report) => (
            <ReportItem key={`${report.itemId}:${report.reporterId}`} report={report} {...actions} />
          ))}
        </ul>
      )}
      {reports.hasNextPage && (
        <Button
          variant="ghost"
          loading={reports.isFetchingNextPage}
          onClick={() => {
            void reports.fetchNextPage();
          }}
        >
          {t("marketplace.more")}
        </Button>
      )}
    </div>
  );
}
