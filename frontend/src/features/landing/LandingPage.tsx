import { ArrowRight, CheckCircle2, KeyRound, Scale } from "lucide-react";
import { Link } from "react-router";
import { Brand } from "../../components/Brand";
import { buttonClasses } from "../../components/buttonClasses";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { FEATURES } from "../../navigation";
import { ComparePreview } from "./ComparePreview";

const PROMISES = [
  { icon: Scale, key: "compare" },
  { icon: CheckCircle2, key: "verify" },
  { icon: KeyRound, key: "keys" },
] as const;

/** `/` for signed-out visitors: what WeBox does, in their language, and the way in. */
export function LandingPage() {
  const { t } = useI18n();
  useDocumentTitle(t("landing.title"));
  return (
    <div className="min-h-dvh bg-white dark:bg-slate-950" data-testid="landing">
      <header className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-4 sm:px-6">
        <Brand />
        <div className="flex items-center gap-2">
          <LanguageSwitch />
          <Link to="/login" className={buttonClasses("secondary")} data-testid="landing-sign-in">
            {t("landing.sign_in")}
          </Link>
        </div>
      </header>

      <main>
        <section className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-10 sm:px-6 lg:grid-cols-2 lg:py-16">
          <div className="space-y-6">
            <h1 className="text-4xl font-bold tracking-tight text-balance text-slate-900 sm:text-5xl dark:text-white">
              {t("landing.headline")}
            </h1>
            <p className="text-lg text-pretty text-slate-600 dark:text-slate-300">{t("landing.subtitle")}</p>
            <div className="flex flex-wrap gap-3">
              <Link to="/register" className={buttonClasses("primary", "px-4 py-2.5 text-base")} data-testid="landing-register">
                {t("landing.register")}
                <ArrowRight className="size-4" aria-hidden="true" />
              </Link>
              <Link to="/login" className={buttonClasses("ghost", "px-4 py-2.5 text-base")}>
                {t("landing.have_account")}
              </Link>
            </div>
            <ul className="space-y-3">
              {PROMISES.map(({ icon: Icon, key }) => (
                <li key={key} className="flex gap-3 text-sm text-slate-700 dark:text-slate-300">
                  <Icon className="mt-0.5 size-5 shrink-0 text-indigo-600 dark:text-indigo-400" aria-hidden="true" />
                  <span>{t(`landing.promises.${key}`)}</span>
                </li>
              ))}
            </ul>
          </div>
          <ComparePreview />
        </section>

        <section className="bg-slate-50 py-12 dark:bg-slate-900" aria-labelledby="landing-features">
          <div className="mx-auto max-w-6xl px-4 sm:px-6">
            <h2 id="landing-features" className="mb-8 text-2xl font-bold text-slate-900 dark:text-white">
              {t("landing.features_title")}
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="landing-features">
              {FEATURES.map(({ id, icon: Icon }) => (
                <li key={id} className="rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-950 dark:ring-slate-800">
                  <Icon className="mb-2 size-6 text-indigo-600 dark:text-indigo-400" aria-hidden="true" />
                  <h3 className="font-semibold text-slate-900 dark:text-white">{t(`features.${id}.name`)}</h3>
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t(`features.${id}.description`)}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="mx-auto max-w-6xl px-4 py-8 text-center text-sm text-slate-500 sm:px-6 dark:text-slate-400">
        {t("landing.footer")}
      </footer>
    </div>
  );
}
