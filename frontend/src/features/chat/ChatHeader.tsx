import {
  Columns3,
  LayoutGrid,
  PanelLeftClose,
  PanelLeftOpen,
  Square,
} from "lucide-react";
import type { ReactNode } from "react";
import { ToggleGroup } from "../../components/ToggleGroup";
import { useI18n } from "../../i18n";
import type { ChatLayout } from "./layout";

export interface ChatHeaderProps {
  title: string | undefined;
  drawerOpen: boolean;
  onOpenDrawer: () => void;
  /** Whether the conversation list is folded away on wide screens. */
  historyCollapsed: boolean;
  onToggleHistory: () => void;
  layout: ChatLayout;
  onLayoutChange: (layout: ChatLayout) => void;
  /** What the app adds for a saved conversation (export, share); null for a new one. */
  actions: ReactNode;
}

const TOGGLE =
  "-ml-1 items-center gap-1.5 rounded-lg px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800";

/** The bar over the turns: the history's toggle, the conversation's title, the answers' layout and the conversation's actions. */
export function ChatHeader(props: ChatHeaderProps) {
  const { t } = useI18n();
  const { historyCollapsed } = props;
  return (
    <div className="flex h-11 shrink-0 items-center gap-2 border-b border-slate-200 px-3 sm:px-4 dark:border-slate-800">
      <button
        type="button"
        data-testid="conversation-toggle"
        aria-expanded={props.drawerOpen}
        aria-controls="chat-history"
        onClick={props.onOpenDrawer}
        className={`${TOGGLE} inline-flex lg:hidden`}
      >
        <PanelLeftOpen className="size-4" aria-hidden="true" />
        <span className="sr-only sm:not-sr-only">{t("chat.sidebar.open")}</span>
      </button>
      <button
        type="button"
        data-testid="conversation-collapse"
        aria-expanded={!historyCollapsed}
        aria-controls="chat-history"
        title={
          historyCollapsed
            ? t("chatLayout.history_show")
            : t("chatLayout.history_hide")
        }
        onClick={props.onToggleHistory}
        className={`${TOGGLE} hidden lg:inline-flex`}
      >
        {historyCollapsed ? (
          <PanelLeftOpen className="size-4" aria-hidden="true" />
        ) : (
          <PanelLeftClose className="size-4" aria-hidden="true" />
        )}
        <span className="sr-only">
          {historyCollapsed
            ? t("chatLayout.history_show")
            : t("chatLayout.history_hide")}
        </span>
      </button>
      <h1
        className="min-w-0 truncate text-sm font-semibold text-slate-900 dark:text-white"
        data-testid="chat-title"
      >
        {props.title ?? t("chat.sidebar.new")}
      </h1>
      <div className="ml-auto flex shrink-0 items-center gap-1">
        <ToggleGroup
          label={t("chatLayout.label")}
          data-testid="chat-layout"
          options={[
            {
              value: "grid",
              label: t("chatLayout.grid"),
              icon: <LayoutGrid className="size-4" aria-hidden="true" />,
              testId: "layout-grid",
            },
            {
              value: "side",
              label: t("chatLayout.side"),
              icon: <Columns3 className="size-4" aria-hidden="true" />,
              testId: "layout-side",
            },
            {
              value: "focus",
              label: t("chatLayout.focus"),
              icon: <Square className="size-4" aria-hidden="true" />,
              testId: "layout-focus",
            },
          ]}
          value={props.layout}
          onChange={props.onLayoutChange}
        />
        {props.actions}
      </div>
    </div>
  );
}
