// The catalogue API contract (webox.catalog).
import { api, withQuery, type RequestOptions, type Schema } from "../../lib/api";

export const PRICINGS = ["free", "freemium", "paid", "open_source"] as const;
export type Pricing = (typeof PRICINGS)[number];

export type Rating = Schema<"ToolRatingOut">;

/** `favorite` is null when the caller is not signed in. */
export type Tool = Schema<"ToolOut">;

export type ToolPage = Schema<"ToolPage">;

export type Category = Schema<"ToolCategoryOut">;

export type Review = Schema<"ReviewOut">;

export type ReviewPage = Schema<"ReviewPage">;

export interface ToolFilters {
  q: string;
  category: string;
  pricing: string;
}

export const MAX_REVIEW_TEXT = 2000;

export const catalogKeys = {
  all: ["catalog"] as const,
  tools: ["catalog", "tools"] as const,
  toolList: (filters: ToolFilters) => ["catalog", "tools", filters] as const,
  categories: ["catalog", "categories"] as const,
  reviews: (id: string) => ["catalog", "reviews", id] as const,
};

const toolPath = (id: string) => `/api/catalog/tools/${encodeURIComponent(id)}`;

export const catalogApi = {
  tools: (filters: ToolFilters, options?: RequestOptions) => api.get<ToolPage>(withQuery("/api/catalog/tools", { ...filters }), options),
  categories: (options?: RequestOptions) => api.get<Category[]>("/api/catalog/categories", options),
  setFavorite: (id: string, favorite: boolean) => (favorite ? api.put(`${toolPath(id)}/favorite`) : api.delete(`${toolPath(id)}/favorite`)),
  reviews: (id: string, cursor: string | null, options?: RequestOptions) =>
    api.get<ReviewPage>(withQuery(`${toolPath(id)}/reviews`, { cursor }), options),
  saveReview: (id: string, review: Schema<"ReviewIn">) => api.put(`${toolPath(id)}/reviews/mine`, review),
  deleteReview: (id: string) => api.delete(`${toolPath(id)}/reviews/mine`),
};

/** Only http(s) links open: a catalogue entry is data, not trusted markup. */
export function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}
