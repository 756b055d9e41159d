// The share links and exports API contract (webox.share, webox.export): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { api, withQuery, type RequestOptions, type Schema } from "../../lib/api";

export type Visibility = ShareLink["visibility"];

export const EXPORT_FORMATS = ["md", "html", "txt", "json", "pdf"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const MAX_EMAILS = 50;

export type LinkStats = Schema<"LinkStats">;

export type ShareLink = Schema<"LinkOut">;

export type LinkInput = Schema<"LinkUpdate">;

export type SharedAnswer = Schema<"SharedAnswer">;

export type SharedVerdict = Schema<"ExportedVerdict">;

export type SharedTurn = Schema<"SharedTurn">;

export type SharedMedia = Schema<"SharedMedia">;

export type SharedView = Schema<"SharedView">;

export type SharedWorkflow = Schema<"SharedWorkflow">;

/** What a share link can open (`conversation` from the chat header, `workflow` from the builder). */
export type ShareKind = "conversation" | "workflow";

export const shareKeys = {
  all: ["share-links"] as const,
  list: (targetId: string | null) => ["share-links", "list", targetId ?? ""] as const,
  view: (token: string) => ["share-view", token] as const,
};

const linkPath = (id: string) => `/api/share-links/${encodeURIComponent(id)}`;

export const shareApi = {
  list: (params: { targetId: string | null; cursor: string | null }, options?: RequestOptions) =>
    api.get<Schema<"LinkPage">>(
      withQuery("/api/share-links", {
        target_id: params.targetId,
        cursor: params.cursor,
        limit: 50,
      }),
      options,
    ),
  create: (kind: ShareKind, targetId: string, input: LinkInput) =>
    api.post<ShareLink>("/api/share-links", {
      kind,
      target_id: targetId,
      ...input,
    }),
  /** A shared workflow copied into the signed-in visitor's own workflows (a new workflow, version 1). */
  copyWorkflow: (workflow: SharedWorkflow) =>
    api.post<Schema<"WorkflowOut">>("/api/workflows", {
      title: workflow.title,
      description: workflow.description,
      lang: workflow.lang,
      graph: workflow.graph,
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
