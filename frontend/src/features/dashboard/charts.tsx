import type { ReactElement, ReactNode } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type TooltipValueType,
} from "recharts";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import type { DayCounters, FeatureCounters, ModelCounters } from "./api";
import { formatCompact, formatDay, formatMoney } from "./format";

// One palette for every chart; readable on light and dark backgrounds.
const PALETTE = ["#6366f1", "#d946ef", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#14b8a6", "#64748b"];
const GRID = "rgb(148 163 184 / 0.3)";
const AXIS = { fill: "currentColor", fontSize: 12 } as const;
const TOOLTIP_STYLE = {
  contentStyle: {
    borderRadius: "0.5rem",
    border: "1px solid rgb(148 163 184 / 0.4)",
    background: "var(--chart-tooltip-bg, white)",
    color: "var(--chart-tooltip-fg, #0f172a)",
    fontSize: "0.8125rem",
  },
  labelStyle: { fontWeight: 600 },
} as const;

function asNumber(value: TooltipValueType | undefined): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

export interface ChartCardProps {
  title: string;
  testId: string;
  /** What the chart sums up, for people and tests (e.g. the total requests). */
  summary?: ReactNode;
  data?: Record<string, string | number>;
  empty?: boolean;
  children: ReactElement;
  height?: number;
  className?: string;
}

/** A titled chart that fills its width; `empty` shows a line of text instead of blank axes. */
export function ChartCard({ title, testId, summary, data, empty = false, children, height = 240, className = "" }: ChartCardProps) {
  const { t } = useI18n();
  const dataAttributes = Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [`data-${key}`, value]));
  return (
    <figure
      data-testid={testId}
      {...dataAttributes}
      className={`min-w-0 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800 ${className}`}
    >
      <figcaption className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-semibold text-slate-900 dark:text-white">{title}</span>
        {summary !== undefined && (
          <span className="text-sm text-slate-600 tabular-nums dark:text-slate-300" data-testid={`${testId}-summary`}>
            {summary}
          </span>
        )}
      </figcaption>
      <div
        className="text-slate-500 [--chart-tooltip-bg:white] [--chart-tooltip-fg:#0f172a] dark:text-slate-400 dark:[--chart-tooltip-bg:#0f172a] dark:[--chart-tooltip-fg:#f1f5f9]"
        style={{ height }}
      >
        {empty ? (
          <p className="flex h-full items-center justify-center text-sm" data-testid={`${testId}-empty`}>
            {t("dashboard.charts.empty")}
          </p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}

function useDayTick() {
  const { language } = useI18n();
  return (day: unknown) => (typeof day === "string" ? formatDay(day, language) : "");
}

/** Bars coloured one by one from the palette. */
function PaletteBar(props: BarShapeProps) {
  return <Rectangle {...props} fill={PALETTE[props.index % PALETTE.length]} />;
}

export function CostChart({ series, total }: { series: DayCounters[]; total: number }) {
  const { t, language } = useI18n();
  const dayTick = useDayTick();
  const data = series.map((day) => ({ date: day.date, cost: day.cost_micro_usd }));
  return (
    <ChartCard
      title={t("dashboard.charts.cost")}
      testId="chart-cost"
      summary={formatMoney(total, language)}
      data={{ total }}
      empty={total === 0}
    >
      <AreaChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <defs>
          <linearGradient id="cost-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={PALETTE[0]} stopOpacity={0.4} />
            <stop offset="100%" stopColor={PALETTE[0]} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="date" tickFormatter={dayTick} tick={AXIS} stroke={GRID} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => formatMoney(value, language)} tick={AXIS} stroke={GRID} width={72} />
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={dayTick}
          formatter={(value) => [formatMoney(asNumber(value), language), t("dashboard.metrics.cost")]}
        />
        <Area type="monotone" dataKey="cost" stroke={PALETTE[0]} strokeWidth={2} fill="url(#cost-fill)" isAnimationActive={false} />
      </AreaChart>
    </ChartCard>
  );
}

export function RequestsChart({ series, total, errors }: { series: DayCounters[]; total: number; errors: number }) {
  const { t, language } = useI18n();
  const dayTick = useDayTick();
  const data = series.map((day) => ({ date: day.date, ok: Math.max(0, day.requests - day.errors), errors: day.errors }));
  return (
    <ChartCard
      title={t("dashboard.charts.requests")}
      testId="chart-requests"
      summary={t("dashboard.charts.requests_summary", {
        requests: formatNumber(total, language),
        errors: formatNumber(errors, language),
      })}
      data={{ total, errors }}
      empty={total === 0}
    >
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="date" tickFormatter={dayTick} tick={AXIS} stroke={GRID} minTickGap={16} />
        <YAxis allowDecimals={false} tick={AXIS} stroke={GRID} width={48} />
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={dayTick}
          formatter={(value, name) => [formatNumber(asNumber(value), language), String(name)]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="ok" name={t("dashboard.metrics.successful")} stackId="r" fill={PALETTE[2]} isAnimationActive={false} />
        <Bar dataKey="errors" name={t("dashboard.metrics.errors")} stackId="r" fill={PALETTE[5]} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

export function TokensChart({ series, input, output }: { series: DayCounters[]; input: number; output: number }) {
  const { t, language } = useI18n();
  const dayTick = useDayTick();
  const data = series.map((day) => ({ date: day.date, input: day.input_tokens, output: day.output_tokens }));
  return (
    <ChartCard
      title={t("dashboard.charts.tokens")}
      testId="chart-tokens"
      summary={t("dashboard.charts.tokens_summary", {
        input: formatCompact(input, language),
        output: formatCompact(output, language),
      })}
      data={{ input, output }}
      empty={input + output === 0}
    >
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="date" tickFormatter={dayTick} tick={AXIS} stroke={GRID} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => formatCompact(value, language)} tick={AXIS} stroke={GRID} width={48} />
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={dayTick}
          formatter={(value, name) => [formatNumber(asNumber(value), language), String(name)]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="input" name={t("dashboard.metrics.input_tokens")} stackId="t" fill={PALETTE[0]} isAnimationActive={false} />
        <Bar dataKey="output" name={t("dashboard.metrics.output_tokens")} stackId="t" fill={PALETTE[1]} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

export function LatencyChart({ series }: { series: DayCounters[] }) {
  const { t, language } = useI18n();
  const dayTick = useDayTick();
  const data = series.map((day) => ({ date: day.date, ttft: day.avg_ttft_ms, duration: day.avg_duration_ms }));
  const empty = data.every((day) => day.ttft === null && day.duration === null);
  return (
    <ChartCard title={t("dashboard.charts.latency")} testId="chart-latency" empty={empty}>
      <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="date" tickFormatter={dayTick} tick={AXIS} stroke={GRID} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => t("dashboard.units.ms", { value: formatNumber(value, language) })} tick={AXIS} stroke={GRID} width={72} />
        <Tooltip
          {...TOOLTIP_STYLE}
          labelFormatter={dayTick}
          formatter={(value, name) => [t("dashboard.units.ms", { value: formatNumber(asNumber(value), language) }), String(name)]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {/* Dots: a line through a single day with data draws nothing (a first day of use). */}
        <Line type="monotone" dataKey="ttft" name={t("dashboard.metrics.avg_ttft")} stroke={PALETTE[3]} strokeWidth={2} connectNulls dot={{ r: 2.5 }} isAnimationActive={false} />
        <Line type="monotone" dataKey="duration" name={t("dashboard.metrics.avg_duration")} stroke={PALETTE[4]} strokeWidth={2} connectNulls dot={{ r: 2.5 }} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
}

export type BreakdownMetric = "cost" | "requests";

export function ModelChart({ models, metric }: { models: ModelCounters[]; metric: BreakdownMetric }) {
  const { t, language } = useI18n();
  const data = models
    .map((model) => ({
      name: model.model_name || model.model,
      value: metric === "cost" ? model.cost_micro_usd : model.requests,
    }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 10);
  const format = (value: number) => (metric === "cost" ? formatMoney(value, language) : formatNumber(value, language));
  return (
    <ChartCard
      title={t("dashboard.charts.by_model")}
      testId="chart-models"
      data={{ count: models.length }}
      empty={data.every((row) => row.value === 0)}
      height={Math.max(160, data.length * 36 + 40)}
    >
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID} horizontal={false} />
        <XAxis type="number" tickFormatter={format} tick={AXIS} stroke={GRID} />
        <YAxis type="category" dataKey="name" tick={AXIS} stroke={GRID} width={128} />
        <Tooltip {...TOOLTIP_STYLE} formatter={(value) => [format(asNumber(value)), t(`dashboard.metrics.${metric}`)]} />
        <Bar dataKey="value" isAnimationActive={false} radius={[0, 4, 4, 0]} shape={PaletteBar} />
      </BarChart>
    </ChartCard>
  );
}

export function FeatureChart({ features, metric, label }: { features: FeatureCounters[]; metric: BreakdownMetric; label: (feature: string) => string }) {
  const { t, language } = useI18n();
  const data = features
    .map((feature) => ({
      name: label(feature.feature),
      value: metric === "cost" ? feature.cost_micro_usd : feature.requests,
    }))
    .filter((row) => row.value > 0)
    .map((row, index) => ({ ...row, fill: PALETTE[index % PALETTE.length] }));
  const format = (value: number) => (metric === "cost" ? formatMoney(value, language) : formatNumber(value, language));
  return (
    <ChartCard title={t("dashboard.charts.by_feature")} testId="chart-features" data={{ count: data.length }} empty={data.length === 0}>
      <PieChart>
        <Tooltip {...TOOLTIP_STYLE} formatter={(value, name) => [format(asNumber(value)), String(name)]} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Pie data={data} dataKey="value" nameKey="name" innerRadius="50%" outerRadius="80%" paddingAngle={2} isAnimationActive={false} />
      </PieChart>
    </ChartCard>
  );
}
