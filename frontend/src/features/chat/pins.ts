// Pinned conversations: listed first in the sidebar, the others below them.
import { endpoint, type RequestOptions } from "../../lib/api";
import {
  chatKeys,
  CONVERSATIONS_PAGE,
  type Conversation,
  type ConversationPage,
} from "./api";

/** Under `chatKeys.lists`, so every refresh of the lists includes it (same page shape). */
export const pinnedKey = (q: string) =>
  [...chatKeys.lists, "pinned", q] as const;

export function listPinned(
  q: string,
  options?: RequestOptions,
): Promise<ConversationPage> {
  return endpoint("get", "/api/conversations", {
    query: { q, pinned: true },
    ...options,
  });
}

/** One page of the conversations that are not pinned. */
export function listUnpinned(
  q: string,
  cursor: string | null,
  options?: RequestOptions,
): Promise<ConversationPage> {
  return endpoint("get", "/api/conversations", {
    query: {
      q,
      limit: CONVERSATIONS_PAGE,
      pinned: false,
      ...(cursor ? { cursor } : {}),
    },
    ...options,
  });
}

export function setPinned(
  conversationId: string,
  pinned: boolean,
): Promise<Conversation> {
  const call = { path: { conversation_id: conversationId } };
  return pinned
    ? endpoint("put", "/api/conversations/{conversation_id}/pin", call)
    : endpoint("delete", "/api/conversations/{conversation_id}/pin", call);
}
