// The chat page with what other features add to it: the conversation's export menu and share
// button (the share feature) in its header.
import { ChatPage } from "../../features/chat/ChatPage";
import { ExportMenu } from "../../features/share/ExportMenu";
import { ShareButton } from "../../features/share/ShareButton";

function conversationActions(conversationId: string) {
  return (
    <>
      <ExportMenu conversationId={conversationId} />
      <ShareButton key={conversationId} targetId={conversationId} />
    </>
  );
}

export function ChatRoute() {
  return <ChatPage conversationActions={conversationActions} />;
}
