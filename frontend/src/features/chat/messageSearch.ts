// Search inside messages and answers across the user's conversations (`GET /api/conversations/search`).
import { endpoint, type RequestOptions, type Schema } from "../../lib/api";

export type MessageHit = Schema<"MessageHit">;
export type MessageSearchPage = Schema<"MessageSearchPage">;

export const MESSAGE_SEARCH_PAGE = 20;
/** The server searches words of two characters or more. */
export const MIN_SEARCH_LENGTH = 2;

export const messageSearchKey = (q: string) =>
  ["chat", "message-search", q] as const;

export function searchMessages(
  q: string,
  cursor: string | null,
  options?: RequestOptions,
): Promise<MessageSearchPage> {
  return endpoint("get", "/api/conversations/search", {
    query: { q, limit: MESSAGE_SEARCH_PAGE, ...(cursor ? { cursor } : {}) },
    ...options,
  });
}

export interface SnippetPart {
  text: string;
  marked: boolean;
}

/** The snippet cut into plain and marked parts (the server's highlights, clipped and in order). */
export function snippetParts(
  snippet: string,
  highlights: readonly { start: number; end: number }[],
): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const { start, end } of [...highlights].sort(
    (a, b) => a.start - b.start,
  )) {
    const from = Math.max(start, at);
    const to = Math.min(end, snippet.length);
    if (to <= from) continue;
    if (from > at) parts.push({ text: snippet.slice(at, from), marked: false });
    parts.push({ text: snippet.slice(from, to), marked: true });
    at = to;
  }
  if (at < snippet.length)
    parts.push({ text: snippet.slice(at), marked: false });
  return parts;
}

/** The chat page's address that opens a conversation at one of its turns. */
export function hitPath(
  hit: Pick<MessageHit, "conversation_id" | "turn">,
): string {
  return `/chat/${hit.conversation_id}?turn=${hit.turn}`;
}
