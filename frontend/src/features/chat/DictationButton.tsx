import { LoaderCircle, Mic, Square } from "lucide-react";
import { useEffect, useState } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import {
  browserDevices,
  Dictation,
  type DictationProblem,
  type DictationState,
} from "./dictation";

const PROBLEMS: Record<DictationProblem, MessageKey> = {
  no_microphone: "chatActions.dictation.no_microphone",
  denied: "chatActions.dictation.denied",
  failed: "chatActions.dictation.failed",
  empty: "chatActions.dictation.empty",
};

/** The composer's microphone: a click records, another transcribes and hands the text to `onText` (which
 * should read the draft as it is then, not as it was at the click). */
export function DictationButton({
  onText,
  disabled,
}: {
  onText: (text: string) => void;
  disabled: boolean;
}) {
  const { t, language } = useI18n();
  const [state, setState] = useState<DictationState>({
    status: "idle",
    problem: null,
  });
  const [dictation] = useState(
    () => new Dictation(browserDevices(language), setState),
  );
  useEffect(
    () => () => {
      dictation.cancel();
    },
    [dictation],
  );

  const recording = state.status === "recording";
  const transcribing = state.status === "transcribing";
  const label = recording
    ? t("chatActions.dictation.stop")
    : t("chatActions.dictation.start");
  const message = state.problem
    ? t(PROBLEMS[state.problem])
    : recording
      ? t("chatActions.dictation.recording")
      : transcribing
        ? t("chatActions.dictation.transcribing")
        : null;
  return (
    <>
      {message && (
        <span
          role={state.problem ? "alert" : "status"}
          data-testid="dictation-status"
          className={`px-1 text-[0.6875rem] ${state.problem ? "font-semibold text-red-600 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}
        >
          {message}
        </span>
      )}
      <button
        type="button"
        aria-label={label}
        title={label}
        aria-pressed={recording}
        disabled={(disabled && !recording) || transcribing}
        onClick={() => {
          if (recording) dictation.stop();
          else void dictation.start(onText);
        }}
        data-testid="dictation-toggle"
        data-status={state.status}
        className={`inline-flex items-center rounded-xl p-2 disabled:cursor-not-allowed disabled:opacity-50 ${
          recording
            ? "bg-red-600 text-white hover:bg-red-500"
            : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        }`}
      >
        {transcribing ? (
          <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
        ) : recording ? (
          <Square className="size-4 fill-current" aria-hidden="true" />
        ) : (
          <Mic className="size-4" aria-hidden="true" />
        )}
      </button>
    </>
  );
}
