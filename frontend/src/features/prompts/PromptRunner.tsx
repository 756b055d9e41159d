import { useMutation } from "@tanstack/react-query";
import { MessageSquarePlus, X } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { useI18n, type MessageKey } from "../../i18n";
import { promptsApi, variableProblems, type Prompt, type Variable } from "./api";
import { controlClasses, invalidControlClasses } from "../../components/controls";

const REASONS: Record<string, MessageKey> = {
  missing: "prompts.reasons.missing",
  not_a_number: "prompts.reasons.not_a_number",
  not_a_choice: "prompts.reasons.not_a_choice",
  too_long: "prompts.reasons.too_long",
  out_of_range: "prompts.reasons.out_of_range",
  unknown: "prompts.reasons.unknown",
};

function VariableField({
  variable,
  value,
  problem,
  onChange,
}: {
  variable: Variable;
  value: string;
  problem: string | null;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const errorId = `${id}-error`;
  const common = {
    id,
    value,
    required: variable.required,
    "aria-invalid": problem !== null || undefined,
    "aria-describedby": problem ? errorId : undefined,
    className: `${controlClasses} ${problem ? invalidControlClasses : ""}`,
  };
  let control;
  if (variable.type === "textarea") {
    control = (
      <textarea
        {...common}
        rows={4}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    );
  } else if (variable.type === "choice") {
    control = (
      <select
        {...common}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {!variable.required && <option value="">—</option>}
        {(variable.choices ?? []).map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        {...common}
        type={variable.type === "number" ? "number" : "text"}
        min={variable.min ?? undefined}
        max={variable.max ?? undefined}
        step="any"
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    );
  }
  return (
    <div data-testid="prompt-variable" data-name={variable.name}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
        {variable.label}
        {!variable.required && (
          <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">{t("prompts.optional")}</span>
        )}
      </label>
      {control}
      {problem && (
        <p id={errorId} className="mt-1 text-xs text-red-700 dark:text-red-300" data-testid="prompt-variable-error">
          {problem}
        </p>
      )}
    </div>
  );
}

function initialValues(variables: Variable[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of variables) {
    if (variable.default !== null && variable.default !== undefined) values[variable.name] = String(variable.default);
    else if (variable.type === "choice" && variable.required && variable.choices?.[0]) values[variable.name] = variable.choices[0];
    else values[variable.name] = "";
  }
  return values;
}

export interface PromptRunnerProps {
  prompt: Pick<Prompt, "title" | "description" | "body" | "variables"> & { id?: string };
  onClose?: () => void;
  /** Fills the prompt on the server; by default the caller's `POST /api/prompts/{id}/render` (and a use counted). */
  render?: (values: Record<string, string | number>) => Promise<string>;
  /** What to do with the text; by default the chat opens with it. */
  onRendered?: (text: string) => void;
  submitLabel?: string;
  /** Shown under the form (the prompt's other actions). */
  children?: ReactNode;
}

async function renderOwn(id: string, values: Record<string, string | number>): Promise<string> {
  const { text } = await promptsApi.render(id, values);
  // Counting a use is bookkeeping: the chat opens even when it fails.
  await promptsApi.use(id).catch(() => undefined);
  return text;
}

/** A prompt's variables as a form; "fill the chat" renders it on the server and opens the chat with the text. */
export function PromptRunner({ prompt, onClose, render, onRendered, submitLabel, children }: PromptRunnerProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const titleId = useId();
  const [values, setValues] = useState(() => initialValues(prompt.variables));
  const fill = useMutation({
    mutationFn: async () => {
      const payload: Record<string, string | number> = {};
      for (const variable of prompt.variables) {
        const raw = values[variable.name] ?? "";
        if (raw === "" && !variable.required) continue;
        payload[variable.name] = variable.type === "number" && raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      }
      if (render) return render(payload);
      return renderOwn(prompt.id ?? "", payload);
    },
    onSuccess: (text) => {
      if (onRendered) onRendered(text);
      else void navigate("/chat", { state: { prefill: text } });
    },
  });
  const problems = new Map(variableProblems(fill.error).map((item) => [item.name, item.reason]));
  const describe = (reason: string) => (REASONS[reason] ? t(REASONS[reason]) : reason);
  const fieldNames = new Set(prompt.variables.map((variable) => variable.name));
  const otherProblems = [...problems.entries()].filter(([name]) => !fieldNames.has(name));

  return (
    <section
      aria-labelledby={titleId}
      className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-indigo-200 dark:bg-slate-900 dark:ring-indigo-900"
      data-testid="prompt-runner"
      data-prompt-id={prompt.id}
    >
      <header className="flex items-start justify-between gap-3">
        <div>
          <h2 id={titleId} className="text-lg font-semibold text-slate-900 dark:text-white">
            {prompt.title}
          </h2>
          {prompt.description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{prompt.description}</p>}
        </div>
        {onClose && (
          <Button variant="ghost" onClick={onClose} aria-label={t("prompts.close")} data-testid="prompt-runner-close">
            <X className="size-4" aria-hidden="true" />
          </Button>
        )}
      </header>
      <pre className="max-h-40 overflow-auto rounded-lg bg-slate-50 p-3 text-xs whitespace-pre-wrap text-slate-700 dark:bg-slate-800 dark:text-slate-300">
        {prompt.body}
      </pre>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          fill.mutate();
        }}
      >
        {prompt.variables.length === 0 && (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("prompts.no_variables")}</p>
        )}
        {prompt.variables.map((variable) => (
          <VariableField
            key={variable.name}
            variable={variable}
            value={values[variable.name] ?? ""}
            problem={problems.has(variable.name) ? describe(problems.get(variable.name) ?? "") : null}
            onChange={(value) => {
              setValues((current) => ({ ...current, [variable.name]: value }));
            }}
          />
        ))}
        {/* Refusals tied to a field show under it; anything else shows here. */}
        {(problems.size === 0 || otherProblems.length > 0) && <ProblemError error={fill.error} data-testid="prompt-error" />}
        <Button type="submit" loading={fill.isPending} data-testid="prompt-fill-chat">
          <MessageSquarePlus className="size-4" aria-hidden="true" />
          {submitLabel ?? t("prompts.fill_chat")}
        </Button>
      </form>
      {children}
    </section>
  );
}
