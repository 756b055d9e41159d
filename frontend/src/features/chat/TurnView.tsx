import { memo, useRef } from "react";
import { useI18n } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import type { AnswerStatus, ChatModel } from "./api";
import { AnswerColumn } from "./AnswerColumn";
import { modelName } from "../../lib/models";
import { highlights } from "./stats";
import { retryKey } from "./streamState";
import { VerdictPanel } from "./VerdictPanel";
import type { ChatActions, TurnView as TurnData } from "./view";

const DOT: Record<AnswerStatus, string> = {
  pending: "bg-slate-300 dark:bg-slate-600",
  streaming: "bg-indigo-500 animate-pulse",
  done: "bg-emerald-500",
  stopped: "bg-amber-500",
  error: "bg-red-500",
};

export interface TurnViewProps {
  view: TurnData;
  byId: ReadonlyMap<string, ChatModel>;
  actions: ChatActions;
  retrying: readonly string[];
  stopping: readonly string[];
  /** Assistant names by id, to say which one a turn was sent with. */
  assistantNames: ReadonlyMap<string, string>;
}

/** One exchange: the user's message, every model's answer side by side, then the verdict. */
export const TurnView = memo(function TurnView({ view, byId, actions, retrying, stopping, assistantNames }: TurnViewProps) {
  const { t, language } = useI18n();
  const strip = useRef<HTMLDivElement>(null);
  const { fastest, cheapest } = highlights(view.answers);
  const assistant = view.assistantId ? (assistantNames.get(view.assistantId) ?? null) : null;
  const details = [
    assistant ? t("chat.turn.assistant", { name: assistant }) : null,
    // Unset parameters come back as null (the model's default): only what the user chose is shown.
    view.params.temperature != null
      ? t("chat.turn.temperature", { value: formatNumber(view.params.temperature, language, 2) })
      : null,
    view.params.max_tokens != null
      ? t("chat.turn.max_tokens", { value: formatNumber(view.params.max_tokens, language) })
      : null,
    view.params.system ? t("chat.turn.system") : null,
  ].filter(Boolean);

  return (
    <article
      data-testid="turn"
      data-turn={view.turn ?? "pending"}
      aria-label={view.turn === null ? t("chat.turn.sending") : t("chat.turn.label", { turn: view.turn })}
      className="space-y-3"
    >
      <div className="flex justify-end">
        <div className="max-w-[min(48rem,90%)] rounded-2xl rounded-br-md bg-indigo-600 px-4 py-2.5 text-white shadow-sm">
          <p className="sr-only">{t("chat.turn.you")}</p>
          <p className="text-sm break-words whitespace-pre-wrap" data-testid="turn-content">
            {view.content}
          </p>
          <p className="mt-1 text-right text-[0.6875rem] text-indigo-100" data-testid="turn-details">
            {view.turn === null ? t("chat.turn.sending") : formatDateTime(view.createdAt, language)}
            {details.length > 0 && <> · {details.join(" · ")}</>}
          </p>
        </div>
      </div>

      {view.answers.length > 1 && (
        // Phones show one column at a time in a swipeable strip; these tabs jump between columns (on
        // wider screens too once there are more than a screen holds).
        <nav
          aria-label={t("chat.turn.jump")}
          className={`-mx-1 flex gap-1.5 overflow-x-auto px-1 ${view.answers.length > 2 ? "" : "md:hidden"}`}
        >
          {view.answers.map((answer, index) => (
            <button
              key={answer.model}
              type="button"
              onClick={() => {
                const column = strip.current?.children[index];
                column?.scrollIntoView({ behavior: "smooth", block: "nearest", inline: "start" });
              }}
              className="inline-flex shrink-0 items-center gap-1.5 rounded-full bg-white px-2.5 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700"
            >
              <span className={`size-2 rounded-full ${DOT[answer.status]}`} aria-hidden="true" />
              {modelName(byId, answer.model)}
            </button>
          ))}
        </nav>
      )}

      <div
        ref={strip}
        role="group"
        aria-label={view.turn === null ? t("chat.turn.sending") : t("chat.turn.answers", { turn: view.turn })}
        className="flex snap-x snap-mandatory gap-3 overflow-x-auto pb-2 md:snap-none"
      >
        {view.answers.map((answer) => (
          <AnswerColumn
            key={answer.model}
            answer={answer}
            model={byId.get(answer.model)}
            conversationId={view.conversationId}
            turn={view.turn}
            requestId={view.requestId}
            fastest={fastest === answer.model}
            cheapest={cheapest === answer.model}
            chosen={view.chosenModel === answer.model}
            retrying={
              view.conversationId !== null &&
              view.turn !== null &&
              retrying.includes(retryKey(view.conversationId, view.turn, answer.model))
            }
            stopping={
              view.requestId !== null &&
              (stopping.includes(view.requestId) || stopping.includes(`${view.requestId}:${answer.model}`))
            }
            actions={actions}
          />
        ))}
      </div>

      <VerdictPanel verdict={view.verdict} verifying={view.verifying} byId={byId} />
    </article>
  );
});
