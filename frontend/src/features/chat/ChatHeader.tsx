import { PanelLeftOpen } from "lucide-react";
import type { ReactNode } from "react";
import { useI18n } from "../../i18n";

export interface ChatHeaderProps {
  title: string | undefined;
  drawerOpen: boolean;
  onOpenDrawer: () => void;
  /** What the app adds for a saved conversation (export, share); null for a new one. */
  actions: ReactNode;
}

/** The bar over the turns: the history drawer's toggle, the conversation's title and its actions. */
export function ChatHeader({ title, drawerOpen, onOpenDrawer, actions }: ChatHeaderProps) {
  const { t } = useI18n();
  return (
    <div className="flex h-11 shrink-0 items-center gap-2 border-b border-slate-200 px-3 sm:px-4 dark:border-slate-800">
      <button
        type="button"
        data-testid="conversation-toggle"
        aria-expanded={drawerOpen}
        aria-controls="chat-history"
        onClick={onOpenDrawer}
        className="-ml-1 inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:hidden dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <PanelLeftOpen className="size-4" aria-hidden="true" />
        <span className="sr-only sm:not-sr-only">{t("chat.sidebar.open")}</span>
      </button>
      <h1 className="min-w-0 truncate text-sm font-semibold text-slate-900 dark:text-white" data-testid="chat-title">
        {title ?? t("chat.sidebar.new")}
      </h1>
      {actions !== null && <div className="ml-auto flex shrink-0 items-center gap-1">{actions}</div>}
    </div>
  );
}
