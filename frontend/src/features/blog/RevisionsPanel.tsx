import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { blogApi, blogKeys, type Post } from "./api";

/** Every save of a post, newest first, with who saved it; any revision can be brought back. */
export function RevisionsPanel({
  post,
  onRestored,
}: {
  post: Post;
  onRestored: (post: Post) => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const revisions = useQuery({
    queryKey: [...blogKeys.revisions(post.id), post.revision],
    queryFn: ({ signal }) => blogApi.revisions(post.id, signal),
  });
  const restore = useMutation({
    mutationFn: (number: number) => blogApi.restore(post.id, number),
    onSuccess: (restored) => {
      onRestored(restored);
      void client.invalidateQueries({ queryKey: blogKeys.revisions(post.id) });
    },
  });
  return (
    <section
      aria-labelledby="blog-revisions-title"
      className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id="blog-revisions-title" className="text-sm font-semibold">
        {t("blog.revisions")}
      </h2>
      {revisions.isPending && <Spinner />}
      {revisions.error && <ProblemError error={revisions.error} />}
      {restore.error && <ProblemError error={restore.error} />}
      <ol className="space-y-1 text-sm">
        {revisions.data?.items.map((revision) => (
          <li
            key={revision.number}
            className="flex items-center justify-between gap-2"
            data-testid="blog-revision"
          >
            <span>
              {t("blog.revision_line", {
                number: revision.number,
                date: new Date(revision.created_at).toLocaleString(),
                name: revision.author_name || t("blog.revision_unknown"),
              })}
            </span>
            {revision.number !== post.revision && (
              <Button
                variant="ghost"
                loading={
                  restore.isPending && restore.variables === revision.number
                }
                onClick={() => restore.mutate(revision.number)}
              >
                {t("blog.restore")}
              </Button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
