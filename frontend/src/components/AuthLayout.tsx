import type { ReactNode } from "react";
import { Link } from "react-router";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { Brand } from "./Brand";
import { LanguageSwitch } from "./LanguageSwitch";

export interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** The centred card used by the sign-in, sign-up and password pages. */
export function AuthLayout({ title, subtitle, children, footer }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <div className="flex min-h-dvh flex-col bg-linear-to-br from-indigo-50 via-white to-fuchsia-50 dark:from-slate-950 dark:via-slate-950 dark:to-indigo-950">
      <header className="flex items-center justify-between p-4 sm:p-6">
        <Link to="/" className="rounded-lg focus-visible:outline-2 focus-visible:outline-indigo-600">
          <Brand />
        </Link>
        <LanguageSwitch />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-4 pb-12 sm:pt-12">
        <div className="w-full max-w-md">
          <div className="rounded-2xl bg-white p-6 shadow-xl ring-1 shadow-indigo-100 ring-slate-200 sm:p-8 dark:bg-slate-900 dark:shadow-none dark:ring-slate-800">
            <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{title}</h1>
            {subtitle && <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{subtitle}</p>}
            <div className="mt-6">{children}</div>
          </div>
          {footer && <div className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">{footer}</div>}
        </div>
      </main>
    </div>
  );
}
