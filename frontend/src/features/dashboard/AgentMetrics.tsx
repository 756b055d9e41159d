import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ProblemError } from "../../components/Alert";
import { Spinner } from "../../components/PageStatus";
import { useI18n, type Language } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { dashboardApi, dashboardKeys, type AgentRow, type Range } from "./api";
import { formatMoney } from "./format";

type Column =
  | "agent"
  | "runs"
  | "success_rate"
  | "median_steps"
  | "cost_per_success"
  | "tool_error_rate"
  | "duration";

function percent(value: number | null, language: Language): string {
  return value === null ? "—" : `${formatNumber(value * 100, language)} %`;
}

function AgentLine({ row }: { row: AgentRow }) {
  const { t, language } = useI18n();
  const seconds = (ms: number | null) =>
    ms === null
      ? "—"
      : t("dashboard.agents.seconds", {
          value: formatNumber(ms / 1000, language, 1),
        });
  return (
    <tr
      data-testid="agent-metrics-row"
      data-agent={row.agent_id}
      data-runs={row.runs}
      data-cost={row.cost_micro_usd}
    >
      <td className="py-2.5 pr-3">
        <p className="font-medium text-slate-900 dark:text-white">{row.name}</p>
        {row.builtin && (
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {t("dashboard.agents.builtin")}
          </p>
        )}
      </td>
      <td className="py-2.5 pr-3 text-right">
        {formatNumber(row.runs, language)}
      </td>
      <td className="py-2.5 pr-3 text-right">
        {percent(row.success_rate, language)}
      </td>
      <td className="hidden py-2.5 pr-3 text-right sm:table-cell">
        {row.median_steps ?? "—"}
      </td>
      <td className="py-2.5 pr-3 text-right">
        {formatMoney(row.cost_per_success_micro_usd, language)}
      </td>
      <td className="hidden py-2.5 pr-3 text-right md:table-cell">
        {percent(row.tool_error_rate, language)}
      </td>
      <td className="hidden py-2.5 text-right md:table-cell">
        {seconds(row.p50_duration_ms)} / {seconds(row.p95_duration_ms)}
      </td>
    </tr>
  );
}

/** Each agent's results over the dashboard's period: success rate, median steps, cost per success, tool errors, p50/p95. */
export function AgentMetrics({ days }: { days: Range }) {
  const { t } = useI18n();
  const agents = useQuery({
    queryKey: dashboardKeys.agents(days),
    queryFn: ({ signal }) => dashboardApi.agents(days, { signal }),
    placeholderData: keepPreviousData,
  });
  const header = (key: Column, className = "") => (
    <th scope="col" className={`py-3 pr-3 font-medium ${className}`}>
      {t(`dashboard.agents.${key}`)}
    </th>
  );
  return (
    <section
      className="space-y-3"
      aria-labelledby="agent-metrics-title"
      data-testid="agent-metrics"
    >
      <div>
        <h2
          id="agent-metrics-title"
          className="text-lg font-semibold text-slate-900 dark:text-white"
        >
          {t("dashboard.agents.title")}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {t("dashboard.agents.subtitle")}
        </p>
      </div>
      {agents.isPending ? (
        <Spinner />
      ) : agents.isError ? (
        <ProblemError error={agents.error} data-testid="agent-metrics-error" />
      ) : agents.data.agents.length === 0 ? (
        <p
          className="text-sm text-slate-500 dark:text-slate-400"
          data-testid="agent-metrics-empty"
        >
          {t("dashboard.agents.empty")}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-2xl bg-white px-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <table
            className="w-full text-left text-sm"
            data-testid="agent-metrics-table"
          >
            <caption className="sr-only">{t("dashboard.agents.title")}</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
              <tr>
                {header("agent")}
                {header("runs", "text-right")}
                {header("success_rate", "text-right")}
                {header("median_steps", "hidden text-right sm:table-cell")}
                {header("cost_per_success", "text-right")}
                {header("tool_error_rate", "hidden text-right md:table-cell")}
                {header("duration", "hidden text-right md:table-cell")}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 tabular-nums dark:divide-slate-800">
              {agents.data.agents.map((row) => (
                <AgentLine key={row.agent_id} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
