import { useId, useRef, useState, type KeyboardEvent } from "react";
import { AnswerGrid } from "../../components/AnswerGrid";
import { useI18n } from "../../i18n";
import { modelName } from "../../lib/models";
import type { Answer, AnswerStatus, ChatModel } from "./api";
import { AnswerColumn } from "./AnswerColumn";
import type { ChatLayout } from "./layout";
import { highlights } from "./stats";
import { retryKey } from "./streamState";
import type { ChatActions, TurnView } from "./view";

const DOT: Record<AnswerStatus, string> = {
  pending: "bg-slate-300 dark:bg-slate-600",
  streaming: "bg-indigo-500 animate-pulse",
  done: "bg-emerald-500",
  stopped: "bg-amber-500",
  error: "bg-red-500",
};

const CHIP =
  "inline-flex shrink-0 items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 focus-visible:outline-2 focus-visible:outline-indigo-600";
const CHIP_IDLE =
  "bg-white text-slate-700 ring-slate-200 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700";
const CHIP_ON =
  "bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-500 dark:ring-indigo-500";

function ChipLabel({
  answer,
  byId,
}: {
  answer: Answer;
  byId: ReadonlyMap<string, ChatModel>;
}) {
  return (
    <>
      <span
        className={`size-2 rounded-full ${DOT[answer.status]}`}
        aria-hidden="true"
      />
      {modelName(byId, answer.model)}
    </>
  );
}

export interface TurnAnswersProps {
  view: TurnView;
  byId: ReadonlyMap<string, ChatModel>;
  actions: ChatActions;
  retrying: readonly string[];
  stopping: readonly string[];
  layout: ChatLayout;
}

/** A turn's answers in the chosen layout: a grid, one row that scrolls sideways, or one answer with the others as tabs. */
export function TurnAnswers({
  view,
  byId,
  actions,
  retrying,
  stopping,
  layout,
}: TurnAnswersProps) {
  const { t } = useI18n();
  const strip = useRef<HTMLDivElement>(null);
  const tabs = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const [focused, setFocused] = useState<string | null>(null);
  const { fastest, cheapest } = highlights(view.answers);
  const { answers } = view;
  const shown =
    answers.find((answer) => answer.model === focused) ??
    answers.find((answer) => answer.model === view.chosenModel) ??
    answers[0];
  const label =
    view.turn === null
      ? t("chat.turn.sending")
      : t("chat.turn.answers", { turn: view.turn });

  const column = (answer: Answer) => (
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
        retrying.includes(
          retryKey(view.conversationId, view.turn, answer.model),
        )
      }
      stopping={
        view.requestId !== null &&
        (stopping.includes(view.requestId) ||
          stopping.includes(`${view.requestId}:${answer.model}`))
      }
      actions={actions}
      layout={layout}
    />
  );

  if (layout === "grid") {
    return (
      <AnswerGrid
        role="group"
        aria-label={label}
        data-testid="turn-answers"
        data-layout="grid"
      >
        {answers.map(column)}
      </AnswerGrid>
    );
  }

  if (layout === "focus") {
    // Arrow keys move between the tabs, as in any tab list.
    const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
      const step =
        event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (step === 0 || !shown) return;
      event.preventDefault();
      const index =
        (answers.indexOf(shown) + step + answers.length) % answers.length;
      const next = answers[index];
      if (next) setFocused(next.model);
      (tabs.current?.children[index] as HTMLElement | undefined)?.focus();
    };
    return (
      <div className="space-y-2" data-testid="turn-answers" data-layout="focus">
        {answers.length > 1 && (
          <div
            ref={tabs}
            role="tablist"
            aria-label={label}
            onKeyDown={onKeyDown}
            className="-mx-1 flex gap-1.5 overflow-x-auto px-1 pb-1 sm:flex-wrap"
          >
            {answers.map((answer) => {
              const selected = answer === shown;
              return (
                <button
                  key={answer.model}
                  type="button"
                  role="tab"
                  aria-selected={selected}
                  aria-controls={panelId}
                  tabIndex={selected ? 0 : -1}
                  data-testid="answer-tab"
                  data-model={answer.model}
                  onClick={() => {
                    setFocused(answer.model);
                  }}
                  className={`${CHIP} ${selected ? CHIP_ON : CHIP_IDLE}`}
                >
                  <ChipLabel answer={answer} byId={byId} />
                </button>
              );
            })}
          </div>
        )}
        <div
          id={panelId}
          role={answers.length > 1 ? "tabpanel" : "group"}
          aria-label={answers.length > 1 ? undefined : label}
        >
          {shown && column(shown)}
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-2" data-testid="turn-answers" data-layout="side">
      {answers.length > 1 && (
        // Phones show one column at a time in a swipeable strip; these chips jump between columns (on
        // wider screens too once there are more than a screen holds).
        <nav
          aria-label={t("chat.turn.jump")}
          className={`-mx-1 flex gap-1.5 overflow-x-auto px-1 ${answers.length > 2 ? "" : "md:hidden"}`}
        >
          {answers.map((answer, index) => (
            <button
              key={answer.model}
              type="button"
              onClick={() => {
                strip.current?.children[index]?.scrollIntoView({
                  behavior: "smooth",
                  block: "nearest",
                  inline: "start",
                });
              }}
              className={`${CHIP} ${CHIP_IDLE}`}
            >
              <ChipLabel answer={answer} byId={byId} />
            </button>
          ))}
        </nav>
      )}
      <div
        ref={strip}
        role="group"
        aria-label={label}
        className="flex snap-x snap-mandatory gap-3 overflow-x-auto pb-2 md:snap-none"
      >
        {answers.map(column)}
      </div>
    </div>
  );
}
