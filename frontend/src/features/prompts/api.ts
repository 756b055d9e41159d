// The prompts API contract (webox.prompts): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { ApiError, api, withQuery, type RequestOptions, type Schema } from "../../lib/api";
import type { Language } from "../../i18n";
import type { ReportReason } from "../../components/marketplace/reports";

export type Variable = Schema<"Variable">;

export type VariableType = Variable["type"];

export type PromptStats = Schema<"PromptStats">;

export type Prompt = Schema<"PromptOut">;

export type PromptSource = Prompt["source"];

/** What the editor sends: a new prompt, or the next version of one. */
export type PromptInput = Required<Schema<"PromptCreate">>;

export type VersionSummary = Schema<"VersionSummary">;

export type VersionSource = VersionSummary["source"];

export type Version = Schema<"VersionOut">;

export type SharedPrompt = Schema<"SharedPromptOut">;

export type MarketItem = Schema<"MarketItem">;

export type Report = Schema<"ReportOut">;

export type Rating = Schema<"RatingOut">;

export const MAX_TITLE = 120;
export const MAX_DESCRIPTION = 500;
export const MAX_BODY = 20_000;
export const MAX_VARIABLES = 20;

export type PromptCategory = Schema<"CategoryOut">;

export const MARKET_SORTS = ["rating", "uses", "recent"] as const;
export type MarketSort = (typeof MARKET_SORTS)[number];

/** One refused value of an `invalid_values` problem. */
export type VariableProblem = Schema<"ProblemVariable">;

/** A marketplace item as the prompt GET /api/prompts/{id} will answer for it, until that read arrives. */
export function marketPrompt(item: MarketItem): Prompt {
  return { ...item, source: "marketplace", published: true, shared: false, moderated: false };
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
    api.get<Schema<"BuiltinPromptList">>(withQuery("/api/prompts/builtin", params), options),
  mine: (cursor: string | null, options?: RequestOptions) => api.get<Schema<"PromptPage">>(withQuery("/api/prompts", { cursor }), options),
  market: async (params: { q: string; category: string; sort: MarketSort; cursor: string | null }, options?: RequestOptions) => {
    const page = await api.get<Schema<"MarketPage">>(withQuery("/api/prompts/marketplace", params), options);
    return { ...page, items: page.items.map(marketPrompt) };
  },
  render: (id: string, values: Record<string, string | number>) => api.post<Schema<"RenderOut">>(`${promptPath(id)}/render`, { values }),
  use: (id: string) => api.post(`${promptPath(id)}/use`),
  get: (id: string, lang: Language, options?: RequestOptions) => api.get<Prompt>(withQuery(promptPath(id), { lang }), options),
  create: (input: PromptInput) => api.post<Prompt>("/api/prompts", input),
  update: (id: string, input: PromptInput & Pick<Schema<"PromptUpdate">, "expected_version">) => api.patch<Prompt>(promptPath(id), input),
  remove: (id: string) => api.delete(promptPath(id)),
  versions: (id: string, options?: RequestOptions) =>
    api.get<Schema<"VersionPage">>(withQuery(`${promptPath(id)}/versions`, { limit: 100 }), options),
  version: (id: string, version: number, options?: RequestOptions) => api.get<Version>(`${promptPath(id)}/versions/${version}`, options),
  restore: (id: string, version: number) => api.post<Prompt>(`${promptPath(id)}/versions/${version}/restore`),
  fork: (id: string, lang: Language) => api.post<Prompt>(withQuery(`${promptPath(id)}/fork`, { lang })),
  share: (id: string) => api.post<Schema<"ShareOut">>(`${promptPath(id)}/share`),
  unshare: (id: string) => api.delete(`${promptPath(id)}/share`),
  publish: (id: string) => api.post<Prompt>(`${promptPath(id)}/publish`),
  unpublish: (id: string) => api.post<Prompt>(`${promptPath(id)}/unpublish`),
  rate: (id: string, stars: number) => api.post<Rating>(`${promptPath(id)}/rate`, { stars }),
  report: (id: string, reason: ReportReason, details: string) => api.post(`${promptPath(id)}/report`, { reason, details }),
  reports: (cursor: string | null, options?: RequestOptions) =>
    api.get<Schema<"ReportPage">>(withQuery("/api/prompts/admin/reports", { cursor }), options),
  adminUnpublish: (id: string, reason: string) => api.post(`${promptPath(id)}/admin-unpublish`, { reason }),
  shared: (token: string, options?: RequestOptions) => api.get<SharedPrompt>(`/api/prompts/shared/${encodeURIComponent(token)}`, options),
  renderShared: (token: string, values: Record<string, string | number>) =>
    api.post<Schema<"RenderOut">>(`/api/prompts/shared/${encodeURIComponent(token)}/render`, { values }),
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
  return error instanceof ApiError && error.code === "invalid_values" ? (error.problem.variables ?? []) : [];
}
