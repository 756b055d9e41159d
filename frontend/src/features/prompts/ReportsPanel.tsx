// Administrators: the open reports on marketplace prompts (the marketplaces' shared moderation queue).
import { useQueryClient } from "@tanstack/react-query";
import { ReportsQueue } from "../../components/marketplace/ReportsQueue";
import { useI18n } from "../../i18n";
import type { RequestOptions } from "../../lib/api";
import { promptKeys, promptsApi } from "./api";

async function loadReports(cursor: string | null, options?: RequestOptions) {
  const page = await promptsApi.reports(cursor, options);
  return {
    next_cursor: page.next_cursor,
    items: page.items.map((report) => ({
      itemId: report.prompt_id,
      title: report.prompt_title,
      reporterId: report.reporter_id,
      reason: report.reason,
      details: report.details,
      createdAt: report.created_at,
    })),
  };
}

export function ReportsPanel() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return (
    <ReportsQueue
      queryKey={promptKeys.reports}
      load={loadReports}
      unpublish={(id, reason) => promptsApi.adminUnpublish(id, reason)}
      onRemoved={() => queryClient.invalidateQueries({ queryKey: promptKeys.all })}
      question={t("prompts.market.admin_question")}
      testId="prompt"
    />
  );
}
