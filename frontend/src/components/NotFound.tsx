import { useI18n } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { TextLink } from "./TextLink";

export function NotFound() {
  const { t } = useI18n();
  useDocumentTitle(t("not_found.title"));
  return (
    <section className="mx-auto max-w-xl py-16 text-center" data-testid="not-found">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-slate-900 dark:text-white">{t("not_found.title")}</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-400">{t("not_found.body")}</p>
      <p className="mt-6">
        <TextLink to="/">{t("not_found.home")}</TextLink>
      </p>
    </section>
  );
}
