import { useState } from "react";
import { Button } from "../../../components/Button";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { useDebounced } from "../../../lib/useDebounced";
import type { MediaItem } from "../api";
import { MediaProblem } from "../MediaError";
import { SearchInput } from "../../../components/SearchInput";
import { useMediaItems } from "../useMediaItems";
import { ImageCard } from "./ImageCard";
import { EmptyState } from "../../../components/EmptyState";

/** The user's images, newest first, searchable by prompt. */
export function Gallery({
  modelName,
  canVary,
  canEdit,
  onVary,
  onEdit,
}: {
  modelName: (id: string) => string;
  canVary: (model: string) => boolean;
  canEdit: (model: string) => boolean;
  onVary: (item: MediaItem) => void;
  onEdit: (item: MediaItem) => void;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const items = useMediaItems("image", q);
  const all = items.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-4" data-testid="image-gallery">
      <SearchInput id="gallery-search" value={search} onChange={setSearch} label={t("media.gallery.search")} />
      {items.isPending ? (
        <Spinner />
      ) : items.isError ? (
        <MediaProblem error={items.error} />
      ) : all.length === 0 ? (
        <EmptyState data-testid="gallery-empty">
          {q ? t("media.gallery.no_match") : t("media.gallery.empty")}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
          {all.map((item) => (
            <li key={item.media_id}>
              <ImageCard
                item={item}
                showPrompt
                modelName={modelName(item.model)}
                onVary={canVary(item.model) ? onVary : undefined}
                onEdit={canEdit(item.model) ? onEdit : undefined}
              />
            </li>
          ))}
        </ul>
      )}
      {items.hasNextPage && (
        <Button variant="ghost" loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()} data-testid="gallery-more">
          {t("media.gallery.more")}
        </Button>
      )}
    </div>
  );
}
