import { useEffect, useReducer } from "react";
import { useI18n } from "../../i18n";
import { describeCode } from "../../lib/problem";
import { socket } from "../../lib/ws";
import { liveCallsReducer, VOICE_FRAME_TYPES, type LiveCall, type VoiceFrame } from "./live";

function CallCard({ call }: { call: LiveCall }) {
  const { t } = useI18n();
  return (
    <li className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="live-call">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">
          {call.from || "?"} → {call.to || "?"}
        </span>
        <span className={call.ended ? "text-slate-500" : "text-emerald-700 dark:text-emerald-400"} data-testid="live-call-status">
          {call.ended ? t("voice.live.ended") : t("voice.live.in_progress")}
        </span>
        {call.endReason && (
          <span className="text-amber-700 dark:text-amber-400" data-testid="live-call-reason">
            {describeCode(call.endReason, call.endReason, t)}
          </span>
        )}
      </div>
      <ol className="mt-2 space-y-1" data-testid="live-call-turns">
        {call.turns.map((turn) => (
          <li key={turn.n} data-testid={`live-turn-${turn.role}`}>
            <strong>{t(`voice.role.${turn.role}`)}</strong> {turn.heard ?? turn.text}
            {turn.heard !== null && <em className="ml-1 text-xs text-amber-600">({t("voice.softphone.interrupted")})</em>}
          </li>
        ))}
      </ol>
    </li>
  );
}

/** Calls in progress on your numbers, as they happen (the `voice.*` frames of your socket). */
export function LiveCalls() {
  const { t } = useI18n();
  const [calls, dispatch] = useReducer(liveCallsReducer, []);
  useEffect(() => {
    const unsubscribe = VOICE_FRAME_TYPES.map((type) =>
      socket.subscribe(type, (message) => {
        dispatch(message as unknown as VoiceFrame);
      }),
    );
    return () => {
      for (const stop of unsubscribe) stop();
    };
  }, []);
  return (
    <section className="space-y-3" data-testid="voice-live">
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.live.title")}</h2>
      {calls.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="live-empty">
          {t("voice.live.empty")}
        </p>
      ) : (
        <ul className="space-y-2">
          {calls.map((call) => (
            <CallCard key={call.id} call={call} />
          ))}
        </ul>
      )}
    </section>
  );
}
