import { useI18n } from "../../i18n";

const COLUMNS = [
  { model: "GPT-4o", ms: 412, lines: [92, 80, 64] },
  { model: "Claude Sonnet 4.6", ms: 538, lines: [88, 95, 52] },
  { model: "Mistral Large", ms: 377, lines: [90, 70, 76] },
] as const;

/** A drawing of the chat's side-by-side answers and their verdict (decorative: the text says it all). */
export function ComparePreview() {
  const { t } = useI18n();
  return (
    <figure
      className="rounded-2xl bg-slate-100 p-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      aria-hidden="true"
    >
      <div className="mb-3 rounded-lg bg-white px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200 dark:bg-slate-950 dark:text-slate-300 dark:ring-slate-800">
        {t("landing.preview.question")}
      </div>
      <div className="grid grid-cols-3 gap-2">
        {COLUMNS.map((column) => (
          <div key={column.model} className="space-y-2 rounded-lg bg-white p-2 ring-1 ring-slate-200 dark:bg-slate-950 dark:ring-slate-800">
            <div className="flex items-center justify-between gap-1 text-[0.6875rem] font-semibold text-slate-800 dark:text-slate-200">
              <span className="truncate">{column.model}</span>
              <span className="text-slate-400 tabular-nums">{column.ms} ms</span>
            </div>
            {column.lines.map((width, index) => (
              <div key={index} className="h-1.5 rounded-full bg-slate-200 dark:bg-slate-700" style={{ width: `${width}%` }} />
            ))}
          </div>
        ))}
      </div>
      <div className="mt-3 rounded-lg bg-emerald-50 px-3 py-2 text-xs text-emerald-800 ring-1 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900">
        {t("landing.preview.verdict")}
      </div>
    </figure>
  );
}
