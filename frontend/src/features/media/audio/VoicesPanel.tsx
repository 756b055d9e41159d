import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FileAudio, Mic, Trash2, X } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { Button } from "../../../components/Button";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { CheckboxField, TextField } from "../../../components/Field";
import { Spinner } from "../../../components/PageStatus";
import { ProgressBar } from "../../../components/ProgressBar";
import { useI18n } from "../../../i18n";
import { AUDIO_TYPES, MAX_SAMPLES, mediaApi, mediaKeys, type Voice } from "../api";
import { isFinal, useJob } from "../jobs";
import { JobProgress } from "../JobProgress";
import { JobFailure, MediaProblem } from "../MediaError";
import { uploadMedia } from "../../../lib/mediaUpload";
import { useVoices } from "./speech";

function CloneJob({ jobId }: { jobId: string }) {
  const { t } = useI18n();
  const job = useJob(jobId);
  if (!job.data) return job.isError ? <MediaProblem error={job.error} /> : <Spinner />;
  const data = job.data;
  return (
    <div className="space-y-2" data-testid="clone-job" data-status={data.status}>
      {(!isFinal(data) || data.status === "succeeded") && <JobProgress job={data} />}
      {data.status === "succeeded" && <p className="text-sm text-emerald-700 dark:text-emerald-300">{t("media.voices.cloned")}</p>}
      {(data.status === "failed" || data.status === "cancelled") && <JobFailure error={data.error} cancelled={data.status === "cancelled"} />}
    </div>
  );
}

function CloneForm() {
  const { t } = useI18n();
  const fileId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [consent, setConsent] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  function add(list: FileList | null) {
    if (!list) return;
    setFiles((old) => [...old, ...Array.from(list)].slice(0, MAX_SAMPLES));
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (files.length === 0 || !name.trim() || !consent) return;
    setBusy(true);
    setError(null);
    setJobId(null);
    try {
      const ids: string[] = [];
      for (const [index, file] of files.entries()) {
        setSent(index);
        const info = await uploadMedia("audio", file, file.name, (fraction) => setSent(index + fraction));
        ids.push(info.upload_id);
      }
      setSent(files.length);
      const accepted = await mediaApi.createVoice({
        name: name.trim(),
        description: description.trim() || undefined,
        sample_upload_ids: ids,
        consent: true,
      });
      setJobId(accepted.job_id);
      setFiles([]);
      setName("");
      setDescription("");
      setConsent(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setSent(null);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="clone-form">
      <div>
        <label
          htmlFor={fileId}
          className="inline-flex cursor-pointer items-center gap-2 rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600"
        >
          <FileAudio className="size-4" aria-hidden="true" />
          {t("media.voices.add_samples")}
        </label>
        <input
          id={fileId}
          type="file"
          accept={AUDIO_TYPES}
          multiple
          className="sr-only"
          disabled={files.length >= MAX_SAMPLES || busy}
          onChange={(event) => {
            add(event.target.files);
            event.target.value = "";
          }}
          data-testid="clone-files"
        />
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("media.voices.samples_hint", { max: MAX_SAMPLES })}</p>
        {files.length > 0 && (
          <ul className="mt-2 space-y-1" data-testid="clone-samples">
            {files.map((file, index) => (
              <li key={`${file.name}-${index}`} className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
                <span className="min-w-0 flex-1 truncate">{file.name}</span>
                <Button
                  variant="ghost"
                  className="px-2 py-1"
                  disabled={busy}
                  aria-label={t("media.voices.remove_sample", { name: file.name })}
                  onClick={() => setFiles((old) => old.filter((_, position) => position !== index))}
                >
                  <X className="size-4" aria-hidden="true" />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("media.voices.name")} required maxLength={80} value={name} onChange={(event) => setName(event.target.value)} data-testid="clone-name" />
        <TextField
          label={t("media.voices.description_label")}
          maxLength={500}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="clone-description"
        />
      </div>
      <div className="rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200 ring-inset dark:bg-amber-950/40 dark:ring-amber-900">
        <CheckboxField
          label={t("media.voices.consent")}
          checked={consent}
          onChange={(event) => setConsent(event.target.checked)}
          className="items-start"
          data-testid="clone-consent"
        />
      </div>
      {sent !== null && (
        <ProgressBar value={(sent / Math.max(1, files.length)) * 100} label={t("media.upload.progress")} data-testid="upload-progress" />
      )}
      <Button type="submit" loading={busy} disabled={files.length === 0 || !name.trim() || !consent} data-testid="clone-submit">
        <Mic className="size-4" aria-hidden="true" />
        {t("media.voices.submit")}
      </Button>
      <MediaProblem error={error} />
      {jobId && <CloneJob key={jobId} jobId={jobId} />}
    </form>
  );
}

function VoiceRow({ voice }: { voice: Voice }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => mediaApi.deleteVoice(voice.voice_id),
    onSuccess: () => void client.invalidateQueries({ queryKey: mediaKeys.voices }),
  });
  return (
    <li className="flex flex-wrap items-center gap-3 py-2" data-testid="voice-item" data-voice-id={voice.voice_id}>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-slate-900 dark:text-white">{voice.name}</span>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {voice.provider} · {t(`media.voices.status.${voice.status}`)}
        </span>
      </span>
      <ConfirmButton
        variant="ghost"
        className="px-2.5 py-1.5 text-xs"
        question={t("media.voices.delete_question")}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        data-testid="voice-delete"
      >
        <Trash2 className="size-3.5" aria-hidden="true" />
        {t("media.actions.delete")}
      </ConfirmButton>
      <div className="w-full">
        <MediaProblem error={remove.error} />
      </div>
    </li>
  );
}

/** The user's cloned voices, and the cloning form (samples, name, explicit consent). */
export function VoicesPanel() {
  const { t } = useI18n();
  const voices = useVoices();
  const mine = (voices.data?.items ?? []).filter((voice) => voice.category === "cloned");
  return (
    <div className="space-y-6">
      <CloneForm />
      <section>
        <h3 className="mb-2 text-sm font-semibold text-slate-900 dark:text-white">{t("media.voices.mine")}</h3>
        {voices.isPending ? (
          <Spinner />
        ) : voices.isError ? (
          <MediaProblem error={voices.error} />
        ) : mine.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="voices-empty">
            {t("media.voices.empty")}
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="voice-list">
            {mine.map((voice) => (
              <VoiceRow key={voice.voice_id} voice={voice} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
