import { FileAudio, ScrollText } from "lucide-react";
import { useEffect, useId, useRef, useState, type SubmitEvent } from "react";
import { Button } from "../../../components/Button";
import { SelectField } from "../../../components/Field";
import { Spinner } from "../../../components/PageStatus";
import { ProgressBar } from "../../../components/ProgressBar";
import { useI18n } from "../../../i18n";
import { formatRecent } from "../../../lib/format";
import { useDebounced } from "../../../lib/useDebounced";
import { AUDIO_TYPES, mediaApi } from "../api";
import { isFinal, useJob } from "../jobs";
import { JobProgress } from "../JobProgress";
import { MediaActions } from "../MediaActions";
import { JobFailure, MediaProblem } from "../MediaError";
import { SearchInput } from "../../../components/SearchInput";
import { useUpload } from "../upload";
import { useMediaItems } from "../useMediaItems";
import { TranscriptView } from "./TranscriptView";

const LANGUAGES = ["fr", "en", "es", "de", "it", "pt", "nl"] as const;

function TranscriptionJob({ jobId, audio }: { jobId: string; audio: string | null }) {
  const { t } = useI18n();
  const job = useJob(jobId);
  const player = useRef<HTMLAudioElement>(null);
  if (!job.data) return job.isError ? <MediaProblem error={job.error} /> : <Spinner />;
  const data = job.data;
  const item = data.outputs.find((output) => output.transcript);
  const seek = (seconds: number) => {
    const element = player.current;
    if (!element) return;
    element.currentTime = seconds;
    void element.play().catch(() => undefined);
  };
  return (
    <section className="space-y-3" data-testid="transcription-result" data-status={data.status}>
      {(!isFinal(data) || data.status === "succeeded") && <JobProgress job={data} />}
      {(data.status === "failed" || data.status === "cancelled") && <JobFailure error={data.error} cancelled={data.status === "cancelled"} />}
      {audio && <audio ref={player} controls src={audio} className="w-full" data-testid="transcription-player" aria-label={t("media.transcribe.player")} />}
      {item?.transcript && <TranscriptView transcript={item.transcript} onSeek={audio ? seek : undefined} />}
      {item && <MediaActions item={item} />}
    </section>
  );
}

function PastTranscripts() {
  const { t, language } = useI18n();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  const items = useMediaItems("transcript", q, 10);
  const all = items.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="space-y-3" data-testid="transcripts">
      <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("media.transcribe.history")}</h3>
      <SearchInput id="transcript-search" value={search} onChange={setSearch} label={t("media.transcribe.search")} />
      {items.isPending ? (
        <Spinner />
      ) : items.isError ? (
        <MediaProblem error={items.error} />
      ) : all.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">{q ? t("media.library.no_match") : t("media.transcribe.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {all.map((item) => (
            <li key={item.media_id} className="rounded-xl bg-white p-3 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800" data-testid="transcript-item">
              <details>
                <summary className="cursor-pointer text-sm text-slate-800 dark:text-slate-200">
                  <span className="text-xs text-slate-500 dark:text-slate-400">{formatRecent(item.created_at, language)} · </span>
                  {(item.transcript?.text ?? item.prompt ?? "").slice(0, 120)}
                </summary>
                <div className="mt-3 space-y-3">
                  {item.transcript && <TranscriptView transcript={item.transcript} />}
                  <MediaActions item={item} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      {items.hasNextPage && (
        <Button variant="ghost" loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>
          {t("media.library.more")}
        </Button>
      )}
    </section>
  );
}

/** Upload a recording, get its text with timestamps; segments seek the player. */
export function TranscribePanel() {
  const { t } = useI18n();
  const fileId = useId();
  const upload = useUpload();
  const [file, setFile] = useState<File | null>(null);
  const [lang, setLang] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<{ jobId: string; audio: string } | null>(null);

  // The local copy plays the recording; freed once replaced.
  useEffect(() => {
    const audio = run?.audio;
    return () => {
      if (audio) URL.revokeObjectURL(audio);
    };
  }, [run?.audio]);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const info = await upload.upload("audio", file, file.name);
      if (!info) return;
      const accepted = await mediaApi.transcribe({ upload_id: info.upload_id, language: lang || undefined });
      setRun({ jobId: accepted.job_id, audio: URL.createObjectURL(file) });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4" data-testid="transcribe-form">
        <div className="flex flex-wrap items-center gap-3">
          <label
            htmlFor={fileId}
            className="inline-flex cursor-pointer items-center gap-2 rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600"
          >
            <FileAudio className="size-4" aria-hidden="true" />
            {t("media.transcribe.choose")}
          </label>
          <input
            id={fileId}
            type="file"
            accept={AUDIO_TYPES}
            className="sr-only"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              event.target.value = "";
            }}
            data-testid="transcribe-file"
          />
          <span className="min-w-0 text-sm break-all text-slate-700 dark:text-slate-300" data-testid="transcribe-filename">
            {file ? file.name : t("media.transcribe.hint")}
          </span>
        </div>
        <SelectField label={t("media.transcribe.language")} value={lang} onChange={(event) => setLang(event.target.value)} className="max-w-xs" data-testid="transcribe-language">
          <option value="">{t("media.transcribe.auto")}</option>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {code.toUpperCase()}
            </option>
          ))}
        </SelectField>
        {upload.progress !== null && <ProgressBar value={upload.progress * 100} label={t("media.upload.progress")} data-testid="upload-progress" />}
        <Button type="submit" loading={busy} disabled={!file} data-testid="transcribe-submit">
          <ScrollText className="size-4" aria-hidden="true" />
          {t("media.transcribe.submit")}
        </Button>
        <MediaProblem error={upload.error ?? error} />
      </form>
      {run && <TranscriptionJob key={run.jobId} jobId={run.jobId} audio={run.audio} />}
      <PastTranscripts />
    </div>
  );
}
