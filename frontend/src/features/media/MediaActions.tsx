import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, Share2, Trash2 } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { buttonClasses } from "../../components/buttonClasses";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CopyButton } from "../../components/CopyButton";
import { ExpirySelect } from "../../components/ExpirySelect";
import { DEFAULT_EXPIRY, expiryHours, type Expiry } from "../../lib/expiry";
import { useI18n } from "../../i18n";
import { mediaApi, mediaKeys, safeMediaUrl, type MediaItem } from "./api";
import { forgetOutput } from "./jobs";
import { MediaProblem } from "./MediaError";

const SMALL = "px-2.5 py-1.5 text-xs";

/** Download, share by link and delete for one library item; `children` adds item-specific actions. */
export function MediaActions({ item, onDeleted, children }: { item: MediaItem; onDeleted?: () => void; children?: ReactNode }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const expiryId = useId();
  // Sharing asks for how long first: a public link that never ends is a choice, not a default.
  const [asking, setAsking] = useState(false);
  const [expiry, setExpiry] = useState<Expiry>(DEFAULT_EXPIRY);
  const share = useMutation({
    mutationFn: () => mediaApi.share(item.media_id, expiryHours(expiry)),
  });
  const remove = useMutation({
    mutationFn: () => mediaApi.deleteItem(item.media_id),
    onSuccess: () => {
      forgetOutput(client, item.media_id);
      void client.invalidateQueries({ queryKey: mediaKeys.items });
      onDeleted?.();
    },
  });
  const download = safeMediaUrl(item.download_url);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-1.5">
        {download && (
          <a href={download} download className={buttonClasses("secondary", SMALL)} data-testid="media-download">
            <Download className="size-3.5" aria-hidden="true" />
            {t("media.actions.download")}
          </a>
        )}
        <Button variant="secondary" className={SMALL} aria-expanded={asking} onClick={() => setAsking(!asking)} data-testid="media-share">
          <Share2 className="size-3.5" aria-hidden="true" />
          {t("media.actions.share")}
        </Button>
        {children}
        <ConfirmButton
          variant="ghost"
          className={SMALL}
          question={t("media.actions.delete_question")}
          loading={remove.isPending}
          onConfirm={() => remove.mutate()}
          data-testid="media-delete"
        >
          <Trash2 className="size-3.5" aria-hidden="true" />
          {t("media.actions.delete")}
        </ConfirmButton>
      </div>
      {asking && !share.data && (
        <div className="flex flex-wrap items-center gap-2" data-testid="media-share-ask">
          <label htmlFor={expiryId} className="text-xs text-slate-700 dark:text-slate-300">
            {t("media.actions.share_expiry")}
          </label>
          <ExpirySelect
            id={expiryId}
            value={expiry}
            onChange={(value) => {
              if (value !== "keep") setExpiry(value);
            }}
            className="rounded-lg border-0 bg-white py-1 pr-7 pl-2 text-xs ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:ring-slate-600"
            data-testid="media-share-expiry"
          />
          <Button className={SMALL} loading={share.isPending} onClick={() => share.mutate()} data-testid="media-share-create">
            {t("media.actions.share_create")}
          </Button>
        </div>
      )}
      {share.data && (
        <div className="flex flex-wrap items-center gap-2" data-testid="media-share-link">
          <input
            readOnly
            value={share.data.url}
            aria-label={t("media.actions.share_link")}
            onFocus={(event) => event.target.select()}
            className="min-w-0 flex-1 rounded-lg border-0 bg-slate-50 px-2 py-1.5 text-xs text-slate-800 ring-1 ring-slate-300 ring-inset dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600"
          />
          <CopyButton text={share.data.url} className={SMALL} />
        </div>
      )}
      <MediaProblem error={share.error ?? remove.error} />
    </div>
  );
}
