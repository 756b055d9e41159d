import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { buttonClasses } from "../../components/buttonClasses";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { formatDate } from "../../lib/format";
import { catalogApi, catalogKeys, MAX_REVIEW_TEXT, safeUrl, type Review, type Tool } from "./api";
import { PricingBadge } from "./PricingBadge";
import { RatingSummary, StarInput, Stars } from "../../components/StarRating";

function MyReviewForm({ tool, mine, onDone }: { tool: Tool; mine: Review | null; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const textId = useId();
  const [stars, setStars] = useState(mine?.stars ?? 0);
  const [text, setText] = useState(mine?.text ?? "");
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: catalogKeys.reviews(tool.id) }),
      queryClient.invalidateQueries({ queryKey: catalogKeys.tools }),
    ]);
  const save = useMutation({
    mutationFn: () => catalogApi.saveReview(tool.id, { stars, text: text.trim() }),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
  const remove = useMutation({
    mutationFn: () => catalogApi.deleteReview(tool.id),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });

  return (
    <form
      className="space-y-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200 dark:bg-slate-800/50 dark:ring-slate-700"
      onSubmit={(event) => {
        event.preventDefault();
        if (stars >= 1) save.mutate();
      }}
      data-testid="review-form"
    >
      <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("catalog.my_review")}</h3>
      <StarInput value={stars} onChange={setStars} />
      <div>
        <label htmlFor={textId} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t("catalog.review_text")}
        </label>
        <textarea
          id={textId}
          value={text}
          maxLength={MAX_REVIEW_TEXT}
          rows={4}
          onChange={(event) => {
            setText(event.target.value);
          }}
          data-testid="review-text"
          className="block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
        />
      </div>
      <ProblemError error={save.error ?? remove.error} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={stars < 1} loading={save.isPending} data-testid="review-submit">
          {mine ? t("catalog.review_update") : t("catalog.review_publish")}
        </Button>
        {mine && (
          <ConfirmButton
            variant="ghost"
            question={t("catalog.review_delete_question")}
            loading={remove.isPending}
            onConfirm={() => {
              remove.mutate();
            }}
            data-testid="review-delete"
          >
            {t("catalog.review_delete")}
          </ConfirmButton>
        )}
        {stars < 1 && <span className="text-xs text-slate-500 dark:text-slate-400">{t("catalog.review_pick_stars")}</span>}
      </div>
    </form>
  );
}

function ReviewItem({ review }: { review: Review }) {
  const { t, language } = useI18n();
  return (
    <li className="py-3" data-testid="review-item" data-mine={review.mine}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium text-slate-900 dark:text-white">{review.author_name}</span>
        {review.mine && (
          <span className="rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-800 dark:bg-indigo-900/50 dark:text-indigo-200">
            {t("catalog.review_mine")}
          </span>
        )}
        <span role="img" aria-label={t("catalog.stars_n", { count: review.stars })}>
          <Stars value={review.stars} className="size-3.5" />
        </span>
        <span className="text-xs text-slate-500 dark:text-slate-400">{formatDate(review.updated_at, language)}</span>
      </div>
      {review.text && (
        <p className="mt-1 text-sm whitespace-pre-line text-slate-700 dark:text-slate-300">{review.text}</p>
      )}
    </li>
  );
}

/** A tool's details, its reviews and the caller's own review, in a panel over the catalogue. */
export function ToolDrawer({ tool, onClose }: { tool: Tool; onClose: () => void }) {
  const { t } = useI18n();
  const titleId = useId();
  const [editing, setEditing] = useState(false);
  const reviews = useInfiniteQuery({
    queryKey: catalogKeys.reviews(tool.id),
    queryFn: ({ pageParam, signal }) => catalogApi.reviews(tool.id, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  const mine = items.find((review) => review.mine) ?? null;
  const rating = reviews.data?.pages[0]?.rating ?? tool.rating;
  const url = safeUrl(tool.url);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") onClose();
    }
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [onClose]);

  return (
    <div className="fixed inset-0 z-40 flex justify-end">
      <button
        type="button"
        className="absolute inset-0 bg-slate-900/40"
        aria-label={t("catalog.close")}
        tabIndex={-1}
        onClick={onClose}
      />
      <aside
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="catalog-drawer"
        data-tool-id={tool.id}
        className="relative flex h-full w-full max-w-lg flex-col overflow-y-auto bg-white p-6 shadow-xl dark:bg-slate-900"
      >
        <header className="flex items-start justify-between gap-3">
          <div>
            <h2 id={titleId} className="text-xl font-bold text-slate-900 dark:text-white">
              {tool.name}
            </h2>
            <p className="text-sm text-slate-500 dark:text-slate-400">{tool.vendor}</p>
          </div>
          <Button
            variant="ghost"
            onClick={onClose}
            aria-label={t("catalog.close")}
            autoFocus
            data-testid="catalog-drawer-close"
          >
            <X className="size-4" aria-hidden="true" />
          </Button>
        </header>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <PricingBadge pricing={tool.pricing} />
          <RatingSummary rating={rating} />
        </div>
        <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">{tool.description}</p>
        {tool.tags.length > 0 && (
          <ul className="mt-3 flex flex-wrap gap-1.5">
            {tool.tags.map((tag) => (
              <li key={tag} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                #{tag}
              </li>
            ))}
          </ul>
        )}
        {url && (
          <a
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            className={buttonClasses("secondary", "mt-4 self-start")}
            data-testid="catalog-drawer-link"
          >
            <ExternalLink className="size-4" aria-hidden="true" />
            {t("catalog.open_site")}
          </a>
        )}

        <section className="mt-6 space-y-3">
          <h3 className="text-base font-semibold text-slate-900 dark:text-white">{t("catalog.reviews")}</h3>
          {reviews.isPending ? (
            <Spinner />
          ) : reviews.isError ? (
            <ProblemError error={reviews.error} />
          ) : (
            <>
              {tool.favorite !== null &&
                (mine && !editing ? (
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setEditing(true);
                    }}
                    data-testid="review-edit"
                  >
                    {t("catalog.review_edit")}
                  </Button>
                ) : (
                  <MyReviewForm
                    key={mine?.updated_at ?? "new"}
                    tool={tool}
                    mine={mine}
                    onDone={() => {
                      setEditing(false);
                    }}
                  />
                ))}
              {items.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="reviews-empty">
                  {t("catalog.reviews_empty")}
                </p>
              ) : (
                <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="reviews-list">
                  {items.map((review) => (
                    <ReviewItem key={`${review.author_name}:${review.created_at}:${review.mine}`} review={review} />
                  ))}
                </ul>
              )}
              {reviews.hasNextPage && (
                <Button
                  variant="ghost"
                  loading={reviews.isFetchingNextPage}
                  onClick={() => {
                    void reviews.fetchNextPage();
                  }}
                  data-testid="reviews-more"
                >
                  {t("catalog.reviews_more")}
                </Button>
              )}
            </>
          )}
        </section>
      </aside>
    </div>
  );
}
