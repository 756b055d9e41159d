import { FileText } from "lucide-react";
import { useState } from "react";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { PageHeader } from "../../../components/PageHeader";
import { Spinner } from "../../../components/PageStatus";
import { SearchInput } from "../../../components/SearchInput";
import { useI18n } from "../../../i18n";
import { formatNumber, formatRecent } from "../../../lib/format";
import { useDebounced } from "../../../lib/useDebounced";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { safeMediaUrl, type MediaItem } from "../api";
import { MediaActions } from "../MediaActions";
import { MediaProblem } from "../MediaError";
import { useMediaItems } from "../useMediaItems";

function DocumentRow({ item }: { item: MediaItem }) {
  const { t, language } = useI18n();
  const open = safeMediaUrl(item.url);
  const title = item.prompt?.trim() ? item.prompt : t("media.documents.untitled");
  return (
    <li
      className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      data-testid="document-item"
      data-media-id={item.media_id}
    >
      <div className="flex items-start gap-3">
        <FileText className="mt-0.5 size-5 shrink-0 text-indigo-600 dark:text-indigo-400" aria-hidden="true" />
        <div className="min-w-0">
          <h2 className="truncate text-sm font-semibold text-slate-900 dark:text-white" data-testid="document-title">
            {open ? (
              <a href={open} target="_blank" rel="noreferrer" className="hover:underline">
                {title}
              </a>
            ) : (
              title
            )}
          </h2>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {t("media.documents.meta", {
              author: item.model,
              size: formatNumber(Math.max(1, Math.round(item.size / 1024)), language),
              when: formatRecent(item.created_at, language),
            })}
          </p>
        </div>
      </div>
      <MediaActions item={item} />
    </li>
  );
}

/** `/documents`: the Markdown documents agents and workflows wrote into the library, searchable. */
export function DocumentsPage() {
  const { t } = useI18n();
  useDocumentTitle(t("features.documents.name"));
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const items = useMediaItems("document", q, 20);
  const all = items.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="documents-page">
      <PageHeader title={t("features.documents.name")} subtitle={t("media.documents.subtitle")} />
      <SearchInput id="documents-search" value={search} onChange={setSearch} label={t("media.documents.search")} />
      {items.isPending ? (
        <Spinner />
      ) : items.isError ? (
        <MediaProblem error={items.error} />
      ) : all.length === 0 ? (
        <EmptyState data-testid="documents-empty">
          {q ? t("media.library.no_match") : t("media.documents.empty")}
        </EmptyState>
      ) : (
        <ul className="grid gap-3">
          {all.map((item) => (
            <DocumentRow key={item.media_id} item={item} />
          ))}
        </ul>
      )}
      {items.hasNextPage && (
        <Button variant="ghost" loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()} data-testid="documents-more">
          {t("media.library.more")}
        </Button>
      )}
    </div>
  );
}
