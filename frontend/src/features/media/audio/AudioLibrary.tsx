import { useState } from "react";
import { Button } from "../../../components/Button";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { formatRecent } from "../../../lib/format";
import { useDebounced } from "../../../lib/useDebounced";
import { safeMediaUrl, type MediaItem } from "../api";
import { MediaActions } from "../MediaActions";
import { MediaProblem } from "../MediaError";
import { SearchInput } from "../../../components/SearchInput";
import { useMediaItems } from "../useMediaItems";
import { formatDuration } from "./duration";
import { EmptyState } from "../../../components/EmptyState";

function AudioRow({ item, modelName }: { item: MediaItem; modelName: string }) {
  const { t, language } = useI18n();
  const src = safeMediaUrl(item.url);
  return (
    <li className="space-y-2 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800" data-testid="audio-item" data-media-id={item.media_id}>
      {item.prompt && <p className="line-clamp-3 text-sm break-words text-slate-800 dark:text-slate-200">{item.prompt}</p>}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {modelName}
        {item.duration_s ? ` · ${formatDuration(item.duration_s)}` : ""} · {formatRecent(item.created_at, language)}
        {item.simulated ? ` · ${t("media.simulated")}` : ""}
      </p>
      {src && <audio controls preload="none" src={src} className="w-full" data-testid="audio-item-player" aria-label={t("media.speech.player")} />}
      <MediaActions item={item} />
    </li>
  );
}

/** The user's audio files, newest first, searchable by their text. */
export function AudioLibrary({ modelName }: { modelName: (id: string) => string }) {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const items = useMediaItems("audio", q, 20);
  const all = items.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-4" data-testid="audio-library">
      <SearchInput id="audio-search" value={search} onChange={setSearch} label={t("media.library.search")} />
      {items.isPending ? (
        <Spinner />
      ) : items.isError ? (
        <MediaProblem error={items.error} />
      ) : all.length === 0 ? (
        <EmptyState data-testid="audio-empty">
          {q ? t("media.library.no_match") : t("media.library.empty")}
        </EmptyState>
      ) : (
        <ul className="grid gap-3 lg:grid-cols-2">
          {all.map((item) => (
            <AudioRow key={item.media_id} item={item} modelName={modelName(item.model)} />
          ))}
        </ul>
      )}
      {items.hasNextPage && (
        <Button variant="ghost" loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()} data-testid="audio-more">
          {t("media.library.more")}
        </Button>
      )}
    </div>
  );
}
