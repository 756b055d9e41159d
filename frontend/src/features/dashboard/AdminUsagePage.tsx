import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Card } from "../../components/Card";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { dashboardApi, dashboardKeys, type Range, type UserCounters, type VendorErrors } from "./api";
import { CostChart, ModelChart, RequestsChart } from "./charts";
import { formatCompact, formatMoney } from "./format";
import { ModelTable } from "./DashboardPage";
import { parseRange } from "./labels";
import { RangeToggle } from "./RangeToggle";

const TH = "py-3 pr-3 font-medium";

function UsersTable({ users }: { users: UserCounters[] }) {
  const { t, language } = useI18n();
  if (users.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{t("dashboard.admin.no_users")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="admin-usage-users">
        <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className={TH}>{t("dashboard.admin.user")}</th>
            <th scope="col" className={`${TH} text-right`}>{t("dashboard.metrics.requests")}</th>
            <th scope="col" className={`${TH} hidden text-right sm:table-cell`}>{t("dashboard.table.tokens")}</th>
            <th scope="col" className={`${TH} text-right`}>{t("dashboard.metrics.cost")}</th>
            <th scope="col" className="py-3 text-right font-medium">{t("dashboard.metrics.errors")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 tabular-nums dark:divide-slate-800">
          {users.map((user) => (
            <tr key={user.user_id} data-testid="admin-usage-user" data-user-id={user.user_id}>
              <td className="max-w-56 truncate py-2.5 pr-3 font-medium text-slate-900 dark:text-white">{user.email ?? user.user_id}</td>
              <td className="py-2.5 pr-3 text-right">{formatNumber(user.requests, language)}</td>
              <td className="hidden py-2.5 pr-3 text-right sm:table-cell">
                {formatCompact(user.input_tokens, language)} / {formatCompact(user.output_tokens, language)}
              </td>
              <td className="py-2.5 pr-3 text-right">{formatMoney(user.cost_micro_usd, language)}</td>
              <td className="py-2.5 text-right">{formatNumber(user.errors, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VendorErrorsTable({ vendors }: { vendors: VendorErrors[] }) {
  const { t, language } = useI18n();
  if (vendors.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{t("dashboard.admin.no_errors")}</p>;
  const rows = [...vendors].sort((a, b) => b.error_rate - a.error_rate);
  return (
    <ul className="space-y-3" data-testid="admin-usage-vendors">
      {rows.map((row) => {
        const percent = Math.min(100, Math.max(0, row.error_rate * 100));
        return (
          <li key={row.vendor} data-testid="admin-usage-vendor" data-vendor={row.vendor} data-errors={row.errors}>
            <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
              <span className="font-medium text-slate-800 dark:text-slate-200">{row.vendor}</span>
              <span className="text-slate-600 tabular-nums dark:text-slate-300">
                {t("dashboard.admin.error_rate", {
                  errors: formatNumber(row.errors, language),
                  requests: formatNumber(row.requests, language),
                  rate: formatNumber(percent, language, 1),
                })}
              </span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden="true">
              <div className="h-full rounded-full bg-red-500" style={{ width: `${percent}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function AdminUsagePage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("dashboard.admin.title"));
  const [params, setParams] = useSearchParams();
  const days = parseRange(params.get("days"));
  const usage = useQuery({
    queryKey: dashboardKeys.adminUsage(days),
    queryFn: ({ signal }) => dashboardApi.adminUsage(days, { signal }),
    placeholderData: keepPreviousData,
  });
  const data = usage.data;
  return (
    <div className="mx-auto max-w-7xl space-y-6" data-testid="admin-usage-page">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("dashboard.admin.title")}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("dashboard.admin.subtitle")}</p>
        </div>
        <RangeToggle
          value={days}
          onChange={(value: Range) => {
            setParams(value === 30 ? {} : { days: String(value) }, { replace: true });
          }}
        />
      </header>
      {usage.isPending ? (
        <Spinner />
      ) : usage.isError ? (
        <ProblemError error={usage.error} data-testid="admin-usage-error" />
      ) : data ? (
        <div className={`space-y-6 ${usage.isPlaceholderData ? "opacity-60" : ""}`}>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="admin-usage-totals">
            {(
              [
                ["requests", formatNumber(data.totals.requests, language)],
                ["cost", formatMoney(data.totals.cost_micro_usd, language)],
                ["input_tokens", formatCompact(data.totals.input_tokens, language)],
                ["errors", formatNumber(data.totals.errors, language)],
              ] as const
            ).map(([metric, value]) => (
              <div key={metric} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
                <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{t(`dashboard.metrics.${metric}`)}</p>
                <p className="mt-1 text-xl font-bold text-slate-900 tabular-nums dark:text-white" data-testid={`admin-total-${metric}`}>
                  {value}
                </p>
              </div>
            ))}
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <CostChart series={data.series} total={data.totals.cost_micro_usd} />
            <RequestsChart series={data.series} total={data.totals.requests} errors={data.totals.errors} />
          </div>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title={t("dashboard.admin.top_users")}>
              <UsersTable users={data.by_user} />
            </Card>
            <Card title={t("dashboard.admin.errors_by_vendor")}>
              <VendorErrorsTable vendors={data.errors_by_vendor} />
            </Card>
          </div>
          <ModelChart models={data.by_model} metric="cost" />
          <ModelTable models={data.by_model} testId="admin-model-table" />
        </div>
      ) : null}
    </div>
  );
}
