import { useQuery } from "@tanstack/react-query";
import { ArrowUpRight } from "lucide-react";
import { ProblemError } from "../../components/Alert";
import { Card } from "../../components/Card";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n, type Language, type Translate } from "../../i18n";
import { formatDate, formatNumber } from "../../lib/format";
import { useQuota } from "../../lib/quota";
import { billingApi, dashboardKeys, type Gauge } from "./api";
import { formatCompact, formatMoney } from "./format";

const KNOWN_GAUGES = ["cost", "tokens", "media", "agents"] as const;

function gaugeLabel(name: string, t: Translate): string {
  return (KNOWN_GAUGES as readonly string[]).includes(name) ? t(`dashboard.quota.gauges.${name as (typeof KNOWN_GAUGES)[number]}`) : name;
}

/** A gauge value in its unit: money for micro-USD, compact counts for tokens, plain counts otherwise. */
function formatGaugeValue(gauge: Gauge, value: number, language: Language): string {
  if (gauge.unit.includes("usd")) return formatMoney(value, language);
  if (gauge.unit === "tokens") return formatCompact(value, language);
  return formatNumber(value, language);
}

function GaugeBar({ gauge }: { gauge: Gauge }) {
  const { t, language } = useI18n();
  const ratio = gauge.limit && gauge.limit > 0 ? Math.min(1, gauge.used / gauge.limit) : 0;
  const percent = Math.round(ratio * 100);
  const tone = ratio >= 1 ? "bg-red-500" : ratio >= 0.8 ? "bg-amber-500" : "bg-indigo-500";
  const label = gaugeLabel(gauge.name, t);
  const used = formatGaugeValue(gauge, gauge.used, language);
  const limit = gauge.limit === null ? t("dashboard.quota.unlimited") : formatGaugeValue(gauge, gauge.limit, language);
  return (
    <li data-testid="quota-gauge" data-name={gauge.name} data-used={gauge.used} data-limit={gauge.limit ?? ""}>
      <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-800 dark:text-slate-200">{label}</span>
        <span className="text-slate-600 tabular-nums dark:text-slate-300" data-testid="quota-gauge-value">
          {t("dashboard.quota.used_of", { used, limit })}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={gauge.limit === null ? undefined : percent}
        aria-valuetext={t("dashboard.quota.used_of", { used, limit })}
        className="h-2.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div
          className={`h-full rounded-full ${tone}`}
          style={{
            width: `${gauge.limit === null ? 0 : Math.max(percent, gauge.used > 0 ? 2 : 0)}%`,
          }}
        />
      </div>
    </li>
  );
}

/** The plan's monthly allowances, how much of each is used, and when they reset. */
export function QuotaGauges() {
  const { t, language } = useI18n();
  const quota = useQuota();
  const plans = useQuery({
    queryKey: dashboardKeys.plans(language),
    queryFn: ({ signal }) => billingApi.plans(language, { signal }),
    staleTime: 10 * 60_000,
  });
  const planName = (id: string) => plans.data?.items.find((plan) => plan.id === id)?.name ?? id;
  return (
    <Card
      title={t("dashboard.quota.title")}
      description={
        quota.data
          ? t("dashboard.quota.description", {
              plan: planName(quota.data.plan),
              date: formatDate(quota.data.resets_at, language),
            })
          : undefined
      }
      actions={
        <TextLink to="/settings/billing" data-testid="quota-upgrade" className="inline-flex items-center gap-1 text-sm">
          {t("dashboard.quota.upgrade")}
          <ArrowUpRight className="size-4" aria-hidden="true" />
        </TextLink>
      }
      data-testid="quota-card"
    >
      {quota.isPending ? (
        <Spinner />
      ) : quota.isError ? (
        <ProblemError error={quota.error} />
      ) : (
        <>
          <ul className="grid gap-4 sm:grid-cols-2">
            {quota.data.gauges.map((gauge) => (
              <GaugeBar key={gauge.name} gauge={gauge} />
            ))}
          </ul>
          <p className="mt-4 text-xs text-slate-500 dark:text-slate-400" data-testid="quota-what-counts">
            {t("dashboard.quota.what_counts")}
          </p>
          {quota.data.cost_cap_micro_usd !== null && (
            <p className="mt-4 text-xs text-slate-500 dark:text-slate-400" data-testid="quota-cost-cap">
              {t("dashboard.quota.cost_cap", {
                amount: formatMoney(quota.data.cost_cap_micro_usd, language),
              })}
            </p>
          )}
        </>
      )}
    </Card>
  );
}
