// The blog API contract (webox.blog): types from the generated OpenAPI schemas.
import { endpoint, type Schema } from "../../lib/api";

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
export type PublicImage = Schema<"BlogImageOut">;

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
  comments: (id: string) => ["blog", "comments", id] as const,
};

export const blogApi = {
  posts: (signal?: AbortSignal) =>
    endpoint("get", "/api/blog/posts", { signal }),
  post: (id: string, signal?: AbortSignal) =>
    endpoint("get", "/api/blog/posts/{post_id}", {
      path: { post_id: id },
      signal,
    }),
  create: (body: PostInput) => endpoint("post", "/api/blog/posts", { body }),
  save: (id: string, body: PostInput) =>
    endpoint("put", "/api/blog/posts/{post_id}", {
      path: { post_id: id },
      body,
    }),
  publish: (id: string, at: string | null) =>
    endpoint("post", "/api/blog/posts/{post_id}/publish", {
      path: { post_id: id },
      body: { at },
    }),
  setStatus: (id: string, status: "draft" | "archived") =>
    endpoint("post", "/api/blog/posts/{post_id}/status", {
      path: { post_id: id },
      body: { status },
    }),
  revisions: (id: string, signal?: AbortSignal) =>
    endpoint("get", "/api/blog/posts/{post_id}/revisions", {
      path: { post_id: id },
      signal,
    }),
  revision: (id: string, number: number) =>
    endpoint("get", "/api/blog/posts/{post_id}/revisions/{number}", {
      path: { post_id: id, number },
    }),
  restore: (id: string, number: number) =>
    endpoint("post", "/api/blog/posts/{post_id}/revisions/{number}/restore", {
      path: { post_id: id, number },
    }),
  categories: (signal?: AbortSignal) =>
    endpoint("get", "/api/blog/categories", { signal }),
  saveCategory: (body: Category) =>
    endpoint("put", "/api/blog/categories/{slug}", {
      path: { slug: body.slug },
      body,
    }),
  deleteCategory: (slug: string) =>
    endpoint("delete", "/api/blog/categories/{slug}", { path: { slug } }),
  image: (mediaId: string) =>
    endpoint("post", "/api/blog/images", { body: { media_id: mediaId } }),
  comments: (postId: string, signal?: AbortSignal) =>
    endpoint("get", "/api/blog/posts/{post_id}/comments", {
      path: { post_id: postId },
      signal,
    }),
  assist: (body: AssistInput) => endpoint("post", "/api/blog/assist", { body }),
  seo: (body: SeoInput, signal?: AbortSignal) =>
    endpoint("post", "/api/blog/seo", { body, signal }),
  held: (signal?: AbortSignal) =>
    endpoint("get", "/api/blog/comments/held", { signal }),
  moderate: (postId: string, commentId: string, action: ModerationAction) =>
    endpoint(
      "post",
      "/api/blog/posts/{post_id}/comments/{comment_id}/moderation",
      {
        path: { post_id: postId, comment_id: commentId },
        body: { action },
      },
    ),
  stats: (signal?: AbortSignal) =>
    endpoint("get", "/api/blog/stats", { signal }),
  ticket: (postId: string, signal?: AbortSignal) =>
    endpoint("get", "/api/blog/posts/{post_id}/comment-ticket", {
      path: { post_id: postId },
      signal,
    }),
  comment: (postId: string, body: Schema<"BlogCommentIn">) =>
    endpoint("post", "/api/blog/posts/{post_id}/comments", {
      path: { post_id: postId },
      body,
    }),
};
