// The generator: a description in French or English becomes an automation draft, checked by the API
// (real components, required props, a dry run) before it can be saved. `/automatiser` in the chat
// lands here with its task already started (`?task=`).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Wand2 } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { LiveTaskOutput } from "../../components/LiveTaskOutput";
import { useI18n } from "../../i18n";
import { automationKeys, automationsApi, missingApps } from "./api";
import { AppAccounts } from "./AppAccounts";
import { draftOutput, propText, type Draft, type DraftOutput } from "./draft";
import { Section } from "./Section";

const MAX_CHARS = 4000;

export function GeneratorSection({ taskId, onTask }: { taskId: string | null; onTask: (taskId: string) => void }) {
  const { t, language } = useI18n();
  const [description, setDescription] = useState("");
  const generate = useMutation({
    mutationFn: () => automationsApi.generate({ description, lang: language }),
    onSuccess: (started) => {
      onTask(started.task_id);
    },
  });
  return (
    <Section title={t("automations.generator.title")} testId="automations-generator">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t("automations.generator.intro")}{" "}
        <Link className="text-indigo-700 hover:underline dark:text-indigo-300" to="/automations/guides/generator" data-testid="automations-generator-guide">
          {t("automations.guides.generator.link")}
        </Link>
      </p>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          generate.mutate();
        }}
      >
        <label className="block text-sm font-medium text-slate-700 dark:text-slate-300" htmlFor="automation-description">
          {t("automations.generator.description")}
        </label>
        <textarea
          id="automation-description"
          className="block w-full rounded-md border border-slate-300 bg-white p-2 text-sm dark:border-slate-700 dark:bg-slate-900"
          rows={3}
          maxLength={MAX_CHARS}
          placeholder={t("automations.generator.placeholder")}
          value={description}
          onChange={(event) => {
            setDescription(event.target.value);
          }}
          data-testid="automations-generator-description"
        />
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" loading={generate.isPending} disabled={description.trim().length < 10} data-testid="automations-generator-submit">
            <Wand2 aria-hidden className="h-4 w-4" />
            {t("automations.generator.submit")}
          </Button>
          <span className="text-xs text-slate-500">{t("automations.generator.hint")}</span>
        </div>
      </form>
      {generate.isError && <ProblemError error={generate.error} />}
      {taskId && (
        <LiveTaskOutput key={taskId} taskId={taskId} running={t("automations.generator.running")} failed={t("automations.generator.failed")}>
          {(output) => {
            const read = draftOutput(output);
            return read ? <DraftResult taskId={taskId} output={read} /> : null;
          }}
        </LiveTaskOutput>
      )}
    </Section>
  );
}

function DraftResult({ taskId, output }: { taskId: string; output: DraftOutput }) {
  const { t } = useI18n();
  if (output.unsupported)
    return (
      <Alert tone="info" data-testid="automations-draft-unsupported">
        {t("automations.generator.unsupported", { reason: output.unsupported })}
      </Alert>
    );
  if (!output.accepted || !output.draft)
    return (
      <Alert tone="error" data-testid="automations-draft-refused">
        <p>{t("automations.generator.refused")}</p>
        <ul className="mt-1 list-disc pl-5">
          {output.problems.map((problem, index) => (
            <li key={index}>
              <span className="font-mono text-xs">{problem.where}</span> — {problem.message}
            </li>
          ))}
        </ul>
      </Alert>
    );
  return <DraftView taskId={taskId} draft={output.draft} apps={output.apps} />;
}

function Starts({ draft }: { draft: Draft }) {
  const { t } = useI18n();
  if (draft.starts_on === "trigger" && draft.trigger) return <>{t("automations.generator.starts_trigger", { key: draft.trigger.component_key })}</>;
  if (draft.starts_on === "schedule" && draft.schedule) {
    const { every, time, date } = draft.schedule;
    return <>{every === "once" ? t("automations.generator.starts_once", { date: date ?? "", time }) : t(`automations.generator.starts_${every}`, { time })}</>;
  }
  return <>{t("automations.generator.starts_manual")}</>;
}

function DraftView({ taskId, draft, apps }: { taskId: string; draft: Draft; apps: string[] }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: automationKeys.accounts, queryFn: automationsApi.accounts });
  const missing = missingApps(apps, accounts.data?.items ?? []);
  const save = useMutation({
    mutationFn: () => automationsApi.installDraft(taskId, { lang: language, accounts: {} }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["automations"] });
    },
  });
  return (
    <article className="space-y-3 rounded-lg bg-indigo-50/50 p-3 ring-1 ring-indigo-200 dark:bg-indigo-950/40 dark:ring-indigo-800" data-testid="automations-draft">
      <h3 className="font-semibold text-slate-900 dark:text-white" data-testid="automations-draft-title">
        {draft.title}
      </h3>
      <p className="text-sm" data-testid="automations-draft-starts">
        <Starts draft={draft} />
      </p>
      <ol className="space-y-2 text-sm">
        {draft.steps.map((step, index) => (
          <li
            key={index}
            className="rounded-md bg-white p-2 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
            data-testid="automations-draft-step"
            data-kind={step.kind}
            data-component={step.component_key ?? undefined}
          >
            <span className="font-medium">
              {index + 1}. {step.kind === "prompt" ? t("automations.generator.step_prompt") : t("automations.generator.step_action", { key: step.component_key ?? "" })}
            </span>
            {step.kind === "prompt" ? (
              <p className="mt-1 whitespace-pre-wrap text-slate-700 dark:text-slate-300">{step.prompt}</p>
            ) : (
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
                {Object.entries(step.props ?? {}).map(([name, value]) => (
                  <div key={name} className="contents">
                    <dt className="font-medium">{name}</dt>
                    <dd className="break-all font-mono">{propText(value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
      {draft.save_to !== "result" && <p className="text-sm">{t(`automations.generator.save_to_${draft.save_to}`)}</p>}
      <AppAccounts apps={apps} accounts={accounts.data?.items ?? []} testId="automations-draft-app" />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          disabled={missing.length > 0 || save.isSuccess}
          loading={save.isPending}
          onClick={() => {
            save.mutate();
          }}
          data-testid="automations-draft-save"
        >
          {t("automations.generator.save")}
        </Button>
        <Button variant="secondary" onClick={() => void accounts.refetch()}>
          {t("automations.accounts.refresh")}
        </Button>
        {missing.length > 0 && <span className="text-xs text-slate-500">{t("automations.templates.connect_first")}</span>}
      </div>
      {save.isSuccess && (
        <Alert tone="success" data-testid="automations-draft-saved">
          {t("automations.generator.saved")}{" "}
          <Link className="underline" to={`/workflows/${save.data.workflow_id}`}>
            {t("automations.templates.open_workflow")}
          </Link>
        </Alert>
      )}
      {save.isError && <ProblemError error={save.error} />}
    </article>
  );
}
