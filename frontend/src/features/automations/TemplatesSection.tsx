import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { automationKeys, automationsApi, missingApps, type ConnectedAccount, type Template } from "./api";
import { AdviceBlock } from "./AdviceBlock";
import { AppAccounts } from "./AppAccounts";
import { Section } from "./Section";

// The templates, apps and settings the catalogue has words for (a template the API adds later is
// shown once its texts are in the catalogue).
const TEMPLATE_IDS = ["gmail-summary", "form-lead", "rss-blog", "slack-digest", "calendar-brief", "stripe-thanks"] as const;
const SETTINGS = ["channel", "form", "sheet", "feed", "calendar", "to"] as const;
type TemplateId = (typeof TEMPLATE_IDS)[number];
type SettingName = (typeof SETTINGS)[number];

const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** The six templates: the accounts each needs (connected or to connect), its settings, and a
 * one-click install that creates its workflow and the trigger or schedule starting it. */
export function TemplatesSection() {
  const { t, language } = useI18n();
  const templates = useQuery({
    queryKey: automationKeys.templates(language),
    queryFn: () => automationsApi.templates(language),
  });
  const accounts = useQuery({
    queryKey: automationKeys.accounts,
    queryFn: automationsApi.accounts,
  });
  return (
    <Section
      title={t("automations.templates.title")}
      testId="automations-templates"
      action={
        <Button variant="secondary" onClick={() => void accounts.refetch()} data-testid="automations-templates-refresh">
          {t("automations.accounts.refresh")}
        </Button>
      }
    >
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t("automations.templates.intro")}{" "}
        <Link className="text-indigo-700 hover:underline dark:text-indigo-300" to="/automations/guides/troubleshooter" data-testid="automations-troubleshooter-guide">
          {t("automations.guides.troubleshooter.link")}
        </Link>
      </p>
      <AdviceBlock />
      <ul className="grid gap-3 sm:grid-cols-2">
        {templates.data?.items.map((template) =>
          known(TEMPLATE_IDS, template.template_id) ? (
            <TemplateCard key={template.template_id} id={template.template_id} template={template} accounts={accounts.data?.items ?? []} />
          ) : null,
        )}
      </ul>
      {templates.isError && <ProblemError error={templates.error} />}
    </Section>
  );
}

function TemplateCard({ id, template, accounts }: { id: TemplateId; template: Template; accounts: readonly ConnectedAccount[] }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [settings, setSettings] = useState<Record<string, string>>({});
  const missing = missingApps(template.apps, accounts);
  const install = useMutation({
    mutationFn: () =>
      automationsApi.installTemplate(template.template_id, {
        lang: language,
        accounts: {},
        settings,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["automations"] });
    },
  });
  const fields = template.settings.filter((setting): setting is typeof setting & { name: SettingName } => known(SETTINGS, setting.name));

  return (
    <li
      className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      data-testid={`automations-template-${template.template_id}`}
    >
      <h3 className="font-semibold text-slate-900 dark:text-white">{t(`automations.templates.items.${id}.title`)}</h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t(`automations.templates.items.${id}.description`)}</p>
      <p className="text-xs text-slate-500">
        {template.starts_on === "schedule" ? t("automations.templates.on_schedule") : t("automations.templates.on_trigger")}
      </p>
      <AppAccounts apps={template.apps} accounts={accounts} testId="automations-template-app" />
      {fields.map((setting) => (
        <TextField
          key={setting.name}
          label={t(`automations.templates.settings.${setting.name}`)}
          value={settings[setting.name] ?? setting.default}
          maxLength={500}
          onChange={(event) => {
            setSettings({ ...settings, [setting.name]: event.target.value });
          }}
          data-testid={`automations-template-setting-${setting.name}`}
        />
      ))}
      <div className="mt-auto flex flex-wrap items-center gap-2">
        <Button
          disabled={missing.length > 0 || install.isSuccess}
          loading={install.isPending}
          onClick={() => {
            install.mutate();
          }}
          data-testid="automations-template-install"
        >
          {t("automations.templates.install")}
        </Button>
        {missing.length > 0 && <span className="text-xs text-slate-500">{t("automations.templates.connect_first")}</span>}
        <Link
          className="ml-auto text-sm text-indigo-700 hover:underline dark:text-indigo-300"
          to={`/automations/guides/${template.template_id}`}
          data-testid="automations-template-guide"
        >
          {t("automations.guides.guide")}
        </Link>
      </div>
      {install.isSuccess && (
        <Alert tone="success" data-testid="automations-template-installed">
          {t("automations.templates.installed")}{" "}
          <Link className="underline" to={`/workflows/${install.data.workflow_id}`}>
            {t("automations.templates.open_workflow")}
          </Link>
        </Alert>
      )}
      {install.isError && <ProblemError error={install.error} />}
    </li>
  );
}
