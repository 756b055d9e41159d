import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { voiceApi, voiceKeys, type Turn } from "./api";
import { textOf } from "./softphone";

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${Math.round(value)} ms`;
}

/** The turn the recording is at: turns are spread over the recording in proportion to their words. */
function turnAt(turns: Turn[], progress: number): number {
  const words = turns.map((turn) => (turn.heard ?? turn.text).split(/\s+/).length);
  const total = words.reduce((a, b) => a + b, 0) || 1;
  let sum = 0;
  for (let i = 0; i < turns.length; i += 1) {
    sum += words[i] ?? 0;
    if (sum / total >= progress) return i;
  }
  return turns.length - 1;
}

/** `/voice/calls/:callId`: recording synced with the transcript, summary, fields, score, latency. */
export function CallPage() {
  const { t } = useI18n();
  useDocumentTitle(t("voice.call.title"));
  const { callId = "" } = useParams();
  const [current, setCurrent] = useState(-1);
  const audio = useRef<HTMLAudioElement>(null);
  const call = useQuery({
    queryKey: voiceKeys.call(callId),
    queryFn: () => voiceApi.call(callId),
    refetchInterval: (query) => (query.state.data?.score ? false : 2000),
  });
  if (call.isPending) return <Spinner />;
  if (call.isError) return <ProblemError error={call.error} data-testid="call-error" />;
  const detail = call.data;
  const spoken = detail.transcript.filter((turn) => turn.role !== "dtmf");
  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="call-page">
      <Link to="/voice" className="text-sm text-indigo-700 dark:text-indigo-300">← {t("voice.title")}</Link>
      <h1 className="text-2xl font-bold text-slate-900 dark:text-white">
        {detail.from_number} → {detail.to_number}
      </h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {new Date(detail.started_at).toLocaleString()} · {t(`voice.status.${detail.status}` as "voice.status.completed")}
        {detail.transferred_to && ` · ${t("voice.softphone.transferred", { to: detail.transferred_to })}`}
      </p>
      {detail.recording_url && (
        <audio
          ref={audio}
          controls
          src={detail.recording_url}
          data-testid="call-recording"
          onTimeUpdate={() => {
            const el = audio.current;
            if (el?.duration) setCurrent(turnAt(spoken, el.currentTime / el.duration));
          }}
        />
      )}
      <section data-testid="call-latency" className="grid grid-cols-3 gap-3 text-sm">
        <div>{t("voice.call.first_token")}: <strong>{ms(detail.latency.first_token_p50_ms)}</strong></div>
        <div>{t("voice.call.last_token")}: <strong>{ms(detail.latency.last_token_p50_ms)}</strong></div>
        <div>{t("voice.call.model_ttft")}: <strong>{ms(detail.latency.model_ttft_p50_ms)}</strong></div>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("voice.call.summary")}</h2>
        <p data-testid="call-summary">{detail.summary ?? t("voice.call.pending")}</p>
        {detail.fields && (
          <dl className="grid grid-cols-2 gap-1 text-sm" data-testid="call-fields">
            {Object.entries(detail.fields).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{t(`voice.fields.${key}` as "voice.fields.name")}</dt>
                <dd>{textOf(value) || "—"}</dd>
              </div>
            ))}
          </dl>
        )}
        {detail.score && (
          <p data-testid="call-score">
            {t("voice.call.score", { score: textOf(detail.score.score) || "—", judge: textOf(detail.score.judge) })}
          </p>
        )}
      </section>
      <section>
        <h2 className="text-lg font-semibold">{t("voice.call.transcript")}</h2>
        <ol className="space-y-2" data-testid="call-transcript">
          {detail.transcript.map((turn) => (
            <li
              key={turn.n}
              className={`rounded-lg p-2 text-sm ${spoken[current] === turn ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
              data-testid={`turn-${turn.role}`}
            >
              <strong>{t(`voice.role.${turn.role}` as "voice.role.caller")}</strong> {turn.interrupted ? turn.heard : turn.text}
              {turn.interrupted && <em className="ml-1 text-xs text-amber-600">({t("voice.softphone.interrupted")})</em>}
              {turn.role === "assistant" && (
                <span className="ml-2 text-xs text-slate-500" data-testid="turn-latency">
                  {t("voice.call.turn_latency", { first: ms(turn.first_token_ms), last: ms(turn.last_token_ms), ttft: ms(turn.model_ttft_ms) })}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
