import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Textarea } from "../../components/Input";
import { PageHeader } from "../../components/PageHeader";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { blogApi, blogKeys } from "./api";

/** `/comments/:postId` (and `?reply=<comment id>` to answer a comment): the comment form a post's
 * static page links to (signed-in readers). */
export function CommentPage() {
  const { postId = "" } = useParams();
  const [search] = useSearchParams();
  const replyTo = search.get("reply");
  const { t } = useI18n();
  const thread = useQuery({
    queryKey: blogKeys.comments(postId),
    queryFn: ({ signal }) => blogApi.comments(postId, signal),
    enabled: Boolean(replyTo),
  });
  // Replies go one level deep, to an approved top-level comment (the API checks it too).
  const parent =
    thread.data?.items.find(
      (comment) => comment.id === replyTo && !comment.parent_id,
    ) ?? null;
  const ticket = useQuery({
    queryKey: blogKeys.ticket(postId),
    queryFn: ({ signal }) => blogApi.ticket(postId, signal),
    staleTime: Infinity,
  });
  useDocumentTitle(
    ticket.data
      ? t("blog.comment_title", { title: ticket.data.title })
      : t("blog.comment_body"),
  );
  const [body, setBody] = useState("");
  const [website, setWebsite] = useState("");
  // The API refuses a comment sent before the reader had time to read: the button waits as long.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!ticket.data) return;
    const timer = window.setTimeout(
      () => setReady(true),
      ticket.data.min_seconds * 1000,
    );
    return () => window.clearTimeout(timer);
  }, [ticket.data]);
  const send = useMutation({
    mutationFn: () =>
      blogApi.comment(postId, {
        body,
        ticket: ticket.data?.ticket ?? "",
        website,
        parent_id: parent?.id ?? null,
      }),
  });
  if (ticket.isPending) return <Spinner />;
  if (ticket.error) return <ProblemError error={ticket.error} />;
  const { title, url } = ticket.data;
  if (send.data) {
    const tone = send.data.status === "rejected" ? "error" : "success";
    return (
      <div className="max-w-2xl space-y-4">
        <Alert tone={tone} data-testid="blog-comment-result">
          {t(`blog.comment_sent_${send.data.status}`)}
        </Alert>
        <a
          href={url}
          className="text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {t("blog.comment_back")}
        </a>
      </div>
    );
  }
  return (
    <form
      className="max-w-2xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate();
      }}
    >
      <PageHeader
        title={t(parent ? "blog.reply_title" : "blog.comment_title", { title })}
      />
      {parent && (
        <blockquote
          className="border-l-4 border-slate-300 pl-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300"
          data-testid="blog-reply-to"
        >
          <p className="font-medium">
            {t("blog.reply_to", { name: parent.author_name })}
          </p>
          <p className="line-clamp-3 whitespace-pre-wrap">{parent.body}</p>
        </blockquote>
      )}
      {replyTo && thread.data && !parent && (
        <Alert tone="info">{t("blog.reply_missing")}</Alert>
      )}
      <label htmlFor="blog-comment-body" className="block text-sm font-medium">
        {t("blog.comment_body")}
      </label>
      <Textarea
        id="blog-comment-body"
        rows={6}
        maxLength={5000}
        required
        value={body}
        onChange={(event) => setBody(event.target.value)}
        data-testid="blog-comment-body"
      />
      {/* The honeypot: hidden from people and screen readers, filled in by bots. */}
      <div aria-hidden="true" className="absolute -left-[9999px]">
        <label htmlFor="blog-comment-website">{t("blog.website")}</label>
        <input
          id="blog-comment-website"
          tabIndex={-1}
          autoComplete="off"
          value={website}
          onChange={(event) => setWebsite(event.target.value)}
        />
      </div>
      {send.error && <ProblemError error={send.error} />}
      <div className="flex items-center gap-4">
        <Button
          type="submit"
          disabled={!ready || !body.trim()}
          loading={send.isPending}
          data-testid="blog-comment-send"
        >
          {t("blog.comment_send")}
        </Button>
        <a
          href={url}
          className="text-sm text-indigo-700 hover:underline dark:text-indigo-300"
        >
          {t("blog.comment_back")}
        </a>
      </div>
    </form>
  );
}
