import { CircleAlert, Scale, User } from "lucide-react";
import { useI18n } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import { AnswerGrid } from "../../components/AnswerGrid";
import { MarkdownView } from "../../components/MarkdownView";
import { SimulatedBadge } from "../../components/SimulatedBadge";
import type { SharedAnswer, SharedTurn, SharedVerdict } from "./api";

function AnswerCard({ answer, chosen }: { answer: SharedAnswer; chosen: boolean }) {
  const { t, language } = useI18n();
  return (
    <article
      data-testid="shared-answer"
      data-model={answer.model}
      data-status={answer.status}
      className={`flex min-w-0 flex-col rounded-2xl bg-white p-4 shadow-sm ring-1 dark:bg-slate-900 ${
        chosen ? "ring-2 ring-indigo-500" : "ring-slate-200 dark:ring-slate-800"
      }`}
    >
      <header className="mb-2 flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{answer.model_name}</h3>
        {answer.simulated && <SimulatedBadge />}
        {chosen && (
          <span className="rounded-md bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
            {t("share.public.chosen")}
          </span>
        )}
        {answer.status === "stopped" && (
          <span className="text-xs text-slate-500 dark:text-slate-400">{t("share.public.stopped")}</span>
        )}
      </header>
      {answer.text && <MarkdownView text={answer.text} data-testid="shared-answer-text" />}
      {answer.error && (
        <p className="mt-2 flex items-start gap-1.5 text-sm text-red-700 dark:text-red-300">
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          {t("share.public.answer_error")}
        </p>
      )}
      {answer.duration_ms !== null && (
        <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
          {t("share.public.answer_stats", {
            seconds: formatNumber(answer.duration_ms / 1000, language, 1),
            tokens: formatNumber(answer.usage.output_tokens, language),
          })}
        </p>
      )}
    </article>
  );
}

function VerdictCard({ verdict }: { verdict: SharedVerdict }) {
  const { t } = useI18n();
  if (verdict.error) return null;
  return (
    <section
      data-testid="shared-verdict"
      className="space-y-3 rounded-2xl bg-indigo-50/60 p-4 ring-1 ring-indigo-200 dark:bg-indigo-950/40 dark:ring-indigo-900"
    >
      <h3 className="flex items-center gap-2 text-sm font-semibold text-slate-900 dark:text-white">
        <Scale className="size-4" aria-hidden="true" />
        {t("share.public.verdict", { value: Math.round(verdict.agreement) })}
        {verdict.simulated && <SimulatedBadge />}
      </h3>
      {verdict.shared_points.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
          {verdict.shared_points.map((point, index) => (
            <li key={index}>{point}</li>
          ))}
        </ul>
      )}
      {verdict.fused_answer && (
        <div>
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
            {t("share.public.fused")}
          </h4>
          <MarkdownView text={verdict.fused_answer} data-testid="shared-verdict-fused" />
        </div>
      )}
    </section>
  );
}

/** A shared conversation, read-only: each message, every model's answer side by side, the verdict. */
export function SharedConversationView({ turns }: { turns: SharedTurn[] }) {
  const { t, language } = useI18n();
  if (turns.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{t("share.public.empty")}</p>;
  return (
    <ol className="space-y-10" data-testid="shared-turns">
      {turns.map((turn) => (
        <li key={turn.turn} className="space-y-4" data-testid="shared-turn">
          <div className="flex justify-end">
            <div className="max-w-3xl rounded-2xl bg-indigo-600 px-4 py-3 text-sm text-white shadow-sm">
              <p className="mb-1 flex items-center gap-1 text-xs text-indigo-100">
                <User className="size-3.5" aria-hidden="true" />
                {formatDateTime(turn.created_at, language)}
              </p>
              <p className="whitespace-pre-wrap" data-testid="shared-message">
                {turn.content}
              </p>
            </div>
          </div>
          <AnswerGrid>
            {turn.answers.map((answer) => (
              <AnswerCard key={answer.model} answer={answer} chosen={turn.chosen_model === answer.model} />
            ))}
          </AnswerGrid>
          {turn.verdict && <VerdictCard verdict={turn.verdict} />}
        </li>
      ))}
    </ol>
  );
}
