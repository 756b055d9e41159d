import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { AccountsSection } from "./AccountsSection";
import { SchedulesSection } from "./SchedulesSection";
import { TriggersSection } from "./TriggersSection";
import { WebhooksSection } from "./WebhooksSection";

/** `/automations`: connected accounts, triggers, schedules and outgoing webhooks. */
export function AutomationsPage() {
  const { t } = useI18n();
  useDocumentTitle(t("automations.title"));
  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="automations-page">
      <header>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("automations.title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("automations.subtitle")}</p>
      </header>
      <AccountsSection />
      <TriggersSection />
      <SchedulesSection />
      <WebhooksSection />
    </div>
  );
}
