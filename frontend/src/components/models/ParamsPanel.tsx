import { useId } from "react";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { MAX_OUTPUT_TOKENS, MAX_SYSTEM } from "../../lib/chatParams";
import type { ParamsDraft } from "../../lib/chatParams";
import { controlClasses } from "../controls";

export function ParamsPanel({ value, onChange }: { value: ParamsDraft; onChange: (value: ParamsDraft) => void }) {
  const { t, language } = useI18n();
  const id = useId();
  return (
    <section
      data-testid="params-panel"
      aria-label={t("chat.params.title")}
      className="grid gap-4 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 sm:p-4 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div>
        <div className="mb-1 flex items-center justify-between gap-2">
          <label htmlFor={`${id}-temperature`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {t("chat.params.temperature")}{" "}
            <span className="font-semibold text-indigo-700 tabular-nums dark:text-indigo-300" data-testid="param-temperature-value">
              {value.temperature === null ? t("chat.params.default") : formatNumber(value.temperature, language, 1)}
            </span>
          </label>
          {value.temperature !== null && (
            <button
              type="button"
              onClick={() => {
                onChange({ ...value, temperature: null });
              }}
              className="text-xs font-semibold text-indigo-700 hover:underline dark:text-indigo-300"
            >
              {t("chat.params.reset")}
            </button>
          )}
        </div>
        <input
          id={`${id}-temperature`}
          type="range"
          min={0}
          max={2}
          step={0.1}
          value={value.temperature ?? 1}
          onChange={(event) => {
            onChange({ ...value, temperature: Number(event.target.value) });
          }}
          data-testid="param-temperature"
          aria-describedby={`${id}-temperature-hint`}
          className="w-full accent-indigo-600"
        />
        <p id={`${id}-temperature-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {t("chat.params.temperature_hint")}
        </p>
      </div>
      <div>
        <label htmlFor={`${id}-max`} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t("chat.params.max_tokens")}
        </label>
        <input
          id={`${id}-max`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_OUTPUT_TOKENS}
          step={1}
          value={value.maxTokens}
          placeholder={t("chat.params.default")}
          onChange={(event) => {
            onChange({ ...value, maxTokens: event.target.value });
          }}
          data-testid="param-max-tokens"
          aria-describedby={`${id}-max-hint`}
          className={controlClasses}
        />
        <p id={`${id}-max-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {t("chat.params.max_tokens_hint")}
        </p>
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={`${id}-system`} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t("chat.params.system")}
        </label>
        <textarea
          id={`${id}-system`}
          rows={2}
          maxLength={MAX_SYSTEM}
          value={value.system}
          placeholder={t("chat.params.system_placeholder")}
          onChange={(event) => {
            onChange({ ...value, system: event.target.value });
          }}
          data-testid="param-system"
          className={`${controlClasses} resize-y`}
        />
      </div>
    </section>
  );
}
