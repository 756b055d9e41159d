import { Star } from "lucide-react";
import { useI18n } from "../i18n";
import { formatNumber } from "../lib/format";
import type { Schema } from "../lib/api";

type Rating = Schema<"ToolRatingOut">;

/** Five stars, filled up to `value` (rounded to the nearest half is not worth the markup: whole stars). */
export function Stars({ value, className = "size-4" }: { value: number; className?: string }) {
  const filled = Math.round(value);
  return (
    <span className="inline-flex" aria-hidden="true">
      {[1, 2, 3, 4, 5].map((n) => (
        <Star
          key={n}
          className={`${className} ${n <= filled ? "fill-amber-400 text-amber-400" : "text-slate-300 dark:text-slate-600"}`}
        />
      ))}
    </span>
  );
}

export function RatingSummary({ rating }: { rating: Rating }) {
  const { t, language } = useI18n();
  if (rating.average === null || rating.count === 0) {
    return <span className="text-xs text-slate-500 dark:text-slate-400">{t("catalog.no_rating")}</span>;
  }
  const average = formatNumber(rating.average, language, 1);
  return (
    <span
      className="inline-flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300"
      aria-label={t("catalog.rating_label", { average, count: rating.count })}
      data-testid="catalog-rating"
    >
      <Stars value={rating.average} className="size-3.5" />
      <span aria-hidden="true">
        {average} ({formatNumber(rating.count, language)})
      </span>
    </span>
  );
}

/** Five radio-like buttons to pick 1–5 stars. */
export function StarInput({ value, onChange }: { value: number; onChange: (stars: number) => void }) {
  const { t } = useI18n();
  return (
    <div role="radiogroup" aria-label={t("catalog.review_stars")} className="flex gap-1" data-testid="review-stars">
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
          aria-label={t("catalog.stars_n", { count: n })}
          data-stars={n}
          onClick={() => {
            onChange(n);
          }}
          className="rounded p-0.5 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <Star
            className={`size-6 ${n <= value ? "fill-amber-400 text-amber-400" : "text-slate-300 dark:text-slate-600"}`}
            aria-hidden="true"
          />
        </button>
      ))}
    </div>
  );
}
