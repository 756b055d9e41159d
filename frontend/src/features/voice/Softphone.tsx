import { useEffect, useReducer, useRef, useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Input } from "../../components/Input";
import { useI18n } from "../../i18n";
import { voiceApi, type VoiceNumber } from "./api";
import { currentAnswer, initialPhone, phoneReducer } from "./softphone";

interface Recognition {
  lang: string;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  start: () => void;
}

function recognitionClass(): (new () => Recognition) | null {
  const w = window as unknown as Record<string, unknown>;
  const found = w.SpeechRecognition ?? w.webkitSpeechRecognition;
  return typeof found === "function" ? (found as new () => Recognition) : null;
}

function speak(text: string, lang: string): void {
  if (!("speechSynthesis" in window) || !text.trim()) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  window.speechSynthesis.speak(utterance);
}

/** Local mode: call one of your numbers; type (or dictate) what the caller says, hear the answers. */
export function Softphone({ numbers }: { numbers: VoiceNumber[] }) {
  const { t, language } = useI18n();
  const [number, setNumber] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [state, dispatch] = useReducer(phoneReducer, initialPhone);
  const socket = useRef<WebSocket | null>(null);
  const speechLang = language === "en" ? "en-US" : "fr-FR";
  const chosen = number || (numbers[0]?.phone_number ?? "");

  useEffect(() => () => socket.current?.close(), []);

  // Speak each answer once it is complete (speech synthesis cannot take a stream of tokens).
  const spoken = useRef(0);
  useEffect(() => {
    state.lines.forEach((line, index) => {
      if (index >= spoken.current && line.who === "assistant" && line.done && !line.interrupted) {
        speak(line.text, speechLang);
        spoken.current = index + 1;
      } else if (index >= spoken.current && line.done) {
        spoken.current = index + 1;
      }
    });
  }, [state.lines, speechLang]);

  async function dial() {
    setError(null);
    dispatch({ type: "dial" });
    spoken.current = 0;
    try {
      const call = await voiceApi.softphone(chosen);
      const ws = new WebSocket(call.phone_url);
      ws.onmessage = (event) => {
        dispatch({ type: "frame", frame: JSON.parse(String(event.data)) as Record<string, unknown> });
      };
      ws.onclose = () => {
        dispatch({ type: "closed" });
      };
      socket.current = ws;
    } catch (caught) {
      setError(caught);
      dispatch({ type: "closed" });
    }
  }

  function send(message: Record<string, unknown>) {
    socket.current?.send(JSON.stringify(message));
  }

  function say(words: string) {
    if (!words.trim()) return;
    if (currentAnswer(state) !== null) interrupt();
    dispatch({ type: "said", text: words });
    send({ type: "say", text: words });
    setText("");
  }

  function interrupt() {
    const heard = currentAnswer(state);
    if (heard === null) return;
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    send({ type: "interrupt", heard });
    dispatch({ type: "interrupted" });
  }

  function dictate() {
    const Recognition = recognitionClass();
    if (!Recognition) return;
    const recognition = new Recognition();
    recognition.lang = speechLang;
    recognition.onresult = (event) => {
      const best = event.results[0]?.[0];
      if (best) say(best.transcript);
    };
    recognition.start();
  }

  const live = state.status === "ringing" || state.status === "connected";
  return (
    <section className="space-y-3" data-testid="voice-softphone">
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.softphone.title")}</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("voice.softphone.hint")}</p>
      <div className="flex flex-wrap gap-2">
        <select
          className="rounded-lg border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          value={chosen}
          onChange={(event) => {
            setNumber(event.target.value);
          }}
          aria-label={t("voice.softphone.number")}
          data-testid="softphone-number"
        >
          {numbers.map((n) => (
            <option key={n.phone_number} value={n.phone_number}>
              {n.phone_number}
            </option>
          ))}
        </select>
        {live ? (
          <Button variant="ghost" onClick={() => { send({ type: "hangup" }); }} data-testid="softphone-hangup">
            {t("voice.softphone.hangup")}
          </Button>
        ) : (
          <Button onClick={() => void dial()} disabled={!chosen} data-testid="softphone-call">
            {t("voice.softphone.call")}
          </Button>
        )}
      </div>
      {error !== null && <ProblemError error={error} data-testid="softphone-error" />}
      <ol className="space-y-1 text-sm" data-testid="softphone-lines">
        {state.lines.map((line, index) => (
          <li key={index} data-testid={`softphone-line-${line.who}`} className={line.who === "caller" ? "text-right" : ""}>
            <span className="inline-block rounded-lg bg-slate-100 px-2 py-1 dark:bg-slate-800">
              {line.text}
              {line.interrupted && <em className="ml-1 text-xs text-amber-600">({t("voice.softphone.interrupted")})</em>}
            </span>
          </li>
        ))}
      </ol>
      {state.transferredTo && <p data-testid="softphone-transfer">{t("voice.softphone.transferred", { to: state.transferredTo })}</p>}
      {state.status === "ended" && <p data-testid="softphone-ended">{t("voice.softphone.ended")}</p>}
      {state.status === "connected" && (
        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            say(text);
          }}
        >
          <Input
            value={text}
            onChange={(event) => {
              setText(event.target.value);
            }}
            placeholder={t("voice.softphone.placeholder")}
            aria-label={t("voice.softphone.placeholder")}
            data-testid="softphone-input"
          />
          <Button type="submit" data-testid="softphone-say">{t("voice.softphone.say")}</Button>
          <Button type="button" variant="ghost" onClick={interrupt} disabled={currentAnswer(state) === null} data-testid="softphone-interrupt">
            {t("voice.softphone.interrupt")}
          </Button>
          {recognitionClass() && (
            <Button type="button" variant="ghost" onClick={dictate} data-testid="softphone-dictate">
              {t("voice.softphone.dictate")}
            </Button>
          )}
        </form>
      )}
    </section>
  );
}
