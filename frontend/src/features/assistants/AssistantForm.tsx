import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { SelectField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { vendorName, useModels } from "../../lib/models";
import {
  assistantKeys,
  assistantsApi,
  MAX_ASSISTANT_MODELS,
  MAX_ASSISTANT_TOKENS,
  MAX_DESCRIPTION,
  MAX_NAME,
  MAX_SYSTEM_PROMPT,
  type Assistant,
  type AssistantInput,
} from "../../lib/assistants";
import { AssistantIcon } from "../../components/AssistantIcon";
import { controlClasses } from "../../components/controls";

function toNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Creates an assistant (`editing` null) or edits one of the caller's own. */
export function AssistantForm({ editing, onDone }: { editing: Assistant | null; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const promptId = useId();
  const modelsLegendId = useId();
  const { models } = useModels();
  const icons = useQuery({
    queryKey: assistantKeys.icons,
    queryFn: ({ signal }) => assistantsApi.icons({ signal }),
    staleTime: Infinity,
  });
  const [name, setName] = useState(editing?.name ?? "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [icon, setIcon] = useState(editing?.icon ?? "bot");
  const [systemPrompt, setSystemPrompt] = useState(editing?.system_prompt ?? "");
  const [selected, setSelected] = useState<string[]>(editing?.models ?? []);
  const [temperature, setTemperature] = useState(editing?.params.temperature?.toString() ?? "");
  const [maxTokens, setMaxTokens] = useState(editing?.params.max_tokens?.toString() ?? "");

  const save = useMutation({
    mutationFn: (input: AssistantInput) =>
      editing ? assistantsApi.update(editing.id, input) : assistantsApi.create(input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: assistantKeys.all });
      onDone();
    },
  });

  const iconNames: readonly string[] = icons.data ?? [icon];
  // Saved once the icon names are known: one of them is sent.
  const chosenIcon = icons.data?.find((item) => item === icon);
  const valid = name.trim() !== "" && systemPrompt.trim() !== "" && selected.length > 0 && chosenIcon !== undefined;

  function toggleModel(id: string) {
    setSelected((current) =>
      current.includes(id)
        ? current.filter((item) => item !== id)
        : current.length >= MAX_ASSISTANT_MODELS
          ? current
          : [...current, id],
    );
  }

  return (
    <form
      className="space-y-4"
      data-testid="assistant-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        save.mutate({
          name: name.trim(),
          description: description.trim(),
          icon: chosenIcon,
          system_prompt: systemPrompt,
          models: selected,
          params: { temperature: toNumber(temperature), max_tokens: toNumber(maxTokens) },
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-[1fr_14rem]">
        <TextField
          label={t("assistants.form.name")}
          value={name}
          required
          maxLength={MAX_NAME}
          onChange={(event) => {
            setName(event.target.value);
          }}
          data-testid="assistant-form-name"
        />
        <div className="flex items-end gap-2">
          <span className="mb-1 flex size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300">
            <AssistantIcon name={icon} className="size-5" />
          </span>
          <SelectField
            label={t("assistants.form.icon")}
            value={icon}
            className="flex-1"
            onChange={(event) => {
              setIcon(event.target.value);
            }}
            data-testid="assistant-form-icon"
          >
            {iconNames.map((item) => (
              <option key={item} value={item}>
                {item}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      <TextField
        label={t("assistants.form.description")}
        value={description}
        maxLength={MAX_DESCRIPTION}
        onChange={(event) => {
          setDescription(event.target.value);
        }}
        data-testid="assistant-form-description"
      />
      <div>
        <label htmlFor={promptId} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t("assistants.form.system_prompt")}
        </label>
        <textarea
          id={promptId}
          value={systemPrompt}
          required
          rows={6}
          maxLength={MAX_SYSTEM_PROMPT}
          onChange={(event) => {
            setSystemPrompt(event.target.value);
          }}
          data-testid="assistant-form-system-prompt"
          className={controlClasses}
        />
      </div>
      <fieldset aria-describedby={modelsLegendId}>
        <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
          {t("assistants.form.models")}
        </legend>
        <p id={modelsLegendId} className="mb-2 text-xs text-slate-500 dark:text-slate-400">
          {t("assistants.form.models_hint", { max: MAX_ASSISTANT_MODELS, count: selected.length })}
        </p>
        <div
          className="grid max-h-56 gap-1 overflow-y-auto rounded-lg p-2 ring-1 ring-slate-200 sm:grid-cols-2 dark:ring-slate-700"
          data-testid="assistant-form-models"
        >
          {models.map((model) => (
            <label key={model.id} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm text-slate-800 dark:text-slate-200">
              <input
                type="checkbox"
                checked={selected.includes(model.id)}
                disabled={!selected.includes(model.id) && selected.length >= MAX_ASSISTANT_MODELS}
                onChange={() => {
                  toggleModel(model.id);
                }}
                data-testid="assistant-form-model"
                data-model-id={model.id}
                className="size-4 rounded border-slate-300 text-indigo-600 dark:border-slate-600 dark:bg-slate-900"
              />
              <span className="truncate">
                {model.display_name} <span className="text-slate-500 dark:text-slate-400">· {vendorName(model.vendor)}</span>
              </span>
            </label>
          ))}
          {/* Models the registry no longer lists stay visible so they can be removed. */}
          {selected
            .filter((id) => !models.some((model) => model.id === id))
            .map((id) => (
              <label key={id} className="flex items-center gap-2 px-1 py-0.5 text-sm text-slate-500">
                <input
                  type="checkbox"
                  checked
                  onChange={() => {
                    toggleModel(id);
                  }}
                  data-testid="assistant-form-model"
                  data-model-id={id}
                  className="size-4 rounded border-slate-300"
                />
                {id}
              </label>
            ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t("assistants.form.temperature")}
          hint={t("assistants.form.default_hint")}
          type="number"
          min={0}
          max={2}
          step={0.1}
          value={temperature}
          onChange={(event) => {
            setTemperature(event.target.value);
          }}
          data-testid="assistant-form-temperature"
        />
        <TextField
          label={t("assistants.form.max_tokens")}
          hint={t("assistants.form.default_hint")}
          type="number"
          min={1}
          max={MAX_ASSISTANT_TOKENS}
          step={1}
          value={maxTokens}
          onChange={(event) => {
            setMaxTokens(event.target.value);
          }}
          data-testid="assistant-form-max-tokens"
        />
      </div>
      <ProblemError error={save.error ?? icons.error} data-testid="assistant-form-error" />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={!valid} loading={save.isPending} data-testid="assistant-form-submit">
          {editing ? t("assistants.form.save") : t("assistants.form.create")}
        </Button>
        <Button variant="ghost" onClick={onDone} data-testid="assistant-form-cancel">
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
