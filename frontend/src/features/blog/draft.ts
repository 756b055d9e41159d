// The editor's form state as a pure reducer: fields, inserting a model's suggestion, dirty tracking.
import type { AssistTask, Post, PostInput } from "./api";

export interface Draft {
  title: string;
  slug: string;
  excerpt: string;
  meta_description: string;
  body: string;
  cover_url: string;
  cover_alt: string;
  cover_width: string;
  cover_height: string;
  category: string;
  tags: string;
  language: "fr" | "en";
}

export interface DraftState {
  draft: Draft;
  /** Changes not saved yet (autosave waits for a pause, then sends them). */
  dirty: boolean;
}

export type DraftAction =
  | { type: "load"; post: Post }
  | { type: "set"; field: keyof Draft; value: string }
  | { type: "insert"; task: AssistTask; text: string }
  | { type: "insertAt"; position: number; snippet: string }
  | {
      type: "cover";
      url: string;
      alt: string;
      width: number | null;
      height: number | null;
    }
  | { type: "saved" };

export const EMPTY_DRAFT: Draft = {
  title: "",
  slug: "",
  excerpt: "",
  meta_description: "",
  body: "",
  cover_url: "",
  cover_alt: "",
  cover_width: "",
  cover_height: "",
  category: "",
  tags: "",
  language: "fr",
};

export function fromPost(post: Post): Draft {
  return {
    title: post.title,
    slug: post.slug,
    excerpt: post.excerpt,
    meta_description: post.meta_description,
    body: post.body,
    cover_url: post.cover_url ?? "",
    cover_alt: post.cover_alt ?? "",
    cover_width: post.cover_width ? String(post.cover_width) : "",
    cover_height: post.cover_height ? String(post.cover_height) : "",
    category: post.category ?? "",
    tags: post.tags.join(", "),
    language: post.language,
  };
}

/** Where a suggestion goes: a title, excerpt or description replaces its field; text joins the body. */
export function insertSuggestion(
  draft: Draft,
  task: AssistTask,
  text: string,
): Draft {
  const clean = text.trim();
  if (task === "title")
    return { ...draft, title: clean.replace(/^["«\s]+|["»\s]+$/g, "") };
  if (task === "excerpt") return { ...draft, excerpt: clean };
  if (task === "meta_description") return { ...draft, meta_description: clean };
  const body = draft.body.trimEnd();
  return { ...draft, body: body ? `${body}\n\n${clean}\n` : `${clean}\n` };
}

/** Markdown for an image: its alt text cannot close the brackets, its address the parentheses. */
export function imageMarkdown(alt: string, url: string): string {
  const text = alt.replace(/[\\[\]]/g, (c) => `\\${c}`);
  const address = url.replace(
    /[()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `![${text}](${address})`;
}

/** `snippet` as a paragraph of its own at `position` of `body` (blank lines around it, not more). */
export function insertAt(
  body: string,
  position: number,
  snippet: string,
): string {
  const at = Math.max(0, Math.min(position, body.length));
  const before = body.slice(0, at);
  const after = body.slice(at);
  const lead =
    before === "" || before.endsWith("\n\n")
      ? ""
      : before.endsWith("\n")
        ? "\n"
        : "\n\n";
  const trail =
    after === ""
      ? "\n"
      : after.startsWith("\n\n")
        ? ""
        : after.startsWith("\n")
          ? "\n"
          : "\n\n";
  return `${before}${lead}${snippet}${trail}${after}`;
}

export function draftReducer(
  state: DraftState,
  action: DraftAction,
): DraftState {
  switch (action.type) {
    case "load":
      return { draft: fromPost(action.post), dirty: false };
    case "set":
      return {
        draft: { ...state.draft, [action.field]: action.value },
        dirty: true,
      };
    case "insert":
      return {
        draft: insertSuggestion(state.draft, action.task, action.text),
        dirty: true,
      };
    case "insertAt":
      return {
        draft: {
          ...state.draft,
          body: insertAt(state.draft.body, action.position, action.snippet),
        },
        dirty: true,
      };
    case "cover":
      return {
        draft: {
          ...state.draft,
          cover_url: action.url,
          cover_alt: action.alt,
          cover_width: action.width ? String(action.width) : "",
          cover_height: action.height ? String(action.height) : "",
        },
        dirty: true,
      };
    case "saved":
      return { ...state, dirty: false };
  }
}

export function parseTags(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ].slice(0, 10);
}

/** The API's body for a draft (empty optional fields left out). */
export function toInput(draft: Draft): PostInput {
  const cover = draft.cover_url.trim();
  return {
    title: draft.title.trim(),
    slug: draft.slug.trim() || null,
    excerpt: draft.excerpt,
    meta_description: draft.meta_description,
    body: draft.body,
    cover_url: cover || null,
    cover_alt: cover ? draft.cover_alt.trim() || null : null,
    cover_width: cover && draft.cover_width ? Number(draft.cover_width) : null,
    cover_height:
      cover && draft.cover_height ? Number(draft.cover_height) : null,
    category: draft.category || null,
    tags: parseTags(draft.tags),
    language: draft.language,
    translation_of: null,
  };
}
