import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../../i18n";
import { agentsApi } from "./api";
import { formatMicroUsd, formatMs } from "./format";

const PERIODS = [7, 30, 90] as const;

/** An agent's metrics over 7, 30 or 90 days (from the API's daily counters). */
export function MetricsLine({ agentId }: { agentId: string }) {
  const { t, language } = useI18n();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const metrics = useQuery({
    queryKey: ["agents", "metrics", agentId, days],
    queryFn: () => agentsApi.metrics(agentId, days),
  });
  const m = metrics.data;
  return (
    <div
      className="mt-2 text-xs text-slate-600 dark:text-slate-400"
      data-testid={`metrics-${agentId}`}
    >
      <div
        className="flex gap-1"
        role="group"
        aria-label={t("agentsPage.metrics")}
      >
        {PERIODS.map((period) => (
          <button
            key={period}
            type="button"
            aria-pressed={period === days}
            className={period === days ? "font-semibold underline" : ""}
            onClick={() => setDays(period)}
          >
            {t("agentsPage.metrics_days", { days: period })}
          </button>
        ))}
      </div>
      {m && m.runs > 0 && (
        <p data-testid={`metrics-line-${agentId}`} data-cost={m.cost_micro_usd}>
          {t("agentsPage.metrics_line", {
            runs: m.runs,
            rate:
              m.success_rate === null
                ? "—"
                : `${Math.round(m.success_rate * 100)} %`,
            steps: m.median_steps ?? "—",
            cost:
              m.cost_per_success_micro_usd === null
                ? "—"
                : formatMicroUsd(m.cost_per_success_micro_usd, language),
            errors:
              m.tool_error_rate === null
                ? "—"
                : `${Math.round(m.tool_error_rate * 100)} %`,
            p50: formatMs(m.p50_duration_ms ?? null),
            p95: formatMs(m.p95_duration_ms ?? null),
          })}
        </p>
      )}
    </div>
  );
}
