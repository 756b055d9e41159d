import { X } from "lucide-react";
import { useI18n } from "../../i18n";
import { ConversationSidebar } from "./ConversationSidebar";

export interface ChatHistoryDrawerProps {
  activeId: string | null;
  open: boolean;
  /** Folded away on large screens (the header brings it back). */
  collapsed: boolean;
  onClose: () => void;
}

/** One history for every width: a column on large screens (which may fold it away), a drawer (with its backdrop) on smaller ones. */
export function ChatHistoryDrawer({
  activeId,
  open,
  collapsed,
  onClose,
}: ChatHistoryDrawerProps) {
  const { t } = useI18n();
  return (
    <>
      {open && (
        <div
          className="fixed inset-0 z-30 bg-slate-900/50 lg:hidden"
          aria-hidden="true"
          onClick={onClose}
        />
      )}
      <aside
        id="chat-history"
        aria-label={t("chat.sidebar.label")}
        className={`fixed inset-y-0 left-0 z-40 flex w-80 max-w-[85%] flex-col border-r border-slate-200 bg-white transition-transform lg:visible lg:static lg:z-auto lg:w-72 lg:max-w-none lg:translate-x-0 lg:bg-white/60 lg:shadow-none dark:border-slate-800 dark:bg-slate-900 lg:dark:bg-slate-900/40 ${
          open
            ? "visible translate-x-0 shadow-xl"
            : "invisible -translate-x-full"
        } ${collapsed ? "lg:hidden" : ""}`}
      >
        <div className="flex items-center justify-between px-3 pt-3 lg:hidden">
          <span className="text-sm font-semibold text-slate-900 dark:text-white">
            {t("chat.sidebar.open")}
          </span>
          <button
            type="button"
            aria-label={t("chat.sidebar.close")}
            data-testid="conversation-drawer-close"
            onClick={onClose}
            className="rounded-lg p-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <X className="size-5" aria-hidden="true" />
          </button>
        </div>
        <ConversationSidebar activeId={activeId} />
      </aside>
    </>
  );
}
