// The advisor: "Suggest automations" starts an advice task (the templates the user's recent
// conversations and tasks call for, each with the titles that did), followed live here.
import { Lightbulb } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { endpoint } from "../../lib/api";
import { LiveTaskOutput } from "../../components/LiveTaskOutput";

interface Suggestion {
  template_id: string;
  title: string;
  because: string[];
}

function isSuggestion(value: unknown): value is Suggestion {
  return typeof value === "object" && value !== null && "template_id" in value && "because" in value;
}

function AdviceResult({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  return (
    <LiveTaskOutput taskId={taskId} running={t("automations.advice.running")} failed={t("automations.advice.failed")}>
      {(output) => <AdviceOutput output={output} />}
    </LiveTaskOutput>
  );
}

function AdviceOutput({ output }: { output: Record<string, unknown> }) {
  const { t } = useI18n();
  const suggestions = Array.isArray(output.suggestions) ? output.suggestions.filter(isSuggestion) : [];
  return (
    <div className="space-y-2" data-testid="advice-result">
      <p className="whitespace-pre-wrap text-sm text-slate-700 dark:text-slate-300" data-testid="advice-explanation">
        {typeof output.explanation === "string" ? output.explanation : ""}
      </p>
      <ul className="space-y-2">
        {suggestions.map((suggestion) => (
          <li
            key={suggestion.template_id}
            className="rounded-lg bg-indigo-50 p-2 text-sm ring-1 ring-indigo-200 dark:bg-indigo-950 dark:ring-indigo-800"
            data-testid="advice-suggestion"
            data-template-id={suggestion.template_id}
          >
            <span className="font-medium">{suggestion.title}</span>{" "}
            <Link className="text-indigo-700 hover:underline dark:text-indigo-300" to={`/automations/guides/${suggestion.template_id}`}>
              {t("automations.advice.guide")}
            </Link>
            <span className="block text-xs text-slate-600 dark:text-slate-400">
              {t("automations.advice.because", { titles: suggestion.because.join(" · ") })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AdviceBlock() {
  const { t, language } = useI18n();
  const [taskId, setTaskId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="advice">
      <h3 className="flex items-center gap-2 font-semibold text-slate-900 dark:text-white">
        <Lightbulb className="size-4 text-amber-500" aria-hidden="true" />
        {t("automations.advice.title")}
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {t("automations.advice.intro")}{" "}
        <Link className="text-indigo-700 hover:underline dark:text-indigo-300" to="/automations/guides/advisor" data-testid="advice-guide">
          {t("automations.guides.advisor.link")}
        </Link>
      </p>
      <Button
        variant="secondary"
        loading={busy}
        data-testid="advice-ask"
        onClick={() => {
          setBusy(true);
          setError(null);
          endpoint("post", "/api/automations/advice", { body: { lang: language } })
            .then((started) => {
              setTaskId(started.task_id);
            }, setError)
            .finally(() => {
              setBusy(false);
            });
        }}
      >
        {t("automations.advice.ask")}
      </Button>
      {taskId !== null && <AdviceResult key={taskId} taskId={taskId} />}
      {error !== null && <ProblemError error={error} />}
    </section>
  );
}
