import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { SelectField, TextField } from "../../components/Field";
import { Textarea } from "../../components/Input";
import { MarkdownView } from "../../components/MarkdownView";
import { PageHeader } from "../../components/PageHeader";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { useDebounced } from "../../lib/useDebounced";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { EDITOR_ROLES, blogApi, blogKeys, type Post } from "./api";
import {
  EMPTY_DRAFT,
  draftReducer,
  fromPost,
  imageMarkdown,
  toInput,
} from "./draft";
import { LibraryImageButton } from "./LibraryImageButton";
import { RevisionsPanel } from "./RevisionsPanel";
import { SeoPanel } from "./SeoPanel";
import { WritingHelp } from "./WritingHelp";

const AUTOSAVE_MS = 2000;

/** `/studio/blog/new` and `/studio/blog/:postId`: Markdown with a live preview, writing help from
 * several models, the SEO panel, autosave, publishing now or at a Paris date, revisions. */
export function PostEditorPage() {
  const { postId } = useParams();
  const { user } = useAuth();
  const { t } = useI18n();
  useDocumentTitle(t("blog.editor_title"));
  if (!EDITOR_ROLES.has(user?.role ?? ""))
    return <Alert tone="info">{t("blog.not_editor")}</Alert>;
  if (!postId || postId === "new") return <Editor key="new" initial={null} />;
  return <LoadedEditor key={postId} postId={postId} />;
}

function LoadedEditor({ postId }: { postId: string }) {
  const loaded = useQuery({
    queryKey: blogKeys.post(postId),
    queryFn: ({ signal }) => blogApi.post(postId, signal),
    staleTime: Infinity,
  });
  if (loaded.isPending) return <Spinner />;
  if (loaded.error) return <ProblemError error={loaded.error} />;
  return <Editor initial={loaded.data} />;
}

function Editor({ initial }: { initial: Post | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [state, dispatch] = useReducer(draftReducer, {
    draft: initial ? fromPost(initial) : EMPTY_DRAFT,
    dirty: false,
  });
  const [post, setPost] = useState<Post | null>(initial);
  const [scheduleAt, setScheduleAt] = useState("");
  // Where an inserted image goes: the body's caret when it last lost focus (the end before that).
  const cursor = useRef<number | null>(null);
  const categories = useQuery({
    queryKey: blogKeys.categories,
    queryFn: ({ signal }) => blogApi.categories(signal),
  });

  const save = useMutation({
    mutationFn: () =>
      post
        ? blogApi.save(post.id, toInput(state.draft))
        : blogApi.create(toInput(state.draft)),
    onSuccess: (saved) => {
      setPost(saved);
      dispatch({ type: "saved" });
      void client.invalidateQueries({ queryKey: blogKeys.posts });
      if (!post) void navigate(`/studio/blog/${saved.id}`, { replace: true });
      client.setQueryData(blogKeys.post(saved.id), saved);
    },
  });
  const publish = useMutation({
    mutationFn: async (at: string | null) => {
      const saved =
        state.dirty || !post
          ? await (post
              ? blogApi.save(post.id, toInput(state.draft))
              : blogApi.create(toInput(state.draft)))
          : post;
      return blogApi.publish(saved.id, at);
    },
    onSuccess: (published) => {
      setPost(published);
      client.setQueryData(blogKeys.post(published.id), published);
      if (!post)
        void navigate(`/studio/blog/${published.id}`, { replace: true });
      dispatch({ type: "saved" });
      void client.invalidateQueries({ queryKey: blogKeys.posts });
    },
  });
  const status = useMutation({
    mutationFn: (next: "draft" | "archived") =>
      blogApi.setStatus(post?.id ?? "", next),
    onSuccess: setPost,
  });

  // Autosave: an existing post's changes go out after a pause in typing.
  const pending = useDebounced(state.draft, AUTOSAVE_MS);
  useEffect(() => {
    if (
      post &&
      state.dirty &&
      pending === state.draft &&
      state.draft.title.trim() &&
      !save.isPending
    )
      save.mutate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the debounced draft settles
  }, [pending]);

  const { draft } = state;
  const set =
    (field: keyof typeof draft) => (event: { target: { value: string } }) =>
      dispatch({ type: "set", field, value: event.target.value });
  const saveLabel = save.isPending
    ? t("blog.saving")
    : state.dirty
      ? t("blog.unsaved")
      : post
        ? t("blog.saved")
        : "";

  return (
    <div className="space-y-6">
      <PageHeader
        title={post ? post.title : t("blog.new_post")}
        subtitle={
          post?.status === "published" && post.published_at
            ? t("blog.published_at", {
                date: new Date(post.published_at).toLocaleString(),
              })
            : post?.status === "scheduled" && post.publish_at
              ? t("blog.scheduled_for", {
                  date: new Date(post.publish_at).toLocaleString(),
                })
              : post
                ? t(`blog.status_${post.status}`)
                : undefined
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <span
              className="text-xs text-slate-500"
              data-testid="blog-save-state"
            >
              {saveLabel}
            </span>
            <Button
              variant="secondary"
              loading={save.isPending}
              onClick={() => save.mutate()}
              disabled={!draft.title.trim()}
              data-testid="blog-save"
            >
              {t("blog.save")}
            </Button>
            <Button
              loading={publish.isPending && !scheduleAt}
              onClick={() => publish.mutate(null)}
              disabled={!draft.title.trim()}
              data-testid="blog-publish"
            >
              {t("blog.publish_now")}
            </Button>
            {post?.status === "published" && (
              <a
                href={post.url}
                className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
                data-testid="blog-public-link"
              >
                {t("blog.open_public")}
              </a>
            )}
          </div>
        }
      />
      {[save.error, publish.error, status.error].map(
        (error, index) => error && <ProblemError key={index} error={error} />,
      )}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-4">
          <TextField
            label={t("blog.field_title")}
            value={draft.title}
            onChange={set("title")}
            maxLength={200}
            required
            data-testid="blog-title"
          />
          <div className="grid gap-4 md:grid-cols-2">
            <TextField
              label={t("blog.field_slug")}
              hint={t("blog.field_slug_hint")}
              value={draft.slug}
              onChange={set("slug")}
              maxLength={120}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
            />
            <SelectField
              label={t("blog.field_language")}
              value={draft.language}
              onChange={set("language")}
            >
              <option value="fr">Français</option>
              <option value="en">English</option>
            </SelectField>
          </div>
          <TextField
            label={t("blog.field_excerpt")}
            value={draft.excerpt}
            onChange={set("excerpt")}
            maxLength={500}
            data-testid="blog-excerpt"
          />
          <TextField
            label={t("blog.field_meta")}
            value={draft.meta_description}
            onChange={set("meta_description")}
            maxLength={300}
            data-testid="blog-meta"
          />
          <div className="grid gap-4 md:grid-cols-2">
            <TextField
              label={t("blog.field_cover_url")}
              value={draft.cover_url}
              onChange={set("cover_url")}
              placeholder="https://…"
            />
            <TextField
              label={t("blog.field_cover_alt")}
              value={draft.cover_alt}
              onChange={set("cover_alt")}
              required={Boolean(draft.cover_url)}
            />
            <div className="md:col-span-2">
              <LibraryImageButton
                label={t("blog.cover_from_library")}
                onImage={(image, alt) =>
                  dispatch({
                    type: "cover",
                    url: image.url,
                    alt,
                    width: image.width ?? null,
                    height: image.height ?? null,
                  })
                }
                data-testid="blog-cover-library"
              />
            </div>
            <TextField
              label={t("blog.field_cover_width")}
              type="number"
              min={1}
              value={draft.cover_width}
              onChange={set("cover_width")}
            />
            <TextField
              label={t("blog.field_cover_height")}
              type="number"
              min={1}
              value={draft.cover_height}
              onChange={set("cover_height")}
            />
            <SelectField
              label={t("blog.field_category")}
              value={draft.category}
              onChange={set("category")}
            >
              <option value="">{t("blog.no_category")}</option>
              {categories.data?.items.map((category) => (
                <option key={category.slug} value={category.slug}>
                  {category.name}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t("blog.field_tags")}
              value={draft.tags}
              onChange={set("tags")}
            />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="space-y-2">
              <label htmlFor="blog-body" className="block text-sm font-medium">
                {t("blog.field_body")}
              </label>
              <Textarea
                id="blog-body"
                rows={20}
                value={draft.body}
                onChange={set("body")}
                // The caret when the body loses focus (to the image button) is where an image goes.
                onBlur={(event) => {
                  cursor.current = event.currentTarget.selectionStart;
                }}
                maxLength={100_000}
                className="font-mono"
                data-testid="blog-body"
              />
              <LibraryImageButton
                label={t("blog.insert_image")}
                onImage={(image, alt) =>
                  dispatch({
                    type: "insertAt",
                    position: cursor.current ?? draft.body.length,
                    snippet: imageMarkdown(alt, image.url),
                  })
                }
                data-testid="blog-insert-image"
              />
            </div>
            <div>
              <p className="mb-1 text-sm font-medium">{t("blog.preview")}</p>
              <div className="prose min-h-40 max-w-none rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:prose-invert dark:bg-slate-900 dark:ring-slate-800">
                <MarkdownView text={draft.body} data-testid="blog-preview" />
              </div>
            </div>
          </div>
          <div className="flex flex-wrap items-end gap-3 rounded-xl bg-slate-50 p-4 dark:bg-slate-900">
            <TextField
              label={t("blog.schedule_at")}
              type="datetime-local"
              value={scheduleAt}
              onChange={(event) => setScheduleAt(event.target.value)}
              data-testid="blog-schedule-at"
            />
            <Button
              variant="secondary"
              disabled={!scheduleAt || !draft.title.trim()}
              loading={publish.isPending && Boolean(scheduleAt)}
              onClick={() => publish.mutate(scheduleAt)}
              data-testid="blog-schedule"
            >
              {t("blog.schedule")}
            </Button>
            {post &&
              (post.status === "published" || post.status === "scheduled") && (
                <Button variant="ghost" onClick={() => status.mutate("draft")}>
                  {t("blog.unpublish")}
                </Button>
              )}
            {post && post.status !== "archived" && (
              <Button variant="ghost" onClick={() => status.mutate("archived")}>
                {t("blog.archive")}
              </Button>
            )}
          </div>
        </div>
        <aside className="space-y-6">
          <WritingHelp
            draft={draft}
            onInsert={(task, text) => dispatch({ type: "insert", task, text })}
          />
          <SeoPanel draft={draft} />
          {post && (
            <RevisionsPanel
              post={post}
              onRestored={(restored) => {
                setPost(restored);
                client.setQueryData(blogKeys.post(restored.id), restored);
                dispatch({ type: "load", post: restored });
              }}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
