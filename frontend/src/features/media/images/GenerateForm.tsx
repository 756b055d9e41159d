import { Sparkles } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { Button } from "../../../components/Button";
import { useI18n } from "../../../i18n";
import { MAX_PROMPT, type ImageModel } from "../api";
import { LABEL, TEXTAREA } from "../styles";
import { ModelChooser } from "./ModelChooser";
import { ModelOptions } from "./ModelOptions";
import { defaultOptions, type ImageOptions } from "./options";

export interface GenerateRequest {
  prompt: string;
  models: ImageModel[];
  options: Record<string, ImageOptions>;
}

/** Prompt, one or several models, and each model's options. */
export function GenerateForm({ models, busy, onSubmit }: { models: ImageModel[]; busy: boolean; onSubmit: (request: GenerateRequest) => void }) {
  const { t } = useI18n();
  const promptId = useId();
  const [prompt, setPrompt] = useState("");
  const [selected, setSelected] = useState<string[]>(() => (models[0] ? [models[0].id] : []));
  const [options, setOptions] = useState<Record<string, ImageOptions>>({});
  const chosen = models.filter((model) => selected.includes(model.id));
  const optionsOf = (model: ImageModel) => options[model.id] ?? defaultOptions(model);

  function toggle(id: string) {
    setSelected((old) => (old.includes(id) ? old.filter((item) => item !== id) : [...old, id]));
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = prompt.trim();
    if (!text || chosen.length === 0) return;
    onSubmit({ prompt: text, models: chosen, options: Object.fromEntries(chosen.map((model) => [model.id, optionsOf(model)])) });
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="image-generate-form">
      <div>
        <label htmlFor={promptId} className={LABEL}>
          {t("media.images.prompt")}
        </label>
        <textarea
          id={promptId}
          rows={3}
          maxLength={MAX_PROMPT}
          required
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
          }}
          placeholder={t("media.images.prompt_placeholder")}
          className={TEXTAREA}
          data-testid="image-prompt"
        />
      </div>
      <ModelChooser models={models} selected={selected} onToggle={toggle} />
      {chosen.map((model) => (
        <ModelOptions
          key={model.id}
          model={model}
          value={optionsOf(model)}
          onChange={(value) => setOptions((old) => ({ ...old, [model.id]: value }))}
        />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" loading={busy} disabled={!prompt.trim() || chosen.length === 0} data-testid="image-generate">
          <Sparkles className="size-4" aria-hidden="true" />
          {chosen.length > 1 ? t("media.images.generate_many", { count: chosen.length }) : t("media.images.generate")}
        </Button>
        {chosen.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">{t("media.images.pick_model")}</p>}
      </div>
    </form>
  );
}
