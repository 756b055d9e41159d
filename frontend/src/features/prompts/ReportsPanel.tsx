import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ShieldX } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { promptKeys, promptsApi, type Report } from "./api";
import { EmptyState } from "../../components/EmptyState";

function ReportItem({ report }: { report: Report }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const remove = useMutation({
    mutationFn: () => promptsApi.adminUnpublish(report.prompt_id, reason.trim()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: promptKeys.all }),
  });
  return (
    <li
      data-testid="prompt-report-item"
      data-prompt-id={report.prompt_id}
      className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-semibold text-slate-900 dark:text-white">{report.prompt_title}</span>
        <span className="rounded-md bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
          {t(`prompts.report.reasons.${report.reason}`)}
        </span>
        <span className="text-xs text-slate-500 dark:text-slate-400">{formatDateTime(report.created_at, language)}</span>
      </div>
      {report.details && <p className="text-sm whitespace-pre-wrap text-slate-700 dark:text-slate-300">{report.details}</p>}
      <div className="flex flex-wrap items-center gap-2">
        <input
          value={reason}
          maxLength={500}
          onChange={(event) => {
            setReason(event.target.value);
          }}
          placeholder={t("prompts.moderation.reason")}
          aria-label={t("prompts.moderation.reason")}
          className="min-w-0 flex-1 rounded-lg border-0 bg-white px-3 py-1.5 text-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
        />
        <ConfirmButton
          variant="ghost"
          question={t("prompts.market.admin_question")}
          loading={remove.isPending}
          onConfirm={() => {
            remove.mutate();
          }}
          data-testid="report-unpublish"
        >
          <ShieldX className="size-4" aria-hidden="true" />
          {t("prompts.market.admin_unpublish")}
        </ConfirmButton>
      </div>
      <ProblemError error={remove.error} data-testid="report-error" />
    </li>
  );
}

/** Administrators: the open reports on marketplace prompts, newest first; unpublishing one closes its reports. */
export function ReportsPanel() {
  const { t } = useI18n();
  const reports = useInfiniteQuery({
    queryKey: promptKeys.reports,
    queryFn: ({ pageParam, signal }) => promptsApi.reports(pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  if (reports.isPending) return <Spinner />;
  if (reports.isError) return <ProblemError error={reports.error} data-testid="reports-error" />;
  const items = reports.data.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3" data-testid="prompt-reports">
      {items.length === 0 ? (
        <EmptyState>{t("prompts.moderation.empty")}</EmptyState>
      ) : (
        <ul className="space-y-3">
          {items.map((report) => (
            <ReportItem key={`${report.prompt_id}:${report.reporter_id}`} report={report} />
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
          {t("prompts.more")}
        </Button>
      )}
    </div>
  );
}
