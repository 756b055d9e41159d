import type { ReactNode } from "react";

/** One block of the automations page: a title, an action, its content. */
export function Section({ title, action, children, testId }: { title: string; action?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-testid={testId}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{title}</h2>
        {action}
      </header>
      {children}
    </section>
  );
}
