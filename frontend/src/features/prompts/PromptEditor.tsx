import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { useI18n, LANGUAGES, type Language } from "../../i18n";
import {
  MAX_BODY,
  MAX_DESCRIPTION,
  MAX_TITLE,
  MAX_VARIABLES,
  placeholders,
  promptKeys,
  promptsApi,
  type Prompt,
  type PromptInput,
  type Variable,
  type VariableType,
} from "./api";
import { controlClasses } from "../../components/controls";

const LABEL = "mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200";
const SMALL_LABEL = "mb-0.5 block text-xs font-medium text-slate-600 dark:text-slate-400";
// What the prompt editor offers (date and file variables are for workflows).
const TYPES = ["text", "textarea", "choice", "number"] as const;

/** A variable as the form holds it: every field as typed. */
interface Draft {
  label: string;
  type: VariableType;
  choices: string;
  default: string;
  required: boolean;
  min: string;
  max: string;
}

function draftOf(variable: Variable): Draft {
  return {
    label: variable.label,
    type: variable.type,
    choices: (variable.choices ?? []).join(", "),
    default: variable.default === null || variable.default === undefined ? "" : String(variable.default),
    required: variable.required,
    min: variable.min === null || variable.min === undefined ? "" : String(variable.min),
    max: variable.max === null || variable.max === undefined ? "" : String(variable.max),
  };
}

function newDraft(name: string): Draft {
  const words = name.replace(/_/g, " ");
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return { label, type: "text", choices: "", default: "", required: true, min: "", max: "" };
}

const asNumber = (text: string): number | null => (text.trim() === "" || !Number.isFinite(Number(text)) ? null : Number(text));

function variableOf(name: string, draft: Draft): Variable {
  const variable: Variable = { name, label: draft.label.trim() || name, type: draft.type, required: draft.required };
  if (draft.type === "choice") {
    variable.choices = [...new Set(draft.choices.split(",").map((choice) => choice.trim()).filter(Boolean))];
  }
  if (draft.type === "number") {
    variable.min = asNumber(draft.min);
    variable.max = asNumber(draft.max);
    variable.default = asNumber(draft.default);
  } else {
    variable.default = draft.default.trim() === "" ? null : draft.default;
  }
  return variable;
}

function VariableRow({ name, draft, onChange }: { name: string; draft: Draft; onChange: (draft: Draft) => void }) {
  const { t } = useI18n();
  const id = useId();
  const set = (patch: Partial<Draft>) => {
    onChange({ ...draft, ...patch });
  };
  return (
    <li data-testid="editor-variable" data-name={name} className="space-y-2 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200 dark:bg-slate-800/50 dark:ring-slate-700">
      <p className="font-mono text-xs font-semibold text-indigo-700 dark:text-indigo-300">{`{{${name}}}`}</p>
      <div className="grid gap-2 sm:grid-cols-3">
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-label`} className={SMALL_LABEL}>
            {t("prompts.editor.variable_label")}
          </label>
          <input
            id={`${id}-label`}
            value={draft.label}
            maxLength={80}
            onChange={(event) => {
              set({ label: event.target.value });
            }}
            data-testid="editor-variable-label"
            className={controlClasses}
          />
        </div>
        <div>
          <label htmlFor={`${id}-type`} className={SMALL_LABEL}>
            {t("prompts.editor.variable_type")}
          </label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(event) => {
              set({ type: event.target.value as VariableType });
            }}
            data-testid="editor-variable-type"
            className={controlClasses}
          >
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`prompts.editor.types.${type}`)}
              </option>
            ))}
          </select>
        </div>
        {draft.type === "choice" && (
          <div className="sm:col-span-3">
            <label htmlFor={`${id}-choices`} className={SMALL_LABEL}>
              {t("prompts.editor.choices")}
            </label>
            <input
              id={`${id}-choices`}
              value={draft.choices}
              onChange={(event) => {
                set({ choices: event.target.value });
              }}
              placeholder={t("prompts.editor.choices_hint")}
              data-testid="editor-variable-choices"
              className={controlClasses}
            />
          </div>
        )}
        <div>
          <label htmlFor={`${id}-default`} className={SMALL_LABEL}>
            {t("prompts.editor.default")}
          </label>
          <input
            id={`${id}-default`}
            type={draft.type === "number" ? "number" : "text"}
            step="any"
            value={draft.default}
            onChange={(event) => {
              set({ default: event.target.value });
            }}
            data-testid="editor-variable-default"
            className={controlClasses}
          />
        </div>
        {draft.type === "number" && (
          <>
            <div>
              <label htmlFor={`${id}-min`} className={SMALL_LABEL}>
                {t("prompts.editor.min")}
              </label>
              <input
                id={`${id}-min`}
                type="number"
                step="any"
                value={draft.min}
                onChange={(event) => {
                  set({ min: event.target.value });
                }}
                className={controlClasses}
              />
            </div>
            <div>
              <label htmlFor={`${id}-max`} className={SMALL_LABEL}>
                {t("prompts.editor.max")}
              </label>
              <input
                id={`${id}-max`}
                type="number"
                step="any"
                value={draft.max}
                onChange={(event) => {
                  set({ max: event.target.value });
                }}
                className={controlClasses}
              />
            </div>
          </>
        )}
        <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-800 dark:text-slate-200">
          <input
            type="checkbox"
            checked={draft.required}
            onChange={(event) => {
              set({ required: event.target.checked });
            }}
            className="size-4 rounded border-slate-300 text-indigo-600"
          />
          {t("prompts.editor.required")}
        </label>
      </div>
    </li>
  );
}

/** Create a prompt, or save the next version of one: the `{{variables}}` of the body become form fields to describe. */
export function PromptEditor({
  editing,
  onSaved,
  onCancel,
}: {
  editing: Prompt | null;
  onSaved: (prompt: Prompt) => void;
  onCancel: () => void;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const categories = useQuery({
    queryKey: promptKeys.categories(language),
    queryFn: ({ signal }) => promptsApi.categories(language, { signal }),
    staleTime: 5 * 60_000,
  });
  const [title, setTitle] = useState(editing?.title ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [body, setBody] = useState(editing?.body ?? "");
  const [category, setCategory] = useState(editing?.category ?? "");
  const [promptLanguage, setPromptLanguage] = useState<Language>(editing?.language ?? language);
  // Keyed by name, so a variable taken out of the body and put back keeps what was said about it.
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries((editing?.variables ?? []).map((variable) => [variable.name, draftOf(variable)])),
  );
  const { names, invalid } = placeholders(body);
  const chosenCategory = category || (categories.data?.[0]?.id ?? "");

  const save = useMutation({
    mutationFn: () => {
      const input: PromptInput = {
        title: title.trim(),
        description: description.trim(),
        body,
        category: chosenCategory,
        language: promptLanguage,
        variables: names.map((name) => variableOf(name, drafts[name] ?? newDraft(name))),
      };
      return editing
        ? promptsApi.update(editing.id, { ...input, expected_version: editing.version ?? null })
        : promptsApi.create(input);
    },
    onSuccess: async (prompt) => {
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onSaved(prompt);
    },
  });

  function submit(event: SubmitEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="prompt-editor">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-title`} className={LABEL}>
            {t("prompts.editor.title")}
          </label>
          <input
            id={`${id}-title`}
            required
            maxLength={MAX_TITLE}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
            }}
            data-testid="editor-title"
            className={controlClasses}
          />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-description`} className={LABEL}>
            {t("prompts.editor.description")}
          </label>
          <input
            id={`${id}-description`}
            maxLength={MAX_DESCRIPTION}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
            }}
            data-testid="editor-description"
            className={controlClasses}
          />
        </div>
        <div>
          <label htmlFor={`${id}-category`} className={LABEL}>
            {t("prompts.category")}
          </label>
          <select
            id={`${id}-category`}
            value={chosenCategory}
            onChange={(event) => {
              setCategory(event.target.value);
            }}
            data-testid="editor-category"
            className={controlClasses}
          >
            {(categories.data ?? []).map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-language`} className={LABEL}>
            {t("prompts.editor.language")}
          </label>
          <select
            id={`${id}-language`}
            value={promptLanguage}
            onChange={(event) => {
              setPromptLanguage(event.target.value as Language);
            }}
            className={controlClasses}
          >
            {LANGUAGES.map((item) => (
              <option key={item} value={item}>
                {t(`language.${item}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-body`} className={LABEL}>
            {t("prompts.editor.body")}
          </label>
          <textarea
            id={`${id}-body`}
            required
            rows={8}
            maxLength={MAX_BODY}
            value={body}
            onChange={(event) => {
              setBody(event.target.value);
            }}
            aria-describedby={`${id}-body-hint`}
            data-testid="editor-body"
            className={`${controlClasses} font-mono`}
          />
          <p id={`${id}-body-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {t("prompts.editor.body_hint")}
          </p>
          {invalid.length > 0 && (
            <p className="mt-1 text-xs text-red-700 dark:text-red-300" data-testid="editor-invalid-names">
              {t("prompts.editor.invalid_names", { names: invalid.map((name) => `{{${name}}}`).join(", ") })}
            </p>
          )}
          {names.length > MAX_VARIABLES && (
            <p className="mt-1 text-xs text-red-700 dark:text-red-300">{t("prompts.editor.too_many", { max: MAX_VARIABLES })}</p>
          )}
        </div>
      </div>
      {names.length > 0 && (
        <section className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("prompts.editor.variables")}</h3>
          <ul className="space-y-2">
            {names.map((name) => (
              <VariableRow
                key={name}
                name={name}
                draft={drafts[name] ?? newDraft(name)}
                onChange={(draft) => {
                  setDrafts((current) => ({ ...current, [name]: draft }));
                }}
              />
            ))}
          </ul>
        </section>
      )}
      <ProblemError error={save.error} data-testid="editor-error" />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={save.isPending} data-testid="editor-save">
          {editing ? t("prompts.editor.save") : t("prompts.editor.create")}
        </Button>
        <Button variant="ghost" onClick={onCancel} data-testid="editor-cancel">
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
