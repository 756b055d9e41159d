import { CopyButton } from "../../../components/CopyButton";
import { useI18n } from "../../../i18n";
import { formatLanguageName } from "../../../lib/format";
import type { Transcript } from "../api";
import { formatDuration } from "./duration";

/** A transcript as plain text, then its timestamped segments; a segment calls `onSeek` when given. */
export function TranscriptView({ transcript, onSeek }: { transcript: Transcript; onSeek?: (seconds: number) => void }) {
  const { t, language } = useI18n();
  return (
    <div className="space-y-3" data-testid="transcript">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {transcript.language ? t("media.transcribe.language_found", { language: formatLanguageName(transcript.language, language) }) : ""}
        </p>
        <CopyButton text={transcript.text} label={t("media.transcribe.copy")} data-testid="transcript-copy" />
      </div>
      <p className="rounded-lg bg-slate-50 p-3 text-sm whitespace-pre-wrap text-slate-800 dark:bg-slate-800/60 dark:text-slate-200" data-testid="transcript-text">
        {transcript.text}
      </p>
      {transcript.segments.length > 0 && (
        <ol className="space-y-1" data-testid="transcript-segments">
          {transcript.segments.map((segment, index) => (
            <li key={`${segment.start}-${index}`}>
              <button
                type="button"
                onClick={() => onSeek?.(segment.start)}
                disabled={!onSeek}
                className="flex w-full gap-3 rounded-lg px-2 py-1.5 text-left text-sm hover:bg-indigo-50 disabled:cursor-default disabled:hover:bg-transparent dark:hover:bg-indigo-950/50"
                data-testid="transcript-segment"
                data-start={segment.start}
              >
                <span className="shrink-0 font-mono text-xs text-indigo-700 tabular-nums dark:text-indigo-300">
                  {formatDuration(segment.start)}–{formatDuration(segment.end)}
                </span>
                <span className="text-slate-800 dark:text-slate-200">{segment.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
