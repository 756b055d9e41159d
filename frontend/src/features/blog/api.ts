// The blog API contract (webox.blog): types from the generated OpenAPI schemas.
import { api, type Schema } from "../../lib/api";

export type Post = Schema<"BlogPostOut">;
export type PostInput = Schema<"BlogPostIn">;
export type PostSummary = Schema<"BlogPostSummary">;
export type Category = Schema<"BlogCategoryOut">;
export type Suggestion = Schema<"BlogSuggestion">;
export type AssistInput = Schema<"BlogAssistIn">;
export type AssistTask = AssistInput["task"];
export type SeoReport = Schema<"BlogSeoReport">;
export type SeoInput = Schema<"BlogSeoIn">;
export type HeldComment = Schema<"BlogHeldComment">;
export type Comment = Schema<"BlogCommentOut">;
export type CommentTicket = Schema<"BlogCommentTicket">;
export type PostViews = Schema<"BlogPostViews">;
export type Revision = Schema<"BlogRevisionSummary">;
export type RevisionDetail = Schema<"BlogRevisionDetail">;
export type ModerationAction = Schema<"BlogModerationIn">["action"];

export const MAX_HELP_MODELS = 4;
/** Roles that may use the studio (administrators are editors). */
export const EDITOR_ROLES: ReadonlySet<string> = new Set(["editor", "admin"]);

export const blogKeys = {
  posts: ["blog", "posts"] as const,
  post: (id: string) => ["blog", "posts", id] as const,
  revisions: (id: string) => ["blog", "posts", id, "revisions"] as const,
  categories: ["blog", "categories"] as const,
  held: ["blog", "held"] as const,
  stats: ["blog", "stats"] as const,
  ticket: (id: string) => ["blog", "ticket", id] as const,
};

export const blogApi = {
  posts: (signal?: AbortSignal) => api.get<{ items: PostSummary[] }>("/api/blog/posts", { signal }),
  post: (id: string, signal?: AbortSignal) => api.get<Post>(`/api/blog/posts/${id}`, { signal }),
  create: (body: PostInput) => api.post<Post>("/api/blog/posts", body),
  save: (id: string, body: PostInput) => api.put<Post>(`/api/blog/posts/${id}`, body),
  publish: (id: string, at: string | null) => api.post<Post>(`/api/blog/posts/${id}/publish`, { at }),
  setStatus: (id: string, status: "draft" | "archived") => api.post<Post>(`/api/blog/posts/${id}/status`, { status }),
  revisions: (id: string, signal?: AbortSignal) =>
    api.get<{ items: Revision[] }>(`/api/blog/posts/${id}/revisions`, { signal }),
  revision: (id: string, number: number) => api.get<RevisionDetail>(`/api/blog/posts/${id}/revisions/${number}`),
  restore: (id: string, number: number) => api.post<Post>(`/api/blog/posts/${id}/revisions/${number}/restore`),
  categories: (signal?: AbortSignal) => api.get<{ items: Category[] }>("/api/blog/categories", { signal }),
  saveCategory: (body: Category) => api.put<Category>(`/api/blog/categories/${body.slug}`, body),
  assist: (body: AssistInput) => api.post<{ suggestions: Suggestion[] }>("/api/blog/assist", body),
  seo: (body: SeoInput, signal?: AbortSignal) => api.post<SeoReport>("/api/blog/seo", body, { signal }),
  held: (signal?: AbortSignal) => api.get<{ items: HeldComment[] }>("/api/blog/comments/held", { signal }),
  moderate: (postId: string, commentId: string, action: ModerationAction) =>
    api.post<Comment>(`/api/blog/posts/${postId}/comments/${commentId}/moderation`, { action }),
  stats: (signal?: AbortSignal) => api.get<{ items: PostViews[] }>("/api/blog/stats", { signal }),
  ticket: (postId: string, signal?: AbortSignal) =>
    api.get<CommentTicket>(`/api/blog/posts/${postId}/comment-ticket`, { signal }),
  comment: (postId: string, body: Schema<"BlogCommentIn">) => api.post<Comment>(`/api/blog/posts/${postId}/comments`, body),
};
