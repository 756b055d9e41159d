import { useI18n } from "../../i18n";
import { RANGES, type Range } from "./api";

/** 7 / 30 / 90 days, as a group of toggle buttons. */
export function RangeToggle({ value, onChange }: { value: Range; onChange: (value: Range) => void }) {
  const { t } = useI18n();
  return (
    <div role="group" aria-label={t("dashboard.range.label")} className="inline-flex rounded-lg bg-slate-100 p-0.5 dark:bg-slate-800">
      {RANGES.map((days) => (
        <button
          key={days}
          type="button"
          aria-pressed={value === days}
          data-testid={`range-${days}`}
          onClick={() => {
            onChange(days);
          }}
          className={`rounded-md px-3 py-1.5 text-sm font-semibold transition ${
            value === days
              ? "bg-white text-indigo-700 shadow-sm dark:bg-slate-900 dark:text-indigo-300"
              : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
          }`}
        >
          {t("dashboard.range.days", { days })}
        </button>
      ))}
    </div>
  );
}
