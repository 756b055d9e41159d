// The prompts API contract (webox.prompts), typed by hand from its schemas.
import { ApiError, api, withQuery, type RequestOptions } from "../../lib/api";
import type { Language } from "../../i18n";

export type VariableType = "text" | "textarea" | "choice" | "number";

export interface Variable {
  name: string;
  label: string;
  type: VariableType;
  choices?: string[] | null;
  default?: string | number | null;
  required: boolean;
  min?: number | null;
  max?: number | null;
}

export interface PromptStats {
  rating_avg: number;
  rating_count: number;
  uses: number;
  forks: number;
}

export interface Prompt {
  id: string;
  source?: string;
  title: string;
  description: string;
  body: string;
  category: string;
  language: Language;
  variables: Variable[];
  stats?: PromptStats | null;
  author_name?: string | null;
}

export interface PromptCategory {
  id: string;
  label: string;
  icon: string;
  builtin_count: number;
}

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
  market: (q: string, category: string, sort: MarketSort) => ["prompts", "market", q, category, sort] as const,
};

const promptPath = (id: string) => `/prompts/${encodeURIComponent(id)}`;

export const promptsApi = {
  categories: (lang: Language, options?: RequestOptions) =>
    api.get<PromptCategory[]>(withQuery("/prompts/categories", { lang }), options),
  builtin: (params: { lang: Language; category: string; q: string }, options?: RequestOptions) =>
    api.get<{ items: Prompt[] }>(withQuery("/prompts/builtin", params), options),
  mine: (cursor: string | null, options?: RequestOptions) =>
    api.get<{ items: Prompt[]; next_cursor: string | null }>(withQuery("/prompts", { cursor }), options),
  market: (params: { q: string; category: string; sort: MarketSort; cursor: string | null }, options?: RequestOptions) =>
    api.get<{ items: Prompt[]; next_cursor: string | null }>(withQuery("/prompts/marketplace", params), options),
  render: (id: string, values: Record<string, string | number>) =>
    api.post<{ text: string }>(`${promptPath(id)}/render`, { values }),
  use: (id: string) => api.post(`${promptPath(id)}/use`),
};

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
