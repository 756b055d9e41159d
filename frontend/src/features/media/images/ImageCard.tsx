import { Brush, Shuffle } from "lucide-react";
import { Button } from "../../../components/Button";
import { useI18n } from "../../../i18n";
import { formatRecent } from "../../../lib/format";
import { safeMediaUrl, type MediaItem } from "../api";
import { MediaActions } from "../MediaActions";

export interface ImageCardProps {
  item: MediaItem;
  modelName?: string;
  showPrompt?: boolean;
  onVary?: (item: MediaItem) => void;
  onEdit?: (item: MediaItem) => void;
}

/** One image with its actions; the prompt is shown as text, never as markup. */
export function ImageCard({ item, modelName, showPrompt = false, onVary, onEdit }: ImageCardProps) {
  const { t, language } = useI18n();
  const src = safeMediaUrl(item.url);
  return (
    <figure
      className="space-y-2 rounded-xl bg-white p-2 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      data-testid="image-result"
      data-media-id={item.media_id}
    >
      {src && (
        <a href={src} target="_blank" rel="noopener noreferrer" className="block">
          <img
            src={src}
            alt={item.prompt ?? t("media.images.generated_alt")}
            width={item.width ?? undefined}
            height={item.height ?? undefined}
            loading="lazy"
            className="h-auto w-full rounded-lg bg-slate-100 object-contain dark:bg-slate-800"
            data-testid="image-result-img"
          />
        </a>
      )}
      <figcaption className="space-y-1 px-1 text-xs text-slate-600 dark:text-slate-400">
        {showPrompt && item.prompt && <p className="line-clamp-3 text-sm text-slate-800 dark:text-slate-200" data-testid="image-prompt-text">{item.prompt}</p>}
        <p>
          {modelName ?? item.model}
          {item.width && item.height ? ` · ${item.width} × ${item.height}` : ""} · {formatRecent(item.created_at, language)}
          {item.simulated ? ` · ${t("media.simulated")}` : ""}
        </p>
      </figcaption>
      <MediaActions item={item}>
        {onVary && (
          <Button variant="secondary" className="px-2.5 py-1.5 text-xs" onClick={() => onVary(item)} data-testid="image-vary">
            <Shuffle className="size-3.5" aria-hidden="true" />
            {t("media.images.vary")}
          </Button>
        )}
        {onEdit && (
          <Button variant="secondary" className="px-2.5 py-1.5 text-xs" onClick={() => onEdit(item)} data-testid="image-edit">
            <Brush className="size-3.5" aria-hidden="true" />
            {t("media.images.edit")}
          </Button>
        )}
      </MediaActions>
    </figure>
  );
}
