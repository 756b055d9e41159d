import { useSearchParams } from "react-router";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { AccountsSection } from "./AccountsSection";
import { GeneratorSection } from "./GeneratorSection";
import { SchedulesSection } from "./SchedulesSection";
import { TemplatesSection } from "./TemplatesSection";
import { TriggersSection } from "./TriggersSection";
import { WebhooksSection } from "./WebhooksSection";

const TABS = ["mine", "templates", "generator"] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => (TABS as readonly (string | null)[]).includes(value);

/** `/automations`: one's connected accounts, triggers, schedules and outgoing webhooks; the templates;
 * the generator. The tab (`?tab=`) and the generator's task (`?task=`) live in the address, so
 * `/automatiser` in the chat can land on its draft and a reload keeps it. */
export function AutomationsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get("tab");
  const tab: Tab = isTab(asked) ? asked : "mine";
  const setTab = (name: Tab) => {
    setParams(name === "mine" ? {} : { tab: name }, { replace: true });
  };
  useDocumentTitle(t("automations.title"));
  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="automations-page">
      <header>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("automations.title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("automations.subtitle")}</p>
      </header>
      <div role="tablist" className="flex gap-2 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === name ? "border-indigo-600 text-indigo-700 dark:text-indigo-300" : "border-transparent text-slate-600 dark:text-slate-400"}`}
            onClick={() => {
              setTab(name);
            }}
            data-testid={`automations-tab-${name}`}
          >
            {t(`automations.tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === "templates" ? (
        <TemplatesSection />
      ) : tab === "generator" ? (
        <GeneratorSection
          taskId={params.get("task")}
          onTask={(taskId) => {
            setParams({ tab: "generator", task: taskId });
          }}
        />
      ) : (
        <>
          <AccountsSection />
          <TriggersSection />
          <SchedulesSection />
          <WebhooksSection />
        </>
      )}
    </div>
  );
}
