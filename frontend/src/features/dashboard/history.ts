// The history's rows in the reader's words: a job's status, a media kind and models by name (the
// API also sends its own `subtitle`, made of ids, for clients that do not word it).
import type { Translate } from "../../i18n";
import { modelName, type ChatModel } from "../../lib/models";
import type { TimelineItem } from "./api";

const STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
const MEDIA_KINDS = [
  "image",
  "variation",
  "edit",
  "speech",
  "voice_clone",
  "transcription",
  "audio",
  "transcript",
  "document",
] as const;

function oneOf<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return value != null && (values as readonly string[]).includes(value);
}

export function timelineStatus(status: string, t: Translate): string {
  return oneOf(STATUSES, status) ? t(`dashboard.history.statuses.${status}`) : status;
}

/** The media kind, then the models by name; the API's subtitle when it says nothing of either. */
export function timelineSubtitle(
  item: TimelineItem,
  t: Translate,
  byId: ReadonlyMap<string, ChatModel>,
): string | null {
  const models = item.models ?? [];
  if (models.length === 0 && !item.media_kind) return item.subtitle ?? null;
  const kind = oneOf(MEDIA_KINDS, item.media_kind) ? t(`dashboard.history.media_kinds.${item.media_kind}`) : item.media_kind;
  const parts = [kind, models.map((model) => modelName(byId, model)).join(", ")];
  return parts.filter(Boolean).join(" · ") || null;
}
