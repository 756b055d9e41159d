import { FlaskConical } from "lucide-react";
import { useI18n } from "../../../i18n";
import type { ImageModel } from "../api";

/** Image models as toggle chips; several may be chosen (one job each, side by side). */
export function ModelChooser({
  models,
  selected,
  onToggle,
  single = false,
}: {
  models: ImageModel[];
  selected: string[];
  onToggle: (id: string) => void;
  single?: boolean;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">
        {single ? t("media.images.model") : t("media.images.models")}
      </legend>
      <div className="flex flex-wrap gap-2" data-testid="image-models">
        {models.map((model) => {
          const on = selected.includes(model.id);
          return (
            <button
              key={model.id}
              type="button"
              aria-pressed={on}
              onClick={() => onToggle(model.id)}
              data-testid="image-model-option"
              data-model={model.id}
              className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1.5 text-sm font-medium ring-1 transition ring-inset ${
                on
                  ? "bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-500"
                  : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-600"
              }`}
            >
              {model.name}
              <span className={`text-xs ${on ? "text-indigo-100" : "text-slate-500 dark:text-slate-400"}`}>{model.vendor}</span>
              {model.simulated && <FlaskConical className="size-3.5" aria-label={t("media.simulated")} />}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
