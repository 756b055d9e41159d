// How the chat lays out a turn's answers, and whether the conversation list is shown: remembered per
// user on this device.
import { useStoredPreference } from "../../lib/storedPreference";

/** grid: as many answers per row as fit (1–4); side: one row that scrolls sideways; focus: one answer, the others as tabs. */
export const CHAT_LAYOUTS = ["grid", "side", "focus"] as const;
export type ChatLayout = (typeof CHAT_LAYOUTS)[number];

export const LAYOUT_KEY = "webox.chat.layout";
export const HISTORY_KEY = "webox.chat.history_collapsed";

const isLayout = (value: unknown): value is ChatLayout =>
  CHAT_LAYOUTS.some((layout) => layout === value);

/** The user's answer layout (grid unless they chose another). */
export function useChatLayout(userId: string) {
  return useStoredPreference<ChatLayout>(
    `${LAYOUT_KEY}:${userId}`,
    (value) => (isLayout(value) ? value : null),
    "grid",
  );
}

/** Whether the user folded the conversation list away on wide screens. */
export function useHistoryCollapsed(userId: string) {
  return useStoredPreference<boolean>(
    `${HISTORY_KEY}:${userId}`,
    (value) => (typeof value === "boolean" ? value : null),
    false,
  );
}
