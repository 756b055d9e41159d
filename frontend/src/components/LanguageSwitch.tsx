import { Languages } from "lucide-react";
import { LANGUAGES, useI18n, type Language } from "../i18n";

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label className="relative inline-flex items-center">
      <span className="sr-only">{t("language.label")}</span>
      <Languages className="pointer-events-none absolute left-2 size-4 text-slate-500" aria-hidden="true" />
      <select
        data-testid="lang-switch"
        value={language}
        onChange={(event) => {
          setLanguage(event.target.value as Language);
        }}
        className="appearance-none rounded-lg border-0 bg-transparent py-1.5 pr-2 pl-7 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-100 focus:ring-2 focus:ring-indigo-600 dark:text-slate-200 dark:ring-slate-600 dark:hover:bg-slate-800"
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
