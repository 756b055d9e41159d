// `/automations/guides/:guideId`: a template's guide, written by the API from the template itself
// (what starts it, the accounts it needs, each step, its settings), or an assistant's guide (the
// troubleshooter, the advisor, the generator).
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { PageHeader } from "../../components/PageHeader";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { automationKeys, automationsApi } from "./api";

const ASSISTANTS = ["troubleshooter", "advisor", "generator"] as const;
type Assistant = (typeof ASSISTANTS)[number];
const isAssistant = (id: string): id is Assistant => (ASSISTANTS as readonly string[]).includes(id);

function Back() {
  const { t } = useI18n();
  return (
    <Link to="/automations" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
      ← {t("automations.guides.back")}
    </Link>
  );
}

function Block({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h2 className="text-base font-semibold text-slate-900 dark:text-white">{title}</h2>
      {children}
    </section>
  );
}

function AssistantGuide({ name }: { name: Assistant }) {
  const { t } = useI18n();
  useDocumentTitle(t(`automations.guides.${name}.title`));
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-4 sm:p-6" data-testid={`guide-${name}`}>
      <Back />
      <PageHeader title={t(`automations.guides.${name}.title`)} />
      <div className="space-y-3 text-sm text-slate-700 dark:text-slate-300">
        <p>{t(`automations.guides.${name}.intro`)}</p>
        <p>{t(`automations.guides.${name}.how`)}</p>
        <p>{t(`automations.guides.${name}.model`)}</p>
      </div>
    </div>
  );
}

function TemplateGuide({ id }: { id: string }) {
  const { t, language } = useI18n();
  const guide = useQuery({
    queryKey: automationKeys.guide(id, language),
    queryFn: () => automationsApi.guide(id, language),
    retry: false,
  });
  useDocumentTitle(guide.data ? t("automations.guides.title", { title: guide.data.title }) : t("automations.title"));
  if (guide.isPending) return <Spinner />;
  if (guide.isError)
    return (
      <div className="mx-auto max-w-3xl space-y-4 p-4 sm:p-6">
        <Back />
        {guide.error instanceof ApiError && guide.error.status === 404 ? (
          <p data-testid="guide-not-found">{t("automations.guides.not_found")}</p>
        ) : (
          <ProblemError error={guide.error} />
        )}
      </div>
    );
  const data = guide.data;
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-4 sm:p-6" data-testid="guide">
      <Back />
      <PageHeader title={t("automations.guides.title", { title: data.title })} subtitle={data.description} />
      <Block title={t("automations.guides.starts")}>
        <p className="text-sm" data-testid="guide-starts">
          {data.starts}
        </p>
      </Block>
      <Block title={t("automations.guides.needs")}>
        {data.apps.length === 0 ? (
          <p className="text-sm text-slate-500">{t("automations.guides.no_account")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2 text-sm">
            {data.apps.map((app) => (
              <li key={app} className="rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs dark:bg-slate-800">
                {app}
              </li>
            ))}
          </ul>
        )}
      </Block>
      <Block title={t("automations.guides.steps")}>
        <ol className="space-y-3">
          {data.steps.map((step, index) => (
            <li
              key={step.id}
              className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
              data-testid="guide-step"
              data-type={step.type}
            >
              <span className="font-semibold">
                {index + 1}. {step.label}
              </span>
              <p className="mt-1 whitespace-pre-wrap text-slate-700 dark:text-slate-300">{step.detail}</p>
            </li>
          ))}
        </ol>
      </Block>
      <Block title={t("automations.guides.settings")}>
        {data.settings.length === 0 ? (
          <p className="text-sm text-slate-500">{t("automations.guides.no_settings")}</p>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {data.settings.map((setting) => (
              <div key={setting.name} className="contents">
                <dt className="font-medium">{setting.label}</dt>
                <dd className="font-mono text-xs">{setting.default}</dd>
              </div>
            ))}
          </dl>
        )}
      </Block>
      <Block title={t("automations.guides.try")}>
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("automations.guides.try_text")}</p>
      </Block>
    </div>
  );
}

export function GuidePage() {
  const { guideId = "" } = useParams();
  return isAssistant(guideId) ? <AssistantGuide name={guideId} /> : <TemplateGuide id={guideId} />;
}
