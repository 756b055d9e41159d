// Typing `/workflow` in the composer: the user's workflows and the built-in ones; picking one shows
// its run form (the workflows' own), and running it starts a workflow run whose card shows in the chat.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Play, Workflow, X } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { RunForm, type RunValues } from "../../components/RunForm";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { loadChoices, matchingChoices, startChoice, type StartedRun, type WorkflowChoice } from "./workflowCommand";

interface Props {
  query: string;
  onStarted: (run: StartedRun) => void;
  onClose: () => void;
}

export function WorkflowCommandMenu({ query, onStarted, onClose }: Props) {
  const { t, language } = useI18n();
  const [picked, setPicked] = useState<WorkflowChoice | null>(null);
  const [values, setValues] = useState<RunValues>({});
  const choices = useQuery({ queryKey: ["chat", "workflow-choices", language], queryFn: () => loadChoices(language) });
  const start = useMutation({
    mutationFn: (choice: WorkflowChoice) => startChoice(choice, values, language),
    onSuccess: onStarted,
  });
  const refused =
    start.error instanceof ApiError && Array.isArray(start.error.problem.fields)
      ? (start.error.problem.fields as { name: string }[]).map((field) => field.name)
      : [];
  const shown = matchingChoices(choices.data ?? [], query);

  return (
    <section
      data-testid="workflow-command"
      aria-label={t("chat.workflow.title")}
      className="space-y-2 rounded-2xl bg-white p-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
    >
      <header className="flex items-center gap-2">
        <Workflow className="size-4 text-indigo-600" aria-hidden="true" />
        <h2 className="flex-1 text-sm font-semibold text-slate-900 dark:text-white">{picked ? picked.title : t("chat.workflow.title")}</h2>
        <button
          type="button"
          aria-label={t("chat.workflow.close")}
          onClick={onClose}
          className="rounded p-0.5 text-slate-500 hover:bg-slate-100"
        >
          <X className="size-4" aria-hidden="true" />
        </button>
      </header>
      {picked ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate(picked);
          }}
        >
          <RunForm variables={picked.variables} values={values} onChange={setValues} invalid={refused} />
          <ProblemError error={start.error} data-testid="workflow-command-error" />
          <div className="flex gap-2">
            <Button type="submit" loading={start.isPending} data-testid="workflow-command-run">
              <Play className="size-4" aria-hidden="true" />
              {t("chat.workflow.run")}
            </Button>
            <Button variant="ghost" onClick={() => setPicked(null)}>
              {t("chat.workflow.back")}
            </Button>
          </div>
        </form>
      ) : choices.isPending ? (
        <Spinner />
      ) : choices.isError ? (
        <ProblemError error={choices.error} />
      ) : shown.length === 0 ? (
        <p className="text-sm text-slate-500">{t("chat.workflow.none")}</p>
      ) : (
        <ul role="listbox" aria-label={t("chat.workflow.title")} className="max-h-60 space-y-1 overflow-y-auto">
          {shown.map((choice) => (
            <li key={`${choice.source}:${choice.id}`}>
              <button
                type="button"
                role="option"
                aria-selected={false}
                data-testid="workflow-choice"
                onClick={() => {
                  setValues({});
                  setPicked(choice);
                }}
                className="flex w-full items-center gap-2 rounded-lg px-2 py-1.5 text-left text-sm hover:bg-indigo-50 dark:hover:bg-slate-800"
              >
                <span className="min-w-0 flex-1 truncate">{choice.title}</span>
                {choice.source === "builtin" && <span className="text-xs text-slate-500">{t("chat.workflow.builtin")}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
