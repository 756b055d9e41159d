import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { Brand } from "./Brand";
import { buttonClasses } from "./buttonClasses";
import { LanguageSwitch } from "./LanguageSwitch";
import { useI18n } from "../i18n";
import { useAuth } from "../lib/auth";

/** The frame of pages people open from a link, signed in or not: the brand, the language, a way in. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { status } = useAuth();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname);
  return (
    <div className="flex min-h-dvh flex-col bg-slate-50 dark:bg-slate-950" data-testid="public-layout">
      <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 sm:px-6 dark:border-slate-800 dark:bg-slate-900">
        <Link to="/" className="rounded-lg focus-visible:outline-2 focus-visible:outline-indigo-600">
          <Brand />
        </Link>
        <div className="flex items-center gap-2">
          <LanguageSwitch />
          {status === "signed-in" ? (
            <Link to="/chat" className={buttonClasses("secondary")} data-testid="public-open-app">
              {t("share.public.open_app")}
            </Link>
          ) : (
            status === "signed-out" && (
              <>
                <Link to={`/login?next=${next}`} className={buttonClasses("secondary")} data-testid="public-sign-in">
                  {t("share.public.sign_in")}
                </Link>
                <Link to="/register" className={buttonClasses("primary")} data-testid="public-register">
                  {t("share.public.register")}
                </Link>
              </>
            )
          )}
        </div>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:px-6">{children}</main>
      <footer className="px-4 py-4 text-center text-xs text-slate-500 dark:text-slate-400">{t("share.public.footer")}</footer>
    </div>
  );
}
