// A message's versions (edited or regenerated): which branch of the conversation is shown.
import { endpoint } from "../../lib/api";
import type { ConversationDetail, Turn } from "./api";

/** Shows the branch through `turn` (a version of a message); answers the conversation as it is then shown. */
export function showVersion(
  conversationId: string,
  turn: number,
): Promise<ConversationDetail> {
  return endpoint("put", "/api/conversations/{conversation_id}/branch", {
    path: { conversation_id: conversationId },
    body: { turn },
  }) as Promise<ConversationDetail>;
}

export interface VersionInfo {
  /** 1-based position of this version among its message's versions. */
  index: number;
  count: number;
  previous: number | null;
  next: number | null;
}

/** Where a turn stands among the versions of its message (a turn without versions is the only one). */
export function versionInfo(
  turn: number,
  versions: readonly number[] | undefined,
): VersionInfo {
  const all = versions?.includes(turn) ? versions : [turn];
  const position = all.indexOf(turn);
  return {
    index: position + 1,
    count: all.length,
    previous: position > 0 ? (all[position - 1] ?? null) : null,
    next: position < all.length - 1 ? (all[position + 1] ?? null) : null,
  };
}

/**
 * The stored turns shown while a new version of `editOf` is on its way: those before it (the new
 * version takes its place, the old one stays reachable through the version switch).
 */
export function before(
  turns: readonly Turn[],
  editOf: number | null,
): readonly Turn[] {
  if (editOf === null) return turns;
  const position = turns.findIndex((turn) => turn.turn === editOf);
  return position < 0 ? turns : turns.slice(0, position);
}
