import { FileText, ImageIcon, LoaderCircle, Paperclip, X } from "lucide-react";
import { useId, useRef } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import {
  ACCEPT,
  MAX_FILES,
  MAX_MEGABYTES,
  type Attachment,
  type AttachmentKind,
  type Refusal,
} from "./attachments";

const REFUSALS: Record<Refusal, MessageKey> = {
  count: "chatActions.attachments.refused_count",
  size: "chatActions.attachments.refused_size",
  type: "chatActions.attachments.refused_type",
};

/** The composer's paper clip: opens the file picker (images and documents the chat reads). */
export function AttachButton({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const label = t("chatActions.attachments.add");
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="attach-input"
        onChange={(event) => {
          onFiles(Array.from(event.target.files ?? []));
          event.target.value = "";
        }}
      />
      <button
        type="button"
        aria-label={label}
        title={label}
        disabled={disabled}
        onClick={() => input.current?.click()}
        data-testid="attach-toggle"
        className="inline-flex items-center rounded-xl p-2 text-slate-600 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <Paperclip className="size-4" aria-hidden="true" />
      </button>
    </>
  );
}

const ICONS: Record<AttachmentKind, typeof FileText> = {
  image: ImageIcon,
  document: FileText,
};

/** The files attached to the message being written, each removable, with the limits stated. */
export function AttachmentChips({
  items,
  refused,
  onRemove,
}: {
  items: readonly Attachment[];
  refused: Refusal | null;
  onRemove: (key: string) => void;
}) {
  const { t } = useI18n();
  const limitsId = useId();
  if (items.length === 0 && !refused) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-1.5 px-3 pt-2"
      data-testid="attachments"
    >
      {items.map((item) => {
        const Icon =
          item.status === "uploading" ? LoaderCircle : ICONS[item.kind];
        return (
          <span
            key={item.key}
            data-testid="attachment-chip"
            data-status={item.status}
            title={item.error ?? undefined}
            className={`inline-flex max-w-56 items-center gap-1 rounded-lg px-2 py-1 text-xs font-medium ring-1 ring-inset ${
              item.status === "failed"
                ? "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900"
                : "bg-slate-100 text-slate-700 ring-slate-200 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-700"
            }`}
          >
            <Icon
              className={`size-3.5 shrink-0 ${item.status === "uploading" ? "animate-spin" : ""}`}
              aria-hidden="true"
            />
            <span className="truncate">{item.filename}</span>
            {item.status === "uploading" && (
              <span className="sr-only">
                {t("chatActions.attachments.uploading")}
              </span>
            )}
            {item.error && <span className="sr-only">{item.error}</span>}
            <button
              type="button"
              aria-label={t("chatActions.attachments.remove", {
                name: item.filename,
              })}
              onClick={() => {
                onRemove(item.key);
              }}
              className="rounded p-0.5 hover:bg-slate-200 dark:hover:bg-slate-700"
            >
              <X className="size-3" aria-hidden="true" />
            </button>
          </span>
        );
      })}
      {refused && (
        <span
          role="alert"
          className="text-xs font-semibold text-red-600 dark:text-red-400"
          data-testid="attachment-refused"
        >
          {t(REFUSALS[refused], { max: MAX_FILES, megabytes: MAX_MEGABYTES })}
        </span>
      )}
      <span
        id={limitsId}
        className="text-[0.6875rem] text-slate-500 dark:text-slate-400"
        data-testid="attachment-limits"
      >
        {t("chatActions.attachments.limits", {
          max: MAX_FILES,
          megabytes: MAX_MEGABYTES,
        })}
      </span>
    </div>
  );
}

/** The files a sent message carried, under its text. */
export function SentAttachments({
  files,
}: {
  files: readonly { filename: string; kind: AttachmentKind }[];
}) {
  const { t } = useI18n();
  if (files.length === 0) return null;
  return (
    <ul
      className="mt-1.5 flex flex-wrap justify-end gap-1"
      aria-label={t("chatActions.attachments.sent")}
      data-testid="turn-attachments"
    >
      {files.map((file, index) => {
        const Icon = ICONS[file.kind];
        return (
          <li
            key={`${file.filename}-${String(index)}`}
            className="inline-flex max-w-48 items-center gap-1 rounded-md bg-indigo-500/60 px-1.5 py-0.5 text-[0.6875rem]"
          >
            <Icon className="size-3 shrink-0" aria-hidden="true" />
            <span className="truncate">{file.filename}</span>
          </li>
        );
      })}
    </ul>
  );
}
