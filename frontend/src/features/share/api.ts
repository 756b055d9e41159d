// The share links and exports API contract (webox.share, webox.export): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { api, withQuery, type RequestOptions, type Schema } from "../../lib/api";

export type Visibility = "public" | "private";

export const EXPORT_FORMATS = ["md", "html", "txt", "json", "pdf"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const MAX_EMAILS = 50;

export type LinkStats = Schema<"LinkStats">;

export type ShareLink = Schema<"LinkOut">;

export type LinkInput = Schema<"LinkUpdate">;

export type SharedUsage = Schema<"UsageOut">;

export interface SharedAnswer {
  model: string;
  model_name: string;
  status: string;
  text: string;
  usage: SharedUsage;
  ttft_ms: number | null;
  duration_ms: number | null;
  error: { code: string; message: string } | null;
  simulated: boolean;
}

export interface SharedVerdict {
  judge_model: string;
  agreement: number;
  shared_points: string[];
  contradictions: { topic: string; claims: Record<string, string> }[];
  fused_answer: string;
  simulated: boolean;
  error: { code: string; message: string } | null;
}

export interface SharedTurn {
  turn: number;
  created_at: string;
  content: string;
  models: string[];
  chosen_model: string | null;
  answers: SharedAnswer[];
  verdict: SharedVerdict | null;
}

export interface SharedMedia {
  kind: "image" | "audio";
  content_type: string;
  url: string;
  prompt: string;
  model: string;
  width?: number | null;
  height?: number | null;
  duration_s?: number | null;
}

export interface SharedView {
  kind: string;
  title: string;
  shared_at: string;
  expires_at: string | null;
  conversation?: {
    title: string;
    created_at: string;
    updated_at: string;
    turns: SharedTurn[];
  } | null;
  media?: SharedMedia | null;
}

export const shareKeys = {
  all: ["share-links"] as const,
  list: (targetId: string | null) => ["share-links", "list", targetId ?? ""] as const,
  view: (token: string) => ["share-view", token] as const,
};

const linkPath = (id: string) => `/api/share-links/${encodeURIComponent(id)}`;

export const shareApi = {
  list: (params: { targetId: string | null; cursor: string | null }, options?: RequestOptions) =>
    api.get<{ items: ShareLink[]; next_cursor: string | null }>(
      withQuery("/api/share-links", {
        target_id: params.targetId,
        cursor: params.cursor,
        limit: 50,
      }),
      options,
    ),
  createForConversation: (conversationId: string, input: LinkInput) =>
    api.post<ShareLink>("/api/share-links", {
      conversation_id: conversationId,
      ...input,
    }),
  update: (id: string, input: Partial<LinkInput>) => api.patch<ShareLink>(linkPath(id), input),
  revoke: (id: string) => api.delete(linkPath(id)),
  open: (token: string, referrer: string, options?: RequestOptions) =>
    api.get<SharedView>(
      withQuery(`/api/share-links/public/${encodeURIComponent(token)}`, {
        ref: referrer.slice(0, 2048),
      }),
      options,
    ),
};

export function exportUrl(conversationId: string, format: ExportFormat): string {
  // Dates in the file are printed in the reader's own time zone.
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return withQuery(`/api/exports/conversations/${encodeURIComponent(conversationId)}`, { format, timezone });
}

/** The addresses typed in a free-form box (commas, semicolons, spaces or lines), lower case, once each. */
export function parseEmails(text: string): string[] {
  const parts = text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(parts)];
}
