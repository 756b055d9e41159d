import { ChevronLeft, ChevronRight, Pencil, RefreshCw } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { MAX_CONTENT } from "./api";
import type { TurnView } from "./view";
import { versionInfo } from "./versions";
import { SentAttachments } from "./AttachmentPicker";

/** What the user's message can ask for; one stable object for the whole page. */
export interface MessageActions {
  /** Sends `content` as a new version of the turn's message, to the selected models or the turn's own. */
  edit: (view: TurnView, content: string, useSelection: boolean) => void;
  /** Every model of the turn answers again, as a new version of it. */
  regenerate: (view: TurnView) => void;
  showVersion: (turn: number) => void;
}

export interface UserMessageProps {
  view: TurnView;
  /** What is said under the message (its time, assistant and parameters). */
  details: string;
  actions: MessageActions;
  /** The last turn shown: the one whose answers can be regenerated. */
  last: boolean;
  /** Answers are on their way in this conversation: no edit, regenerate nor version switch meanwhile. */
  busy: boolean;
  /** How many models the picker has selected (an edit may go to them instead). */
  selectionCount: number;
}

const TOOL =
  "inline-flex items-center gap-1 rounded-md px-1.5 py-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800 disabled:opacity-40 disabled:hover:bg-transparent dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100";

/** The user's message of a turn, with its versions, an editor (edit and resend) and, on the last turn, regenerate. */
export function UserMessage({
  view,
  details,
  actions,
  last,
  busy,
  selectionCount,
}: UserMessageProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(view.content);
  const [useSelection, setUseSelection] = useState(false);
  const fieldId = useId();
  const stored = view.turn !== null && !view.live;
  const version =
    view.turn === null ? null : versionInfo(view.turn, view.versions);

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    actions.edit(view, text, useSelection);
    setEditing(false);
  }

  if (editing) {
    return (
      <form
        onSubmit={submit}
        className="ml-auto w-full max-w-[min(48rem,100%)] space-y-2"
        data-testid="message-editor"
      >
        <label htmlFor={fieldId} className="sr-only">
          {t("chatActions.edit.label")}
        </label>
        <textarea
          id={fieldId}
          value={text}
          maxLength={MAX_CONTENT}
          rows={Math.min(10, Math.max(3, text.split("\n").length))}
          autoFocus
          onChange={(event) => {
            setText(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") setEditing(false);
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey))
              event.currentTarget.form?.requestSubmit();
          }}
          data-testid="message-editor-input"
          className="block w-full rounded-xl border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-indigo-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-indigo-700"
        />
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {t("chatActions.edit.hint")}
        </p>
        <div className="flex flex-wrap items-center justify-end gap-2">
          {selectionCount > 0 && (
            <label className="mr-auto inline-flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
              <input
                type="checkbox"
                checked={useSelection}
                onChange={(event) => {
                  setUseSelection(event.target.checked);
                }}
                data-testid="message-editor-selection"
              />
              {t("chatActions.edit.use_selection", { count: selectionCount })}
            </label>
          )}
          <Button
            variant="secondary"
            onClick={() => {
              setEditing(false);
            }}
          >
            {t("chatActions.edit.cancel")}
          </Button>
          <Button
            type="submit"
            disabled={!text.trim() || busy}
            data-testid="message-editor-send"
          >
            {t("chatActions.edit.send")}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="max-w-[min(48rem,90%)] rounded-2xl rounded-br-md bg-indigo-600 px-4 py-2.5 text-white shadow-sm">
        <p className="sr-only">{t("chat.turn.you")}</p>
        <p
          className="text-sm break-words whitespace-pre-wrap"
          data-testid="turn-content"
        >
          {view.content}
        </p>
        <SentAttachments files={view.attachments} />
        <p
          className="mt-1 text-right text-[0.6875rem] text-indigo-100"
          data-testid="turn-details"
        >
          {details}
        </p>
      </div>
      {view.turn !== null && (
        <div className="flex items-center gap-0.5" data-testid="message-tools">
          {version && version.count > 1 && (
            <div
              role="group"
              aria-label={t("chatActions.versions.label")}
              className="inline-flex items-center"
            >
              <button
                type="button"
                className={TOOL}
                disabled={busy || version.previous === null}
                aria-label={t("chatActions.versions.previous")}
                title={t("chatActions.versions.previous")}
                onClick={() => {
                  if (version.previous !== null)
                    actions.showVersion(version.previous);
                }}
                data-testid="version-previous"
              >
                <ChevronLeft className="size-3.5" aria-hidden="true" />
              </button>
              <span
                className="text-xs text-slate-500 tabular-nums dark:text-slate-400"
                data-testid="version-position"
              >
                {t("chatActions.versions.position", {
                  index: version.index,
                  count: version.count,
                })}
              </span>
              <button
                type="button"
                className={TOOL}
                disabled={busy || version.next === null}
                aria-label={t("chatActions.versions.next")}
                title={t("chatActions.versions.next")}
                onClick={() => {
                  if (version.next !== null) actions.showVersion(version.next);
                }}
                data-testid="version-next"
              >
                <ChevronRight className="size-3.5" aria-hidden="true" />
              </button>
            </div>
          )}
          <button
            type="button"
            className={TOOL}
            disabled={busy || !stored}
            onClick={() => {
              setText(view.content);
              setUseSelection(false);
              setEditing(true);
            }}
            data-testid="message-edit"
          >
            <Pencil className="size-3.5" aria-hidden="true" />
            {t("chatActions.edit.open")}
          </button>
          {last && (
            <button
              type="button"
              className={TOOL}
              disabled={busy || !stored}
              title={t("chatActions.regenerate.title")}
              onClick={() => {
                actions.regenerate(view);
              }}
              data-testid="regenerate-all"
            >
              <RefreshCw className="size-3.5" aria-hidden="true" />
              {t("chatActions.regenerate.button")}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
