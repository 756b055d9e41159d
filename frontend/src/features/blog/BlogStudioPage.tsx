import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { Link, useNavigate } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { EDITOR_ROLES, blogApi, blogKeys, type ModerationAction } from "./api";
import { CategoriesPanel } from "./CategoriesPanel";

/** The studio's home: every post with its views, the category tree and the moderation queue. */
export function BlogStudioPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  useDocumentTitle(t("blog.studio_title"));
  const editor = EDITOR_ROLES.has(user?.role ?? "");
  const posts = useQuery({
    queryKey: blogKeys.posts,
    queryFn: ({ signal }) => blogApi.posts(signal),
    enabled: editor,
  });
  const stats = useQuery({
    queryKey: blogKeys.stats,
    queryFn: ({ signal }) => blogApi.stats(signal),
    enabled: editor,
  });
  if (!editor)
    return (
      <Alert tone="info" data-testid="blog-not-editor">
        {t("blog.not_editor")}
      </Alert>
    );
  const views = new Map(
    (stats.data?.items ?? []).map((item) => [item.id, item.views]),
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("blog.studio_title")}
        subtitle={t("blog.studio_subtitle")}
        actions={
          <Button
            onClick={() => void navigate("/studio/blog/new")}
            data-testid="blog-new-post"
          >
            <Plus className="size-4" aria-hidden="true" />
            {t("blog.new_post")}
          </Button>
        }
      />
      <section aria-labelledby="blog-posts-title" className="space-y-3">
        <h2 id="blog-posts-title" className="text-lg font-semibold">
          {t("blog.posts")}
        </h2>
        {posts.isPending && <Spinner />}
        {posts.error && <ProblemError error={posts.error} />}
        {posts.data?.items.length === 0 && (
          <EmptyState>{t("blog.no_posts")}</EmptyState>
        )}
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {posts.data?.items.map((post) => (
            <li
              key={post.id}
              className="flex flex-wrap items-center justify-between gap-3 py-3"
              data-testid="blog-post-row"
            >
              <div>
                <Link
                  to={`/studio/blog/${post.id}`}
                  className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                >
                  {post.title}
                </Link>
                <p className="text-xs text-slate-500">
                  {t(`blog.status_${post.status}`)} ·{" "}
                  {post.language.toUpperCase()} · {post.author_name}
                </p>
              </div>
              <div className="flex items-center gap-4 text-sm">
                <span data-testid="blog-post-views">
                  {t("blog.views", { count: views.get(post.id) ?? 0 })}
                </span>
                {post.status === "published" && (
                  <a
                    href={post.url}
                    className="text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {t("blog.open_public")}
                  </a>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <CategoriesPanel />
      <ModerationQueue />
    </div>
  );
}

function ModerationQueue() {
  const { t } = useI18n();
  const client = useQueryClient();
  const held = useQuery({
    queryKey: blogKeys.held,
    queryFn: ({ signal }) => blogApi.held(signal),
  });
  const decide = useMutation({
    mutationFn: (input: {
      postId: string;
      commentId: string;
      action: ModerationAction;
    }) => blogApi.moderate(input.postId, input.commentId, input.action),
    onSuccess: () => void client.invalidateQueries({ queryKey: blogKeys.held }),
  });
  return (
    <section
      aria-labelledby="blog-moderation-title"
      className="space-y-3"
      data-testid="blog-moderation"
    >
      <h2 id="blog-moderation-title" className="text-lg font-semibold">
        {t("blog.moderation")}
      </h2>
      {held.isPending && <Spinner />}
      {held.error && <ProblemError error={held.error} />}
      {decide.error && <ProblemError error={decide.error} />}
      {held.data?.items.length === 0 && (
        <p className="text-sm text-slate-500">{t("blog.held_empty")}</p>
      )}
      <ul className="space-y-3">
        {held.data?.items.map((comment) => (
          <li
            key={comment.id}
            className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
            data-testid="blog-held-comment"
          >
            <p className="text-xs text-slate-500">
              {t("blog.on_post", { title: comment.post_title })} ·{" "}
              {comment.author_name} ·{" "}
              {t("blog.score", { score: comment.score.toFixed(2) })} ·{" "}
              {comment.reasons.join(", ")}
            </p>
            <p className="mt-2 text-sm whitespace-pre-wrap">{comment.body}</p>
            <div className="mt-3 flex gap-2">
              {(["approve", "reject", "ban"] as const).map((action) => (
                <Button
                  key={action}
                  variant={action === "approve" ? "primary" : "secondary"}
                  loading={
                    decide.isPending &&
                    decide.variables.commentId === comment.id &&
                    decide.variables.action === action
                  }
                  onClick={() =>
                    decide.mutate({
                      postId: comment.post_id,
                      commentId: comment.id,
                      action,
                    })
                  }
                  data-testid={`blog-${action}`}
                >
                  {t(`blog.${action}`)}
                </Button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
