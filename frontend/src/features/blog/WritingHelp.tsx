import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { SelectField } from "../../components/Field";
import { Textarea } from "../../components/Input";
import { useI18n } from "../../i18n";
import { modelName, useModels } from "../../lib/models";
import { MAX_HELP_MODELS, blogApi, type AssistTask, type Suggestion } from "./api";
import type { Draft } from "./draft";

const TASKS: readonly AssistTask[] = ["continue", "rewrite", "brief", "title", "excerpt", "meta_description"];

/** Up to four models answer the same request side by side; one click inserts an answer. */
export function WritingHelp({ draft, onInsert }: { draft: Draft; onInsert: (task: AssistTask, text: string) => void }) {
  const { t } = useI18n();
  const { models, byId } = useModels();
  const available = models.filter((model) => model.available);
  const [chosen, setChosen] = useState<string[]>([]);
  const [task, setTask] = useState<AssistTask>("continue");
  const [brief, setBrief] = useState("");
  const ask = useMutation({
    mutationFn: () =>
      blogApi.assist({
        models: chosen,
        task,
        // A paragraph to rewrite is the brief field; otherwise the whole text is the context.
        text: task === "rewrite" ? brief : draft.body.slice(-20_000),
        brief: task === "rewrite" ? "" : brief,
        language: draft.language,
      }),
  });
  const toggle = (id: string) =>
    setChosen((current) =>
      current.includes(id) ? current.filter((m) => m !== id) : current.length < MAX_HELP_MODELS ? [...current, id] : current,
    );
  const suggestions: Suggestion[] = ask.data?.suggestions ?? [];
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800" data-testid="blog-help">
      <h2 className="font-semibold">{t("blog.help_title")}</h2>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">{t("blog.help_models")}</legend>
        <div className="flex max-h-40 flex-wrap gap-2 overflow-auto">
          {available.map((model) => (
            <label key={model.id} className="inline-flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(model.id)}
                disabled={!chosen.includes(model.id) && chosen.length >= MAX_HELP_MODELS}
                onChange={() => toggle(model.id)}
                data-testid="blog-help-model"
                data-model={model.id}
              />
              {model.display_name}
            </label>
          ))}
        </div>
      </fieldset>
      <SelectField label={t("blog.help_task")} value={task} onChange={(event) => setTask(event.target.value as AssistTask)} data-testid="blog-help-task">
        {TASKS.map((name) => (
          <option key={name} value={name}>{t(`blog.task_${name}`)}</option>
        ))}
      </SelectField>
      <div>
        <label htmlFor="blog-help-brief" className="mb-1 block text-sm font-medium">{t("blog.help_brief")}</label>
        <Textarea id="blog-help-brief" rows={3} value={brief} maxLength={2000} onChange={(event) => setBrief(event.target.value)} />
      </div>
      <Button onClick={() => ask.mutate()} disabled={chosen.length === 0} loading={ask.isPending} data-testid="blog-help-ask">
        {t("blog.help_ask")}
      </Button>
      {ask.error && <ProblemError error={ask.error} />}
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-1" data-testid="blog-suggestions">
        {suggestions.map((suggestion) => (
          <li key={suggestion.model} className="rounded-lg bg-slate-50 p-3 text-sm dark:bg-slate-800" data-testid="blog-suggestion" data-model={suggestion.model}>
            <p className="mb-1 text-xs font-semibold text-slate-500">{modelName(byId, suggestion.model)}</p>
            {suggestion.text ? (
              <>
                <p className="whitespace-pre-wrap">{suggestion.text}</p>
                <Button variant="secondary" className="mt-2" onClick={() => onInsert(task, suggestion.text ?? "")} data-testid="blog-suggestion-insert">
                  {t("blog.help_insert")}
                </Button>
              </>
            ) : (
              <p className="text-red-700">{t("blog.help_failed", { code: suggestion.error ?? "" })}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
