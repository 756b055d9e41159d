import type { ReactNode } from "react";
import { useAuth } from "../../lib/auth";
import { ChatControls } from "./ChatControls";
import { ChatHeader } from "./ChatHeader";
import { ChatHistoryDrawer } from "./ChatHistoryDrawer";
import { ChatTurns } from "./ChatTurns";
import { useChatLayout, useHistoryCollapsed } from "./layout";
import { useChatPage } from "./useChatPage";

export interface ChatPageProps {
  /** What the header offers for a saved conversation (export, share): composed by the app. */
  conversationActions: (conversationId: string) => ReactNode;
}

/** `/chat` (a new conversation) and `/chat/:conversationId`: several models answer in a grid, side by side or one at a time. */
export function ChatPage({ conversationActions }: ChatPageProps) {
  const page = useChatPage();
  const { id, detail } = page;
  const userId = useAuth().user?.id ?? "";
  const [layout, setLayout] = useChatLayout(userId);
  const [historyCollapsed, setHistoryCollapsed] = useHistoryCollapsed(userId);
  return (
    <div
      data-testid="chat-page"
      className="-mx-4 -my-6 flex h-[calc(100dvh-4rem)] sm:-mx-6 lg:-mx-8"
    >
      <ChatHistoryDrawer
        activeId={id}
        open={page.drawerOpen}
        collapsed={historyCollapsed}
        onClose={() => {
          page.setDrawerOpen(false);
        }}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <ChatHeader
          title={detail?.title}
          drawerOpen={page.drawerOpen}
          onOpenDrawer={() => {
            page.setDrawerOpen(true);
          }}
          historyCollapsed={historyCollapsed}
          onToggleHistory={() => {
            setHistoryCollapsed(!historyCollapsed);
          }}
          layout={layout}
          onLayoutChange={setLayout}
          actions={id !== null && detail ? conversationActions(id) : null}
        />
        <ChatTurns page={page} layout={layout} />
        {!page.notFound && <ChatControls page={page} />}
        <div
          aria-live="polite"
          role="status"
          className="sr-only"
          data-testid="chat-announcer"
        >
          {page.announcement}
        </div>
      </div>
    </div>
  );
}
