import { BookmarkPlus, X } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { ProblemError } from "../Alert";
import { Spinner } from "../PageStatus";
import { useI18n } from "../../i18n";
import { MAX_MODELS, modelName, usable, vendorName, type ChatModel } from "../../lib/models";
import { usePresets } from "../../lib/modelPreferences";
import { SimulatedBadge } from "../SimulatedBadge";
import { TextLink } from "../TextLink";
import { formatContext, formatPrice } from "../../lib/format";

export interface ModelPickerProps {
  models: ChatModel[];
  byId: ReadonlyMap<string, ChatModel>;
  loading: boolean;
  error: unknown;
  selected: string[];
  onChange: (selected: string[]) => void;
  onClose: () => void;
  /** How many models WeBox pays for the plan lets one message ask (own keys and simulators are free). */
  maxPaid?: number;
}

function groupByVendor(models: readonly ChatModel[]): [string, ChatModel[]][] {
  const groups = new Map<string, ChatModel[]>();
  for (const model of models) {
    const group = groups.get(model.vendor) ?? [];
    group.push(model);
    groups.set(model.vendor, group);
  }
  return [...groups.entries()];
}

function Presets({ selected, byId, models, onChange }: Pick<ModelPickerProps, "selected" | "byId" | "models" | "onChange">) {
  const { t } = useI18n();
  const { presets, save, remove } = usePresets();
  const [name, setName] = useState("");
  const inputId = useId();
  const names = Object.keys(presets).sort((a, b) => a.localeCompare(b));

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (selected.length === 0) return;
    const fallback = selected.map((id) => modelName(byId, id)).join(" + ");
    save((name.trim() || fallback).slice(0, 80), selected);
    setName("");
  }

  return (
    <div className="space-y-2" data-testid="model-presets">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">{t("chat.picker.presets")}</h3>
      {names.length === 0 ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">{t("chat.picker.presets_empty")}</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {names.map((preset) => {
            const ids = presets[preset] ?? [];
            return (
              <li
                key={preset}
                data-testid="model-preset"
                data-preset={preset}
                className="inline-flex items-center rounded-full bg-white text-xs ring-1 ring-slate-300 dark:bg-slate-800 dark:ring-slate-600"
              >
                <button
                  type="button"
                  data-testid="model-preset-apply"
                  title={t("chat.picker.preset_apply", { name: preset })}
                  onClick={() => {
                    onChange(usable(ids, models));
                  }}
                  className="rounded-l-full py-1 pr-1 pl-2.5 font-medium text-slate-800 hover:text-indigo-700 dark:text-slate-100 dark:hover:text-indigo-300"
                >
                  {preset} <span className="font-normal text-slate-500">· {t("chat.picker.preset_models", { count: ids.length })}</span>
                </button>
                <button
                  type="button"
                  data-testid="model-preset-delete"
                  aria-label={t("chat.picker.preset_delete", { name: preset })}
                  onClick={() => {
                    remove(preset);
                  }}
                  className="rounded-r-full p-1 pr-2 text-slate-400 hover:text-red-600"
                >
                  <X className="size-3.5" aria-hidden="true" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form onSubmit={submit} className="flex max-w-md gap-2">
        <label htmlFor={inputId} className="sr-only">
          {t("chat.picker.preset_name")}
        </label>
        <input
          id={inputId}
          value={name}
          maxLength={80}
          onChange={(event) => {
            setName(event.target.value);
          }}
          placeholder={t("chat.picker.preset_placeholder")}
          data-testid="model-preset-name"
          className="block min-w-0 flex-1 rounded-lg border-0 bg-white px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
        />
        <button
          type="submit"
          data-testid="model-preset-save"
          disabled={selected.length === 0}
          className="inline-flex shrink-0 items-center gap-1.5 rounded-lg bg-white px-2.5 py-1.5 text-sm font-semibold text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600"
        >
          <BookmarkPlus className="size-4" aria-hidden="true" />
          {t("chat.picker.preset_save")}
        </button>
      </form>
    </div>
  );
}

// Why a model cannot be ticked: no key answers it, the plan excludes it, or the plan's paid models per message are used up.
type LockReason = "no_key" | "plan" | "paid_limit";

/** Choose up to twelve models, by vendor, with their prices, context sizes and presets. */
export function ModelPicker({ models, byId, loading, error, selected, onChange, onClose, maxPaid }: ModelPickerProps) {
  const { t } = useI18n();
  const chosen = new Set(selected);
  const full = selected.length >= MAX_MODELS;
  const available = models.filter((model) => model.available && model.in_plan);
  const paid = (id: string) => byId.get(id)?.key_source === "platform";
  const paidCount = selected.filter(paid).length;
  const paidFull = maxPaid !== undefined && paidCount >= maxPaid;
  const lockReason = (model: ChatModel, on: boolean): LockReason | null => {
    if (!model.available) return "no_key";
    if (!model.in_plan) return "plan";
    return !on && paidFull && paid(model.id) ? "paid_limit" : null;
  };
  const anyLocked = models.some((model) => !model.available || !model.in_plan);

  /** `ids` without the platform-paid models past the plan's limit. */
  function withinPlan(ids: string[]): string[] {
    let left = maxPaid ?? Infinity;
    return ids.filter((id) => !paid(id) || left-- > 0);
  }

  function toggle(id: string, on: boolean) {
    onChange(usable(withinPlan(on ? [...selected, id] : selected.filter((other) => other !== id)), models));
  }

  return (
    <section
      data-testid="model-picker"
      aria-label={t("chat.picker.label")}
      className="max-h-[min(24rem,45dvh)] space-y-4 overflow-y-auto rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:p-4 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold text-slate-900 dark:text-white">{t("chat.picker.label")}</h2>
        <span
          data-testid="model-count"
          className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-700 tabular-nums dark:bg-indigo-950 dark:text-indigo-300"
        >
          {t("chat.picker.count", { count: selected.length, max: MAX_MODELS })}
        </span>
        <p className="hidden text-xs text-slate-500 sm:block dark:text-slate-400">{t("chat.picker.hint", { max: MAX_MODELS })}</p>
        {maxPaid !== undefined && (
          <span
            data-testid="model-paid-count"
            title={t("chat.picker.plan_limit", { max: maxPaid })}
            className={`rounded-full px-2 py-0.5 text-xs font-semibold tabular-nums ${
              paidFull
                ? "bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200"
                : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
            }`}
          >
            {t("chat.picker.paid_count", { count: paidCount, max: maxPaid })}
          </span>
        )}
        {maxPaid !== undefined && (
          <p className="w-full text-xs text-slate-500 dark:text-slate-400" data-testid="model-plan-limit">
            {t("chat.picker.plan_limit", { max: maxPaid })}
          </p>
        )}
        <div className="ml-auto flex items-center gap-1">
          <button
            type="button"
            data-testid="model-select-all"
            disabled={available.length === 0}
            onClick={() => {
              onChange(usable(withinPlan(available.map((model) => model.id)), models));
            }}
            className="rounded-md px-2 py-1 text-xs font-semibold text-indigo-700 hover:bg-indigo-50 disabled:opacity-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
          >
            {t("chat.picker.select_all")}
          </button>
          <button
            type="button"
            data-testid="model-clear"
            disabled={selected.length === 0}
            onClick={() => {
              onChange([]);
            }}
            className="rounded-md px-2 py-1 text-xs font-semibold text-slate-600 hover:bg-slate-100 disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            {t("chat.picker.clear")}
          </button>
          <button
            type="button"
            data-testid="model-picker-close"
            aria-label={t("chat.picker.close")}
            onClick={onClose}
            className="rounded-md p-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      </div>

      {loading ? (
        <Spinner label={t("chat.picker.loading")} />
      ) : error ? (
        <ProblemError error={error} data-testid="models-error" />
      ) : (
        groupByVendor(models).map(([vendor, group]) => (
          <fieldset key={vendor} data-testid="model-group" data-vendor={vendor}>
            <legend className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
              {vendorName(vendor)}
            </legend>
            <div className="grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
              {group.map((model) => {
                const on = chosen.has(model.id);
                const locked = model.available && !model.in_plan;
                const reason = lockReason(model, on);
                const disabled = reason !== null || (!on && full);
                const priceIn = formatPrice(model.price_in);
                const priceOut = formatPrice(model.price_out);
                return (
                  <label
                    key={model.id}
                    data-testid="model-option"
                    data-model={model.id}
                    data-selected={on}
                    data-available={model.available}
                    className={`flex items-start gap-2 rounded-lg p-2 text-sm ring-1 ring-inset ${
                      on ? "bg-indigo-50 ring-indigo-300 dark:bg-indigo-950/60 dark:ring-indigo-700" : "ring-slate-200 dark:ring-slate-700"
                    } ${disabled ? "cursor-not-allowed opacity-55" : "cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800"}`}
                  >
                    <input
                      type="checkbox"
                      checked={on}
                      disabled={disabled}
                      onChange={(event) => {
                        toggle(model.id, event.target.checked);
                      }}
                      className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600 dark:border-slate-600 dark:bg-slate-900"
                    />
                    <span className="min-w-0 flex-1">
                      <span className="flex flex-wrap items-center gap-1.5">
                        <span className="font-medium text-slate-900 dark:text-white">{model.display_name}</span>
                        {model.simulated && <SimulatedBadge />}
                        {locked && (
                          <span
                            data-testid="model-locked"
                            className="rounded-full bg-amber-100 px-1.5 py-0.5 text-[0.6875rem] leading-none font-semibold text-amber-800 dark:bg-amber-900/60 dark:text-amber-200"
                          >
                            {t("chat.picker.not_in_plan")}
                          </span>
                        )}
                        {!model.available && (
                          <span className="rounded-full bg-slate-200 px-1.5 py-0.5 text-[0.6875rem] leading-none font-semibold text-slate-600 dark:bg-slate-700 dark:text-slate-300">
                            {t("chat.picker.unavailable")}
                          </span>
                        )}
                      </span>
                      <span className="mt-0.5 block text-xs text-slate-500 tabular-nums dark:text-slate-400">
                        <span
                          title={t("chat.picker.price_title", {
                            in: priceIn,
                            out: priceOut,
                          })}
                        >
                          {t("chat.picker.price", {
                            in: priceIn,
                            out: priceOut,
                          })}
                        </span>
                        {" · "}
                        {t("chat.picker.context", {
                          size: formatContext(model.context_window),
                        })}
                      </span>
                      {reason && (
                        <span
                          data-testid="model-lock-reason"
                          data-reason={reason}
                          className="mt-0.5 block text-xs text-amber-800 dark:text-amber-300"
                        >
                          {t(`chat.picker.locked_${reason}`, { vendor: vendorName(model.vendor), max: maxPaid ?? MAX_MODELS })}
                        </span>
                      )}
                    </span>
                  </label>
                );
              })}
            </div>
          </fieldset>
        ))
      )}
      {full && <p className="text-xs text-amber-700 dark:text-amber-300">{t("chat.picker.limit", { max: MAX_MODELS })}</p>}
      {anyLocked && (
        <p className="text-xs text-slate-600 dark:text-slate-300" data-testid="model-unlock">
          {t("chat.picker.unlock")} <TextLink to="/settings/billing">{t("chat.picker.unlock_plans")}</TextLink>
          {" · "}
          <TextLink to="/settings/keys">{t("chat.picker.unlock_keys")}</TextLink>
        </p>
      )}

      <Presets selected={selected} byId={byId} models={models} onChange={onChange} />
    </section>
  );
}
