import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert } from "lucide-react";
import { useI18n, type MessageKey } from "../../i18n";
import { useDebounced } from "../../lib/useDebounced";
import { blogApi } from "./api";
import type { Draft } from "./draft";

/** What search engines will see, checked by the API as the editor types. */
export function SeoPanel({ draft }: { draft: Draft }) {
  const { t } = useI18n();
  const input = useDebounced(
    { title: draft.title, meta_description: draft.meta_description, body: draft.body, cover_url: draft.cover_url || null, cover_alt: draft.cover_alt || null },
    600,
  );
  const report = useQuery({
    queryKey: ["blog", "seo", input],
    queryFn: ({ signal }) => blogApi.seo(input, signal),
    placeholderData: (previous) => previous,
  });
  return (
    <section className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800" data-testid="blog-seo">
      <h2 className="font-semibold">{t("blog.seo_title")}</h2>
      {report.data && (
        <>
          <p className="text-sm text-slate-500">{t("blog.seo_reading", { minutes: report.data.reading_minutes })}</p>
          <ul className="space-y-1 text-sm">
            {report.data.checks.map((check) => (
              <li key={check.id} className="flex items-start gap-2" data-testid="blog-seo-check" data-ok={check.ok}>
                {check.ok ? (
                  <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-green-600" aria-hidden="true" />
                ) : (
                  <CircleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
                )}
                {t(`blog.seo_${check.id}` as MessageKey, { value: check.value })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
