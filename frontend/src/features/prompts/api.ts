// The prompts API contract (webox.prompts): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { ApiError, api, withQuery, type RequestOptions , type Schema } from "../../lib/api";
import type { Language } from "../../i18n";

export type VariableType = "text" | "textarea" | "choice" | "number";

export type Variable = Schema<"Variable">;

export type PromptStats = Schema<"PromptStats">;

export type PromptSource = "builtin" | "own" | "marketplace";

export interface Prompt {
  id: string;
  source?: PromptSource;
  title: string;
  description: string;
  body: string;
  category: string;
  language: Language;
  variables: Variable[];
  stats?: PromptStats | null;
  author_name?: string | null;
  version?: number | null;
  updated_at?: string | null;
  forked_from?: string | null;
  published?: boolean;
  shared?: boolean;
  moderated?: boolean;
  my_stars?: number | null;
}

/** What the editor sends: a new prompt, or the next version of one. */
export interface PromptInput {
  title: string;
  description: string;
  body: string;
  category: string;
  language: Language;
  variables: Variable[];
}

export type VersionSource = "create" | "edit" | "restore" | "fork";

export type VersionSummary = Schema<"VersionSummary">;

export interface Version extends VersionSummary, PromptInput {}

export interface SharedPrompt extends PromptInput {
  version: number;
  updated_at: string;
}

export const REPORT_REASONS = ["spam", "inappropriate", "copyright", "misleading", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export type Report = Schema<"ReportOut">;

export type Rating = Schema<"RatingOut">;

export const MAX_TITLE = 120;
export const MAX_DESCRIPTION = 500;
export const MAX_BODY = 20_000;
export const MAX_VARIABLES = 20;
export const MAX_REPORT_DETAILS = 1_000;

export type PromptCategory = Schema<"CategoryOut">;

export const MARKET_SORTS = ["rating", "uses", "recent"] as const;
export type MarketSort = (typeof MARKET_SORTS)[number];

export interface VariableProblem {
  name: string;
  reason: string;
}

export const promptKeys = {
  all: ["prompts"] as const,
  categories: (lang: Language) => ["prompts", "categories", lang] as const,
  builtin: (lang: Language, category: string, q: string) => ["prompts", "builtin", lang, category, q] as const,
  mine: ["prompts", "mine"] as const,
  detail: (id: string, lang: Language) => ["prompts", "detail", id, lang] as const,
  versions: (id: string) => ["prompts", "versions", id] as const,
  version: (id: string, version: number) => ["prompts", "version", id, version] as const,
  shared: (token: string) => ["prompt-share", token] as const,
  reports: ["prompts", "reports"] as const,
  market: (q: string, category: string, sort: MarketSort) => ["prompts", "market", q, category, sort] as const,
};

const promptPath = (id: string) => `/api/prompts/${encodeURIComponent(id)}`;

export const promptsApi = {
  categories: (lang: Language, options?: RequestOptions) =>
    api.get<PromptCategory[]>(withQuery("/api/prompts/categories", { lang }), options),
  builtin: (params: { lang: Language; category: string; q: string }, options?: RequestOptions) =>
    api.get<{ items: Prompt[] }>(withQuery("/api/prompts/builtin", params), options),
  mine: (cursor: string | null, options?: RequestOptions) =>
    api.get<{ items: Prompt[]; next_cursor: string | null }>(withQuery("/api/prompts", { cursor }), options),
  market: (params: { q: string; category: string; sort: MarketSort; cursor: string | null }, options?: RequestOptions) =>
    api.get<{ items: Prompt[]; next_cursor: string | null }>(withQuery("/api/prompts/marketplace", params), options),
  render: (id: string, values: Record<string, string | number>) =>
    api.post<{ text: string }>(`${promptPath(id)}/render`, { values }),
  use: (id: string) => api.post(`${promptPath(id)}/use`),
  get: (id: string, lang: Language, options?: RequestOptions) =>
    api.get<Prompt>(withQuery(promptPath(id), { lang }), options),
  create: (input: PromptInput) => api.post<Prompt>("/api/prompts", input),
  update: (id: string, input: PromptInput & { expected_version?: number | null }) =>
    api.patch<Prompt>(promptPath(id), input),
  remove: (id: string) => api.delete(promptPath(id)),
  versions: (id: string, options?: RequestOptions) =>
    api.get<{ items: VersionSummary[]; next_cursor: string | null }>(
      withQuery(`${promptPath(id)}/versions`, { limit: 100 }),
      options,
    ),
  version: (id: string, version: number, options?: RequestOptions) =>
    api.get<Version>(`${promptPath(id)}/versions/${version}`, options),
  restore: (id: string, version: number) => api.post<Prompt>(`${promptPath(id)}/versions/${version}/restore`),
  fork: (id: string, lang: Language) => api.post<Prompt>(withQuery(`${promptPath(id)}/fork`, { lang })),
  share: (id: string) => api.post<{ url: string; token: string }>(`${promptPath(id)}/share`),
  unshare: (id: string) => api.delete(`${promptPath(id)}/share`),
  publish: (id: string) => api.post<Prompt>(`${promptPath(id)}/publish`),
  unpublish: (id: string) => api.post<Prompt>(`${promptPath(id)}/unpublish`),
  rate: (id: string, stars: number) => api.post<Rating>(`${promptPath(id)}/rate`, { stars }),
  report: (id: string, reason: ReportReason, details: string) =>
    api.post(`${promptPath(id)}/report`, { reason, details }),
  reports: (cursor: string | null, options?: RequestOptions) =>
    api.get<{ items: Report[]; next_cursor: string | null }>(withQuery("/api/prompts/admin/reports", { cursor }), options),
  adminUnpublish: (id: string, reason: string) => api.post(`${promptPath(id)}/admin-unpublish`, { reason }),
  shared: (token: string, options?: RequestOptions) =>
    api.get<SharedPrompt>(`/api/prompts/shared/${encodeURIComponent(token)}`, options),
  renderShared: (token: string, values: Record<string, string | number>) =>
    api.post<{ text: string }>(`/api/prompts/shared/${encodeURIComponent(token)}/render`, { values }),
  forkShared: (token: string) => api.post<Prompt>(`/api/prompts/shared/${encodeURIComponent(token)}/fork`),
};

// The server's `{{ name }}` syntax and the names it accepts (webox.prompts.schemas.VARIABLE_NAME).
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const VARIABLE_NAME = /^[a-zàâäçéèêëîïôöùûüÿœæ][a-zàâäçéèêëîïôöùûüÿœæ0-9_]{0,39}$/;

/** The distinct `{{names}}` of a body, in order of appearance, and those that are not valid names. */
export function placeholders(body: string): { names: string[]; invalid: string[] } {
  const names: string[] = [];
  const invalid: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    const list = VARIABLE_NAME.test(name) ? names : invalid;
    if (!list.includes(name)) list.push(name);
  }
  return { names, invalid };
}

/** The per-variable reasons of an `invalid_values` refusal, or an empty list. */
export function variableProblems(error: unknown): VariableProblem[] {
  if (!(error instanceof ApiError) || error.code !== "invalid_values") return [];
  const variables = error.problem.variables;
  if (!Array.isArray(variables)) return [];
  return variables.filter(
    (item): item is VariableProblem =>
      typeof item === "object" && item !== null && typeof (item as VariableProblem).name === "string",
  );
}
