import { ChevronDown, CircleAlert, LoaderCircle, Scale } from "lucide-react";
import { memo, useId, useState } from "react";
import { useI18n } from "../../i18n";
import { describeCode } from "../../lib/problem";
import type { ChatModel, Verdict } from "./api";
import { ContradictionList } from "./ContradictionList";
import { MarkdownView } from "../../components/MarkdownView";
import { modelName } from "../../lib/models";
import { SimulatedBadge } from "../../components/SimulatedBadge";

function tone(agreement: number): {
  key: "high" | "medium" | "low";
  stroke: string;
  text: string;
} {
  if (agreement >= 70)
    return {
      key: "high",
      stroke: "stroke-emerald-500",
      text: "text-emerald-700 dark:text-emerald-300",
    };
  if (agreement >= 40)
    return {
      key: "medium",
      stroke: "stroke-amber-500",
      text: "text-amber-700 dark:text-amber-300",
    };
  return {
    key: "low",
    stroke: "stroke-red-500",
    text: "text-red-700 dark:text-red-300",
  };
}

/** A half-circle gauge of the agreement score, 0–100. */
function AgreementGauge({ value }: { value: number }) {
  const { t } = useI18n();
  const { key, stroke, text } = tone(value);
  // A semicircle of radius 40: its length is π·40.
  const length = Math.PI * 40;
  return (
    <div
      role="meter"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-label={t("chat.verdict.agreement_label", { value })}
      className="flex shrink-0 flex-col items-center"
    >
      <svg viewBox="0 0 100 56" className="h-16 w-28" aria-hidden="true">
        <path
          d="M10 50 A40 40 0 0 1 90 50"
          fill="none"
          strokeWidth="10"
          strokeLinecap="round"
          className="stroke-slate-200 dark:stroke-slate-700"
        />
        <path
          d="M10 50 A40 40 0 0 1 90 50"
          fill="none"
          strokeWidth="10"
          strokeLinecap="round"
          strokeDasharray={`${(length * value) / 100} ${length}`}
          className={stroke}
        />
      </svg>
      <p className={`-mt-6 text-2xl font-bold tabular-nums ${text}`}>
        <span data-testid="verdict-agreement">{value}</span>
        <span className="text-xs font-medium text-slate-500">/100</span>
      </p>
      <p className={`text-xs font-semibold ${text}`}>
        {t(`chat.verdict.${key}`)}
      </p>
    </div>
  );
}

export interface VerdictPanelProps {
  verdict: Verdict | null;
  verifying: boolean;
  byId: ReadonlyMap<string, ChatModel>;
}

/** The judge's comparison of a turn's answers, under the columns. */
export const VerdictPanel = memo(function VerdictPanel({
  verdict,
  verifying,
  byId,
}: VerdictPanelProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  if (!verdict && !verifying) return null;

  return (
    <section
      data-testid="verdict-panel"
      data-state={
        verifying || !verdict ? "verifying" : verdict.error ? "error" : "done"
      }
      aria-label={t("chat.verdict.title")}
      className="rounded-xl bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <header className="flex items-center gap-2 px-4 py-2.5">
        <Scale
          className="size-4 text-indigo-600 dark:text-indigo-300"
          aria-hidden="true"
        />
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">
          {t("chat.verdict.title")}
        </h3>
        {verdict && !verifying && verdict.judge_model && (
          <span
            className="flex min-w-0 items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400"
            data-testid="verdict-judge"
          >
            <span className="truncate">
              {t("chat.verdict.judge", {
                model: modelName(byId, verdict.judge_model),
              })}
            </span>
            {verdict.simulated && <SimulatedBadge />}
          </span>
        )}
        {verdict && !verifying && (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={bodyId}
            data-testid="verdict-toggle"
            onClick={() => {
              setOpen((value) => !value);
            }}
            className="ml-auto rounded-md p-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            <ChevronDown
              className={`size-4 transition ${open ? "rotate-180" : ""}`}
              aria-hidden="true"
            />
            <span className="sr-only">
              {open ? t("chat.verdict.hide") : t("chat.verdict.show")}
            </span>
          </button>
        )}
      </header>

      {verifying || !verdict ? (
        <p
          role="status"
          data-testid="verdict-pending"
          className="flex items-center gap-2 px-4 pb-3 text-sm text-slate-600 dark:text-slate-300"
        >
          <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
          {t("chat.verdict.verifying")}
        </p>
      ) : (
        open && (
          <div
            id={bodyId}
            className="space-y-4 border-t border-slate-100 px-4 py-3 dark:border-slate-800"
          >
            {verdict.error ? (
              <p
                role="alert"
                data-testid="verdict-error"
                className="flex gap-2 text-sm text-red-700 dark:text-red-300"
              >
                <CircleAlert
                  className="mt-0.5 size-4 shrink-0"
                  aria-hidden="true"
                />
                <span>
                  {t("chat.verdict.error")}{" "}
                  {describeCode(verdict.error.code, verdict.error.message, t)}
                </span>
              </p>
            ) : (
              <>
                <div className="flex flex-col gap-4 sm:flex-row">
                  <AgreementGauge value={Math.round(verdict.agreement)} />
                  <div className="min-w-0 flex-1">
                    <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
                      {t("chat.verdict.shared")}
                    </h4>
                    {verdict.shared_points.length > 0 ? (
                      <ul
                        className="list-disc space-y-1 pl-5 text-sm text-slate-800 dark:text-slate-200"
                        data-testid="verdict-shared"
                      >
                        {verdict.shared_points.map((point, index) => (
                          <li key={index}>{point}</li>
                        ))}
                      </ul>
                    ) : (
                      <p className="text-sm text-slate-500">
                        {t("chat.verdict.shared_empty")}
                      </p>
                    )}
                  </div>
                </div>

                <div>
                  <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
                    {t("chat.verdict.contradictions")}
                  </h4>
                  {verdict.contradictions.length > 0 ? (
                    <ContradictionList
                      items={verdict.contradictions}
                      byId={byId}
                    />
                  ) : (
                    <p className="text-sm text-slate-500">
                      {t("chat.verdict.contradictions_empty")}
                    </p>
                  )}
                </div>

                {verdict.fused_answer && (
                  <div>
                    <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
                      {t("chat.verdict.fused")}
                    </h4>
                    <div className="rounded-lg bg-slate-50 p-3 text-slate-800 dark:bg-slate-950 dark:text-slate-200">
                      <MarkdownView
                        text={verdict.fused_answer}
                        data-testid="verdict-fused"
                      />
                    </div>
                  </div>
                )}
              </>
            )}
          </div>
        )
      )}
    </section>
  );
});
