import { useQueryClient } from "@tanstack/react-query";
import { Languages } from "lucide-react";
import { useContext } from "react";
import { ACCOUNT_SETTINGS_KEY } from "../lib/accountSettings";
import { endpoint } from "../lib/api";
import { AuthContext, ME_QUERY_KEY, type User } from "../lib/auth";
import { LANGUAGES, useI18n, type Language } from "../i18n";

/** The header's language picker; signed in, the choice is also the account's (every device follows). */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const user = useContext(AuthContext)?.user ?? null;
  const queryClient = useQueryClient();

  function choose(next: Language) {
    setLanguage(next);
    if (!user || user.language === next) return;
    queryClient.setQueryData<User | null>(ME_QUERY_KEY, (old) => (old ? { ...old, language: next } : old));
    endpoint("patch", "/api/account/settings", { body: { language: next } })
      .then((saved) => {
        queryClient.setQueryData(ACCOUNT_SETTINGS_KEY, saved);
      })
      .catch(() => {
        // The screen keeps the chosen language; the account keeps its own until the next success.
        void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      });
  }

  return (
    <label className="relative inline-flex items-center">
      <span className="sr-only">{t("language.label")}</span>
      <Languages className="pointer-events-none absolute left-2 size-4 text-slate-500" aria-hidden="true" />
      <select
        data-testid="lang-switch"
        value={language}
        onChange={(event) => {
          choose(event.target.value as Language);
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
