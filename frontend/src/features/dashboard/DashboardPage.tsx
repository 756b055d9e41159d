import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Download, History } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { vendorName } from "../../lib/models";
import { formatDate, formatNumber } from "../../lib/format";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { AgentMetrics } from "./AgentMetrics";
import { dashboardApi, dashboardKeys, usageExportUrl, type Counters, type ModelCounters, type Range } from "./api";
import { CostChart, FeatureChart, LatencyChart, ModelChart, RequestsChart, TokensChart, type BreakdownMetric } from "./charts";
import { downloadWithSession } from "./download";
import { formatCompact, formatMoney } from "./format";
import { featureLabel, parseRange } from "./labels";
import { QuotaGauges } from "./QuotaGauges";
import { RangeToggle } from "./RangeToggle";

function Stat({ label, value, testId, raw }: { label: string; value: string; testId: string; raw: number | null }) {
  return (
    <div
      data-testid={testId}
      data-value={raw ?? ""}
      className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-xl font-bold text-slate-900 tabular-nums dark:text-white">{value}</p>
    </div>
  );
}

function Totals({ totals }: { totals: Counters }) {
  const { t, language } = useI18n();
  const ms = (value: number | null) =>
    value === null ? "—" : t("dashboard.units.ms", { value: formatNumber(value, language) });
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-7" data-testid="usage-totals">
      <Stat testId="total-requests" raw={totals.requests} label={t("dashboard.metrics.requests")} value={formatNumber(totals.requests, language)} />
      <Stat testId="total-cost" raw={totals.cost_micro_usd} label={t("dashboard.metrics.cost")} value={formatMoney(totals.cost_micro_usd, language)} />
      <Stat testId="total-input-tokens" raw={totals.input_tokens} label={t("dashboard.metrics.input_tokens")} value={formatCompact(totals.input_tokens, language)} />
      <Stat testId="total-output-tokens" raw={totals.output_tokens} label={t("dashboard.metrics.output_tokens")} value={formatCompact(totals.output_tokens, language)} />
      <Stat testId="total-errors" raw={totals.errors} label={t("dashboard.metrics.errors")} value={formatNumber(totals.errors, language)} />
      <Stat testId="total-ttft" raw={totals.avg_ttft_ms} label={t("dashboard.metrics.avg_ttft")} value={ms(totals.avg_ttft_ms)} />
      <Stat testId="total-duration" raw={totals.avg_duration_ms} label={t("dashboard.metrics.avg_duration")} value={ms(totals.avg_duration_ms)} />
    </div>
  );
}

export function ModelTable({ models, testId = "model-table" }: { models: ModelCounters[]; testId?: string }) {
  const { t, language } = useI18n();
  const rows = [...models].sort((a, b) => b.cost_micro_usd - a.cost_micro_usd || b.requests - a.requests);
  if (rows.length === 0) return null;
  const ms = (value: number | null) => (value === null ? "—" : formatNumber(value, language));
  return (
    <div className="overflow-x-auto rounded-2xl bg-white px-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{t("dashboard.charts.by_model")}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-3 pr-3 font-medium">{t("dashboard.table.model")}</th>
            <th scope="col" className="py-3 pr-3 text-right font-medium">{t("dashboard.metrics.requests")}</th>
            <th scope="col" className="hidden py-3 pr-3 text-right font-medium sm:table-cell">{t("dashboard.table.tokens")}</th>
            <th scope="col" className="py-3 pr-3 text-right font-medium">{t("dashboard.metrics.cost")}</th>
            <th scope="col" className="hidden py-3 pr-3 text-right font-medium md:table-cell">{t("dashboard.table.ttft_ms")}</th>
            <th scope="col" className="hidden py-3 pr-3 text-right font-medium md:table-cell">{t("dashboard.table.duration_ms")}</th>
            <th scope="col" className="py-3 text-right font-medium">{t("dashboard.metrics.errors")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 tabular-nums dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.model} data-testid="model-row" data-model={row.model} data-requests={row.requests}>
              <td className="py-2.5 pr-3">
                <p className="font-medium text-slate-900 dark:text-white">{row.model_name || row.model}</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">{vendorName(row.vendor)}</p>
              </td>
              <td className="py-2.5 pr-3 text-right">{formatNumber(row.requests, language)}</td>
              <td className="hidden py-2.5 pr-3 text-right sm:table-cell">
                {formatCompact(row.input_tokens, language)} / {formatCompact(row.output_tokens, language)}
              </td>
              <td className="py-2.5 pr-3 text-right">{formatMoney(row.cost_micro_usd, language)}</td>
              <td className="hidden py-2.5 pr-3 text-right md:table-cell">{ms(row.avg_ttft_ms)}</td>
              <td className="hidden py-2.5 pr-3 text-right md:table-cell">{ms(row.avg_duration_ms)}</td>
              <td className={`py-2.5 text-right ${row.errors > 0 ? "text-red-600 dark:text-red-400" : ""}`}>
                {formatNumber(row.errors, language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MetricToggle({ value, onChange }: { value: BreakdownMetric; onChange: (value: BreakdownMetric) => void }) {
  const { t } = useI18n();
  return (
    <div role="group" aria-label={t("dashboard.breakdown.label")} className="inline-flex rounded-lg bg-slate-100 p-0.5 dark:bg-slate-800">
      {(["cost", "requests"] as const).map((metric) => (
        <button
          key={metric}
          type="button"
          aria-pressed={value === metric}
          data-testid={`metric-${metric}`}
          onClick={() => {
            onChange(metric);
          }}
          className={`rounded-md px-3 py-1 text-xs font-semibold ${
            value === metric
              ? "bg-white text-indigo-700 shadow-sm dark:bg-slate-900 dark:text-indigo-300"
              : "text-slate-600 dark:text-slate-300"
          }`}
        >
          {t(`dashboard.metrics.${metric}`)}
        </button>
      ))}
    </div>
  );
}

export function DashboardPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("dashboard.title"));
  const [params, setParams] = useSearchParams();
  const days = parseRange(params.get("days"));
  const [metric, setMetric] = useState<BreakdownMetric>("cost");
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const usage = useQuery({
    queryKey: dashboardKeys.usage(days),
    queryFn: ({ signal }) => dashboardApi.usage(days, { signal }),
    placeholderData: keepPreviousData,
  });

  function setDays(value: Range) {
    setParams(value === 30 ? {} : { days: String(value) }, { replace: true });
  }

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      await downloadWithSession(usageExportUrl(days));
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  }

  const data = usage.data;
  return (
    <div className="mx-auto max-w-7xl space-y-6" data-testid="dashboard-page">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("dashboard.title")}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="usage-period">
            {data
              ? t("dashboard.period", { from: formatDate(data.from, language), to: formatDate(data.to, language) })
              : t("dashboard.subtitle")}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <RangeToggle value={days} onChange={setDays} />
          <Button variant="secondary" onClick={() => void exportCsv()} loading={exporting} data-testid="usage-export">
            <Download className="size-4" aria-hidden="true" />
            {t("dashboard.export_csv")}
          </Button>
          <TextLink to="/dashboard/history" className="inline-flex items-center gap-1 text-sm" data-testid="dashboard-history-link">
            <History className="size-4" aria-hidden="true" />
            {t("dashboard.history.link")}
          </TextLink>
        </div>
      </header>
      <ProblemError error={exportError} data-testid="usage-export-error" />

      {usage.isPending ? (
        <Spinner />
      ) : usage.isError ? (
        <ProblemError error={usage.error} data-testid="usage-error" />
      ) : data ? (
        <div className={`space-y-6 transition-opacity ${usage.isPlaceholderData ? "opacity-60" : ""}`} data-days={data.days} data-testid="usage-content">
          <Totals totals={data.totals} />
          <div className="grid gap-4 lg:grid-cols-2">
            <CostChart series={data.series} total={data.totals.cost_micro_usd} />
            <RequestsChart series={data.series} total={data.totals.requests} errors={data.totals.errors} />
            <TokensChart series={data.series} input={data.totals.input_tokens} output={data.totals.output_tokens} />
            <LatencyChart series={data.series} />
          </div>
          <section className="space-y-4" aria-labelledby="breakdown-title">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="breakdown-title" className="text-lg font-semibold text-slate-900 dark:text-white">
                {t("dashboard.breakdown.title")}
              </h2>
              <MetricToggle value={metric} onChange={setMetric} />
            </div>
            <div className="grid gap-4 lg:grid-cols-2">
              <ModelChart models={data.by_model} metric={metric} />
              <FeatureChart features={data.by_feature} metric={metric} label={(feature) => featureLabel(feature, t)} />
            </div>
            <ModelTable models={data.by_model} />
          </section>
        </div>
      ) : null}

      <AgentMetrics days={days} />

      <QuotaGauges />
    </div>
  );
}
