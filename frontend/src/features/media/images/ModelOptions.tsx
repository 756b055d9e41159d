import { SelectField, TextField } from "../../../components/Field";
import { useI18n } from "../../../i18n";
import type { ImageModel } from "../api";
import type { ImageOptions } from "./options";

/** The options one model accepts: size always, then style, count, seed and negative prompt if supported. */
export function ModelOptions({
  model,
  value,
  onChange,
  withCount = true,
}: {
  model: ImageModel;
  value: ImageOptions;
  onChange: (value: ImageOptions) => void;
  withCount?: boolean;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<ImageOptions>) => onChange({ ...value, ...patch });
  const counts = Array.from({ length: Math.max(1, model.max_count) }, (_, index) => index + 1);
  return (
    <div
      className="grid gap-3 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-4 dark:bg-slate-800/50 dark:ring-slate-700"
      data-testid="image-model-options"
      data-model={model.id}
    >
      <p className="text-sm font-semibold text-slate-900 sm:col-span-2 lg:col-span-4 dark:text-white">{model.name}</p>
      <SelectField label={t("media.images.size")} value={value.size} onChange={(event) => set({ size: event.target.value })} data-testid="image-size">
        {model.sizes.map((size) => (
          <option key={size} value={size}>
            {size.replace("x", " × ")}
          </option>
        ))}
      </SelectField>
      {model.styles.length > 0 && (
        <SelectField label={t("media.images.style")} value={value.style} onChange={(event) => set({ style: event.target.value })} data-testid="image-style">
          {model.styles.map((style) => (
            <option key={style} value={style}>
              {style}
            </option>
          ))}
        </SelectField>
      )}
      {withCount && (
        <SelectField
          label={t("media.images.count")}
          value={String(value.count)}
          onChange={(event) => set({ count: Number(event.target.value) })}
          data-testid="image-count"
        >
          {counts.map((count) => (
            <option key={count} value={count}>
              {count}
            </option>
          ))}
        </SelectField>
      )}
      {model.seed && (
        <TextField
          label={t("media.images.seed")}
          hint={t("media.images.seed_hint")}
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={10}
          value={value.seed}
          onChange={(event) => set({ seed: event.target.value.replace(/\D/g, "") })}
          data-testid="image-seed"
        />
      )}
      {model.negative_prompt && (
        <TextField
          className="sm:col-span-2 lg:col-span-4"
          label={t("media.images.negative")}
          maxLength={1000}
          value={value.negative}
          onChange={(event) => set({ negative: event.target.value })}
          data-testid="image-negative"
        />
      )}
    </div>
  );
}
