import {
  CircleAlert,
  CircleCheck,
  Coins,
  CornerDownRight,
  Gauge,
  Hash,
  LoaderCircle,
  PiggyBank,
  RotateCcw,
  Square,
  Star,
  Timer,
  Zap,
} from "lucide-react";
import { memo, useEffect, useRef, useState, type ReactNode } from "react";
import { CopyButton } from "../../components/CopyButton";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useThrottled } from "../../lib/useThrottled";
import { describeCode } from "../../lib/problem";
import type { Answer, AnswerStatus, ChatModel } from "./api";
import { MarkdownView } from "../../components/MarkdownView";
import { vendorName } from "../../lib/models";
import { SimulatedBadge } from "../../components/SimulatedBadge";
import { formatCost } from "../../lib/format";
import { tokensPerSecond } from "./stats";
import { isAtBottom, stickToBottom } from "./stickToBottom";
import type { ChatLayout } from "./layout";
import type { ChatActions } from "./view";

const STATUS_STYLES: Record<AnswerStatus, string> = {
  pending: "text-slate-500 dark:text-slate-400",
  streaming: "text-indigo-600 dark:text-indigo-300",
  done: "text-emerald-600 dark:text-emerald-400",
  stopped: "text-amber-600 dark:text-amber-400",
  error: "text-red-600 dark:text-red-400",
};

// The column's size in each layout, and how tall its text may grow before it scrolls.
const SIZES: Record<ChatLayout, { column: string; body: string }> = {
  grid: { column: "min-w-0", body: "max-h-80" },
  side: {
    column: "min-w-[min(82vw,17rem)] flex-1 basis-0 snap-start",
    body: "max-h-[max(16rem,calc(100dvh-26rem))]",
  },
  focus: { column: "w-full", body: "max-h-[max(20rem,calc(100dvh-22rem))]" },
};

function StatusIcon({ status }: { status: AnswerStatus }) {
  const className = "size-3.5";
  if (status === "pending" || status === "streaming")
    return (
      <LoaderCircle
        className={`${className} animate-spin`}
        aria-hidden="true"
      />
    );
  if (status === "done")
    return <CircleCheck className={className} aria-hidden="true" />;
  if (status === "stopped")
    return <Square className={className} aria-hidden="true" />;
  return <CircleAlert className={className} aria-hidden="true" />;
}

function Stat({
  testId,
  title,
  icon,
  children,
  tone = "plain",
}: {
  testId: string;
  title: string;
  icon: ReactNode;
  children: ReactNode;
  tone?: "plain" | "fast" | "cheap" | "chosen";
}) {
  const tones = {
    plain: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
    fast: "bg-sky-100 text-sky-800 font-semibold dark:bg-sky-900/50 dark:text-sky-200",
    cheap:
      "bg-emerald-100 text-emerald-800 font-semibold dark:bg-emerald-900/50 dark:text-emerald-200",
    chosen:
      "bg-indigo-100 text-indigo-800 font-semibold dark:bg-indigo-900/60 dark:text-indigo-200",
  };
  return (
    <span
      data-testid={testId}
      title={title}
      className={`inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs whitespace-nowrap tabular-nums ${tones[tone]}`}
    >
      {icon}
      {children}
    </span>
  );
}

export interface AnswerColumnProps {
  answer: Answer;
  model: ChatModel | undefined;
  conversationId: string | null;
  turn: number | null;
  requestId: string | null;
  fastest: boolean;
  cheapest: boolean;
  chosen: boolean;
  retrying: boolean;
  stopping: boolean;
  actions: ChatActions;
  layout: ChatLayout;
}

/** One model's answer: header, live text, then its numbers and actions. */
export const AnswerColumn = memo(function AnswerColumn({
  answer,
  model,
  conversationId,
  turn,
  requestId,
  fastest,
  cheapest,
  chosen,
  retrying,
  stopping,
  actions,
  layout,
}: AnswerColumnProps) {
  const { t, language } = useI18n();
  const name = model?.display_name ?? answer.model;
  const simulated =
    answer.simulated || (answer.status !== "done" && model?.simulated === true);
  const running = answer.status === "pending" || answer.status === "streaming";
  // While tokens pour in, the (costly) markdown renders a few times a second, less often as it grows,
  // and about once a second for a column scrolled out of view.
  const root = useRef<HTMLElement>(null);
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const element = root.current;
    if (!running || !element) return;
    const observer = new IntersectionObserver(([entry]) => {
      if (entry) setInView(entry.isIntersecting);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [running]);
  const interval = !running
    ? 0
    : inView
      ? 100 + Math.floor(answer.text.length / 25)
      : 1000;
  const text = useThrottled(answer.text, interval);

  const body = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  useEffect(() => {
    const element = body.current;
    if (element && running && follow.current) stickToBottom(element);
  }, [text, running]);

  const tps = tokensPerSecond(answer);
  const finished = answer.status === "done" || answer.status === "stopped";
  const showStats = finished && answer.duration_ms !== null;
  const canRetry =
    (answer.status === "error" || answer.status === "stopped") &&
    conversationId !== null &&
    turn !== null;

  return (
    <section
      ref={root}
      aria-label={t("chat.answer.region", { model: name })}
      aria-busy={running}
      data-testid="answer-column"
      data-model={answer.model}
      data-status={answer.status}
      className={`flex max-w-full ${SIZES[layout].column} flex-col rounded-xl bg-white shadow-sm ring-1 dark:bg-slate-900 ${
        chosen
          ? "ring-2 ring-indigo-400 dark:ring-indigo-500"
          : "ring-slate-200 dark:ring-slate-800"
      }`}
    >
      <header className="flex items-start gap-2 border-b border-slate-100 px-3 py-2 dark:border-slate-800">
        <div className="min-w-0 flex-1">
          <h3
            className="truncate text-sm font-semibold text-slate-900 dark:text-white"
            title={answer.model}
          >
            {name}
          </h3>
          <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
            <span>{vendorName(model?.vendor ?? "")}</span>
            {simulated && <SimulatedBadge />}
          </p>
        </div>
        <span
          className={`inline-flex shrink-0 items-center gap-1 pt-0.5 text-xs font-medium ${STATUS_STYLES[answer.status]}`}
          data-testid="answer-status"
        >
          <StatusIcon status={answer.status} />
          {t(`chat.answer.${answer.status}`)}
        </span>
        {running && requestId !== null && (
          <button
            type="button"
            data-testid="answer-stop"
            disabled={stopping}
            aria-label={t("chat.answer.stop_label", { model: name })}
            title={t("chat.answer.stop")}
            onClick={() => {
              actions.stop(requestId, answer.model);
            }}
            className="-mr-1 shrink-0 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-red-600 disabled:opacity-50 dark:hover:bg-slate-800"
          >
            <Square className="size-3.5 fill-current" aria-hidden="true" />
          </button>
        )}
      </header>

      <div
        ref={body}
        onScroll={(event) => {
          follow.current = isAtBottom(event.currentTarget, 32);
        }}
        className={`${SIZES[layout].body} min-h-28 flex-1 overflow-y-auto px-3 py-2.5 text-slate-800 dark:text-slate-200`}
      >
        {text ? (
          <MarkdownView text={text} data-testid="answer-text" />
        ) : (
          <div
            data-testid="answer-text"
            className="text-sm text-slate-400 italic"
          >
            {running ? (
              <span className="inline-flex gap-1" aria-hidden="true">
                <span className="size-1.5 animate-bounce rounded-full bg-slate-400 [animation-delay:-0.3s]" />
                <span className="size-1.5 animate-bounce rounded-full bg-slate-400 [animation-delay:-0.15s]" />
                <span className="size-1.5 animate-bounce rounded-full bg-slate-400" />
              </span>
            ) : answer.status === "error" ? null : (
              t("chat.answer.empty")
            )}
          </div>
        )}
        {answer.status === "streaming" && text && (
          <span
            className="ml-0.5 inline-block h-4 w-1.5 animate-pulse rounded-sm bg-indigo-500 align-text-bottom"
            aria-hidden="true"
          />
        )}
        {answer.status === "error" && (
          <p
            role="alert"
            data-testid="answer-error"
            data-code={answer.error?.code}
            className="mt-2 flex gap-2 rounded-lg bg-red-50 p-2.5 text-sm text-red-800 ring-1 ring-red-200 ring-inset dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900"
          >
            <CircleAlert
              className="mt-0.5 size-4 shrink-0"
              aria-hidden="true"
            />
            <span>
              {describeCode(
                answer.error?.code ?? "",
                answer.error?.message ?? "",
                t,
              )}
            </span>
          </p>
        )}
      </div>

      {(showStats || fastest || cheapest || chosen) && (
        <div className="flex flex-wrap gap-1.5 border-t border-slate-100 px-3 pt-2 dark:border-slate-800">
          {fastest && (
            <Stat
              testId="badge-fastest"
              title={t("chat.answer.ttft_title")}
              icon={<Zap className="size-3" aria-hidden="true" />}
              tone="fast"
            >
              {t("chat.answer.fastest")}
            </Stat>
          )}
          {cheapest && (
            <Stat
              testId="badge-cheapest"
              title={t("chat.answer.cost_title")}
              icon={<PiggyBank className="size-3" aria-hidden="true" />}
              tone="cheap"
            >
              {t("chat.answer.cheapest")}
            </Stat>
          )}
          {chosen && (
            <Stat
              testId="badge-chosen"
              title={t("chat.answer.chosen")}
              icon={<Star className="size-3" aria-hidden="true" />}
              tone="chosen"
            >
              {t("chat.answer.chosen")}
            </Stat>
          )}
          {showStats && (
            <>
              <Stat
                testId="answer-ttft"
                title={t("chat.answer.ttft_title")}
                icon={<Timer className="size-3" aria-hidden="true" />}
              >
                {answer.ttft_ms === null
                  ? "—"
                  : t("chat.answer.ttft", {
                      ms: formatNumber(answer.ttft_ms, language),
                    })}
              </Stat>
              <Stat
                testId="answer-tps"
                title={t("chat.answer.tps_title")}
                icon={<Gauge className="size-3" aria-hidden="true" />}
              >
                {tps === null
                  ? "—"
                  : t("chat.answer.tps", {
                      value: formatNumber(tps, language, 1),
                    })}
              </Stat>
              <Stat
                testId="answer-tokens"
                title={t("chat.answer.tokens_title")}
                icon={<Hash className="size-3" aria-hidden="true" />}
              >
                {t("chat.answer.tokens", {
                  in: formatNumber(answer.usage.input_tokens, language),
                  out: formatNumber(answer.usage.output_tokens, language),
                })}
              </Stat>
              <Stat
                testId="answer-cost"
                title={t("chat.answer.cost_title")}
                icon={<Coins className="size-3" aria-hidden="true" />}
              >
                {formatCost(answer.cost)}
              </Stat>
            </>
          )}
        </div>
      )}

      {(answer.text || canRetry) && !running && (
        <div className="flex flex-wrap items-center gap-1 px-2 py-2">
          {answer.text && (
            <CopyButton
              text={answer.text}
              label={t("chat.answer.copy")}
              variant="ghost"
              className="px-2! py-1! text-xs!"
              data-testid="answer-copy"
            />
          )}
          {answer.status === "done" && turn !== null && (
            <Button
              variant="ghost"
              className="px-2! py-1! text-xs!"
              data-testid="answer-continue"
              onClick={() => {
                actions.pick(turn, answer.model);
              }}
            >
              <CornerDownRight className="size-4" aria-hidden="true" />
              {t("chat.answer.continue")}
            </Button>
          )}
          {canRetry && (
            <Button
              variant="secondary"
              className="px-2! py-1! text-xs!"
              data-testid="answer-retry"
              loading={retrying}
              onClick={() => {
                actions.retry(conversationId, turn, answer.model);
              }}
            >
              {!retrying && <RotateCcw className="size-4" aria-hidden="true" />}
              {t("chat.answer.retry")}
            </Button>
          )}
        </div>
      )}
    </section>
  );
});
