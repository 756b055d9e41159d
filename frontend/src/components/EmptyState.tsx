import type { ReactNode } from "react";

export interface EmptyStateProps {
  children: ReactNode;
  /** What the user can do about it (a link, a button). */
  action?: ReactNode;
  "data-testid"?: string;
}

/** What a list says when it has nothing to show (nothing yet, or nothing matching the filters). */
export function EmptyState({ children, action, "data-testid": testId }: EmptyStateProps) {
  if (!action) {
    return (
      <p className="py-6 text-sm text-slate-500 dark:text-slate-400" data-testid={testId}>
        {children}
      </p>
    );
  }
  return (
    <div className="space-y-3 py-6" data-testid={testId}>
      <p className="text-sm text-slate-500 dark:text-slate-400">{children}</p>
      {action}
    </div>
  );
}
