import { AudioLines } from "lucide-react";
import { useId, useMemo, useState, type SubmitEvent } from "react";
import { Button } from "../../../components/Button";
import { SelectField } from "../../../components/Field";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { formatNumber } from "../../../lib/format";
import { MAX_SPEECH_TEXT, mediaApi, type SpeechModel } from "../api";
import { isFinal, useJob } from "../jobs";
import { JobProgress } from "../JobProgress";
import { MediaActions } from "../MediaActions";
import { JobFailure, MediaProblem } from "../MediaError";
import { LABEL, TEXTAREA } from "../styles";
import { useSessionState } from "../useSessionState";
import { useVoices, voicesFor } from "./speech";
import { StreamingPlayer } from "./StreamingPlayer";

function SpeechResult({ jobId, autoPlay }: { jobId: string; autoPlay: boolean }) {
  const { t } = useI18n();
  const job = useJob(jobId);
  if (!job.data) return job.isError ? <MediaProblem error={job.error} /> : <Spinner />;
  const data = job.data;
  const item = data.outputs[0];
  return (
    <section className="space-y-3" data-testid="speech-result" data-status={data.status}>
      {(!isFinal(data) || data.status === "succeeded") && <JobProgress job={data} />}
      {(data.status === "failed" || data.status === "cancelled") && <JobFailure error={data.error} cancelled={data.status === "cancelled"} />}
      <StreamingPlayer key={jobId} job={data} autoPlay={autoPlay} />
      {item && <MediaActions item={item} />}
      {data.status === "succeeded" && !item && (
        <p className="text-sm text-slate-500 dark:text-slate-400">{data.removed ? t("media.speech.deleted") : t("media.speech.no_output")}</p>
      )}
    </section>
  );
}

/** Text to speech: model, voice, format, text; the result plays as soon as sound exists. */
export function SpeechPanel({ models }: { models: SpeechModel[] }) {
  const { t, language } = useI18n();
  const textId = useId();
  const voices = useVoices();
  const [modelId, setModelId] = useState(models[0]?.id ?? "");
  const [voiceId, setVoiceId] = useState("");
  const [format, setFormat] = useState("");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  // Only a clip asked for on this visit plays by itself (not one found again in the session).
  const [startedHere, setStartedHere] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [jobId, setJobId] = useSessionState<string | null>("webox.media.speech", null, (value) =>
    typeof value === "string" && /^[0-9a-f]{32}$/.test(value) ? value : null,
  );

  const model = models.find((item) => item.id === modelId) ?? models[0];
  const choices = useMemo(() => voicesFor(model, voices.data?.items ?? []), [model, voices.data]);
  const voice = choices.find((choice) => choice.id === voiceId) ?? choices[0];
  const chosenFormat = model?.formats.find((known) => known === format) ?? model?.formats[0] ?? "mp3";

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!model || !voice || !text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const accepted = await mediaApi.speak({ model: model.id, voice: voice.id, text: text.trim(), format: chosenFormat });
      setJobId(accepted.job_id);
      setStartedHere(accepted.job_id);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (models.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{t("media.speech.no_model")}</p>;

  const premade = choices.filter((choice) => !choice.cloned);
  const cloned = choices.filter((choice) => choice.cloned);
  return (
    <div className="space-y-5">
      <form onSubmit={submit} className="space-y-4" data-testid="speech-form">
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField label={t("media.speech.model")} value={model?.id ?? ""} onChange={(event) => setModelId(event.target.value)} data-testid="speech-model">
            {models.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
                {item.simulated ? ` (${t("media.simulated")})` : ""}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("media.speech.voice")}
            value={voice?.id ?? ""}
            onChange={(event) => setVoiceId(event.target.value)}
            disabled={choices.length === 0}
            hint={voices.isError ? t("media.speech.voices_unavailable") : undefined}
            data-testid="speech-voice"
          >
            {premade.length > 0 && (
              <optgroup label={t("media.speech.voices_premade")}>
                {premade.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </optgroup>
            )}
            {cloned.length > 0 && (
              <optgroup label={t("media.speech.voices_cloned")}>
                {cloned.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                  </option>
                ))}
              </optgroup>
            )}
          </SelectField>
          <SelectField label={t("media.speech.format")} value={chosenFormat} onChange={(event) => setFormat(event.target.value)} data-testid="speech-format">
            {(model?.formats ?? []).map((item) => (
              <option key={item} value={item}>
                {item.toUpperCase()}
              </option>
            ))}
          </SelectField>
        </div>
        <div>
          <label htmlFor={textId} className={LABEL}>
            {t("media.speech.text")}
          </label>
          <textarea
            id={textId}
            rows={5}
            maxLength={MAX_SPEECH_TEXT}
            required
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t("media.speech.text_placeholder")}
            className={TEXTAREA}
            data-testid="speech-text"
          />
          <p className="mt-1 text-right text-xs text-slate-500 dark:text-slate-400">
            {t("media.speech.counter", { count: formatNumber(text.length, language), max: formatNumber(MAX_SPEECH_TEXT, language) })}
          </p>
        </div>
        <Button type="submit" loading={busy} disabled={!text.trim() || !voice} data-testid="speech-submit">
          <AudioLines className="size-4" aria-hidden="true" />
          {t("media.speech.submit")}
        </Button>
        <MediaProblem error={error} />
      </form>
      {jobId && <SpeechResult key={jobId} jobId={jobId} autoPlay={startedHere === jobId} />}
    </div>
  );
}
