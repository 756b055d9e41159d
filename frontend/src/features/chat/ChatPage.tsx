import type { ReactNode } from "react";
import { ChatControls } from "./ChatControls";
import { ChatHeader } from "./ChatHeader";
import { ChatHistoryDrawer } from "./ChatHistoryDrawer";
import { ChatTurns } from "./ChatTurns";
import { useChatPage } from "./useChatPage";

export interface ChatPageProps {
  /** What the header offers for a saved conversation (export, share): composed by the app. */
  conversationActions: (conversationId: string) => ReactNode;
}

/** `/chat` (a new conversation) and `/chat/:conversationId`: several models answer side by side. */
export function ChatPage({ conversationActions }: ChatPageProps) {
  const page = useChatPage();
  const { id, detail } = page;
  return (
    <div data-testid="chat-page" className="-mx-4 -my-6 flex h-[calc(100dvh-4rem)] sm:-mx-6 lg:-mx-8">
      <ChatHistoryDrawer
        activeId={id}
        open={page.drawerOpen}
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
          actions={id !== null && detail ? conversationActions(id) : null}
        />
        <ChatTurns page={page} />
        {!page.notFound && <ChatControls page={page} />}
        <div aria-live="polite" role="status" className="sr-only" data-testid="chat-announcer">
          {page.announcement}
        </div>
      </div>
    </div>
  );
}
