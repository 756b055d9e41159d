import {
  Bot,
  ChevronDown,
  CornerDownRight,
  Layers,
  Scale,
  SendHorizontal,
  SlidersHorizontal,
  Square,
  X,
} from "lucide-react";
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  type ReactNode,
  type SubmitEvent,
  type KeyboardEvent,
} from "react";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { AssistantIcon } from "../../components/AssistantIcon";
import { MAX_MODELS } from "../../lib/models";
import { MAX_CONTENT } from "./api";
import { DictationButton } from "./DictationButton";
import { parseAutomateCommand } from "./automateCommand";

export interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  busy: boolean;
  stopping: boolean;
  modelCount: number;
  modelSummary: string;
  pickerOpen: boolean;
  onTogglePicker: () => void;
  paramsOpen: boolean;
  paramsChanged: boolean;
  onToggleParams: () => void;
  verify: boolean;
  onVerifyChange: (verify: boolean) => void;
  /** The picked judge ("": automatic) and the models that can judge. */
  judge: string;
  judges: { id: string; name: string }[];
  onJudgeChange: (judge: string) => void;
  pick: { turn: number; name: string } | null;
  onClearPick: () => void;
  /** The active assistant (its prompt and parameters apply to the next turns), or null. */
  assistant: { name: string; icon: string } | null;
  onClearAssistant: () => void;
  assistantOpen: boolean;
  onToggleAssistant: () => void;
  /** Shown above the box: a refused send, the connection state. */
  notice: {
    tone: "error" | "info";
    message: string;
    onDismiss?: () => void;
  } | null;
  /** The attached files (above the text) and the button attaching them (beside the microphone). */
  attachments?: ReactNode;
  attachButton?: ReactNode;
  /** Files still uploading: the message waits for them. */
  uploading?: boolean;
}

const TOGGLE =
  "inline-flex min-w-0 items-center gap-1.5 rounded-lg px-2 py-1.5 text-xs font-semibold text-slate-700 hover:bg-slate-100 " +
  "aria-expanded:bg-indigo-50 aria-expanded:text-indigo-700 dark:text-slate-200 dark:hover:bg-slate-800 " +
  "dark:aria-expanded:bg-indigo-950 dark:aria-expanded:text-indigo-300";

/** The message box: Enter sends, Shift+Enter adds a line; a Stop button while answers stream. */
export function Composer(props: ComposerProps) {
  const { t, language } = useI18n();
  const { value, busy } = props;
  const inputId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const tooLong = value.length > MAX_CONTENT;
  const canSend =
    !busy &&
    value.trim().length > 0 &&
    !tooLong &&
    // `/automatiser` asks the generator, not the models: it needs none chosen.
    (props.modelCount > 0 || parseAutomateCommand(value) !== null) &&
    !props.uploading;

  // Dictated text lands after what is typed meanwhile.
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  const { onChange } = props;
  const dictated = useCallback(
    (text: string) => {
      const before = latest.current.trimEnd();
      onChange(before ? `${before} ${text}` : text);
      input.current?.focus();
    },
    [onChange],
  );

  // Grow with the text, up to about ten lines.
  useLayoutEffect(() => {
    const element = input.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 240)}px`;
  }, [value]);

  // Back to typing once the answers are in.
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy) input.current?.focus({ preventScroll: true });
    wasBusy.current = busy;
  }, [busy]);

  function submit(event?: SubmitEvent) {
    event?.preventDefault();
    if (canSend) props.onSend();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (
      event.key === "Enter" &&
      !event.shiftKey &&
      !event.nativeEvent.isComposing
    ) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <div className="space-y-2">
      {props.pick && (
        <p
          data-testid="composer-pick"
          className="flex items-center gap-2 rounded-lg bg-indigo-50 px-3 py-1.5 text-xs font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
        >
          <CornerDownRight className="size-4 shrink-0" aria-hidden="true" />
          <span className="min-w-0 flex-1 truncate">
            {t("chat.composer.pick", {
              model: props.pick.name,
              turn: props.pick.turn,
            })}
          </span>
          <button
            type="button"
            data-testid="composer-pick-clear"
            aria-label={t("chat.composer.pick_clear")}
            onClick={props.onClearPick}
            className="rounded p-0.5 hover:bg-indigo-100 dark:hover:bg-indigo-900"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </p>
      )}
      {props.assistant && (
        <p
          data-testid="composer-assistant"
          className="flex items-center gap-2 rounded-lg bg-fuchsia-50 px-3 py-1.5 text-xs font-medium text-fuchsia-900 dark:bg-fuchsia-950 dark:text-fuchsia-200"
        >
          <AssistantIcon
            name={props.assistant.icon}
            className="size-4 shrink-0"
          />
          <span className="min-w-0 flex-1 truncate">
            {t("chat.assistant.active", { name: props.assistant.name })}
          </span>
          <button
            type="button"
            data-testid="composer-assistant-clear"
            aria-label={t("chat.assistant.clear")}
            title={t("chat.assistant.clear")}
            onClick={props.onClearAssistant}
            className="rounded p-0.5 hover:bg-fuchsia-100 dark:hover:bg-fuchsia-900"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </p>
      )}
      {props.notice && (
        <div
          role={props.notice.tone === "error" ? "alert" : "status"}
          data-testid={
            props.notice.tone === "error" ? "composer-error" : "composer-notice"
          }
          className={`flex items-start gap-2 rounded-lg px-3 py-2 text-sm ring-1 ring-inset ${
            props.notice.tone === "error"
              ? "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900"
              : "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-900"
          }`}
        >
          <span className="min-w-0 flex-1">{props.notice.message}</span>
          {props.notice.onDismiss && (
            <button
              type="button"
              aria-label={t("chat.composer.dismiss")}
              onClick={props.notice.onDismiss}
              className="rounded p-0.5"
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          )}
        </div>
      )}

      <form
        onSubmit={submit}
        className="rounded-2xl bg-white shadow-sm ring-1 ring-slate-300 focus-within:ring-2 focus-within:ring-indigo-500 dark:bg-slate-900 dark:ring-slate-700"
      >
        {props.attachments}
        <label htmlFor={inputId} className="sr-only">
          {t("chat.composer.label")}
        </label>
        <textarea
          id={inputId}
          ref={input}
          rows={2}
          value={value}
          disabled={busy}
          onChange={(event) => {
            props.onChange(event.target.value);
          }}
          onKeyDown={onKeyDown}
          placeholder={
            props.modelCount === 0
              ? t("chat.composer.no_model")
              : props.modelCount > 1
                ? t("chat.composer.placeholder_many", {
                    count: props.modelCount,
                  })
                : t("chat.composer.placeholder")
          }
          aria-describedby={`${inputId}-hint`}
          aria-invalid={tooLong || undefined}
          data-testid="composer-input"
          className="block max-h-60 w-full resize-none rounded-t-2xl border-0 bg-transparent px-4 pt-3 pb-1 text-sm text-slate-900 placeholder:text-slate-400 focus:ring-0 focus:outline-none disabled:cursor-not-allowed disabled:opacity-60 dark:text-slate-100"
        />
        <div className="flex flex-wrap items-center gap-1 px-2 pb-2">
          <button
            type="button"
            data-testid="model-picker-toggle"
            aria-expanded={props.pickerOpen}
            onClick={props.onTogglePicker}
            title={props.modelSummary}
            className={TOGGLE}
          >
            <Layers className="size-4 shrink-0" aria-hidden="true" />
            <span className="hidden sm:inline">{t("chat.picker.toggle")}</span>
            <span className="rounded-full bg-indigo-100 px-1.5 text-indigo-800 tabular-nums dark:bg-indigo-900 dark:text-indigo-200">
              {props.modelCount}/{MAX_MODELS}
            </span>
            <span className="hidden max-w-48 truncate font-normal text-slate-500 xl:inline dark:text-slate-400">
              {props.modelSummary}
            </span>
            <ChevronDown className="size-3.5 shrink-0" aria-hidden="true" />
          </button>
          <button
            type="button"
            data-testid="assistant-toggle"
            aria-expanded={props.assistantOpen}
            onClick={props.onToggleAssistant}
            className={TOGGLE}
          >
            <Bot className="size-4 shrink-0" aria-hidden="true" />
            <span className="sr-only sm:not-sr-only sm:max-w-32 sm:truncate">
              {props.assistant?.name ?? t("chat.assistant.toggle")}
            </span>
          </button>
          <button
            type="button"
            data-testid="params-toggle"
            aria-expanded={props.paramsOpen}
            onClick={props.onToggleParams}
            className={TOGGLE}
          >
            <SlidersHorizontal className="size-4 shrink-0" aria-hidden="true" />
            <span className="hidden sm:inline">{t("chat.params.toggle")}</span>
            {props.paramsChanged && (
              <span
                className="size-1.5 rounded-full bg-indigo-500"
                aria-hidden="true"
              />
            )}
          </button>
          <label
            className="inline-flex cursor-pointer items-center gap-1.5 rounded-lg px-2 py-1.5 text-xs font-semibold text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
            title={t("chat.params.verify_hint")}
          >
            {/* The real checkbox lies transparent over the drawn switch, so it is what gets clicked. */}
            <span className="relative inline-flex shrink-0">
              <input
                type="checkbox"
                role="switch"
                checked={props.verify}
                onChange={(event) => {
                  props.onVerifyChange(event.target.checked);
                }}
                data-testid="verify-toggle"
                className="peer absolute inset-0 z-10 m-0 size-full cursor-pointer opacity-0"
              />
              <span
                aria-hidden="true"
                className="relative h-4 w-7 rounded-full bg-slate-300 transition peer-checked:bg-indigo-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600 after:absolute after:top-0.5 after:left-0.5 after:size-3 after:rounded-full after:bg-white after:transition peer-checked:after:translate-x-3 dark:bg-slate-600"
              />
            </span>
            <Scale className="size-4 sm:hidden" aria-hidden="true" />
            <span className="sr-only sm:not-sr-only">
              {t("chat.params.verify")}
            </span>
          </label>
          {props.verify && (
            <select
              aria-label={t("chat.params.judge")}
              value={props.judge}
              onChange={(event) => {
                props.onJudgeChange(event.target.value);
              }}
              data-testid="judge-select"
              className="max-w-36 truncate rounded-lg border-0 bg-transparent py-1 pr-6 pl-1 text-xs font-semibold text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              <option value="">{t("chat.params.judge_auto")}</option>
              {props.judges.map((judge) => (
                <option key={judge.id} value={judge.id}>
                  {judge.name}
                </option>
              ))}
            </select>
          )}

          <span
            id={`${inputId}-hint`}
            className="ml-auto hidden px-1 text-[0.6875rem] text-slate-400 xl:inline"
          >
            {t("chat.composer.hint")}
          </span>
          {value.length > MAX_CONTENT * 0.8 && (
            <span
              className={`px-1 text-[0.6875rem] tabular-nums ${tooLong ? "font-semibold text-red-600" : "text-slate-500"}`}
              data-testid="composer-length"
            >
              {t("chat.composer.length", {
                count: formatNumber(value.length, language),
                max: formatNumber(MAX_CONTENT, language),
              })}
            </span>
          )}
          {props.attachButton}
          <DictationButton onText={dictated} disabled={busy} />
          {busy ? (
            <button
              type="button"
              data-testid="composer-stop"
              onClick={props.onStop}
              disabled={props.stopping}
              className="ml-auto inline-flex items-center gap-1.5 rounded-xl bg-slate-900 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-60 xl:ml-0 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200"
            >
              <Square className="size-3.5 fill-current" aria-hidden="true" />
              {t("chat.composer.stop")}
            </button>
          ) : (
            <button
              type="submit"
              data-testid="composer-send"
              disabled={!canSend}
              className="ml-auto inline-flex items-center gap-1.5 rounded-xl bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 xl:ml-0"
            >
              <SendHorizontal className="size-4" aria-hidden="true" />
              {t("chat.composer.send")}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
