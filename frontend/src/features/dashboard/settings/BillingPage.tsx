import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, ExternalLink, FileText } from "lucide-react";
import { useEffect } from "react";
import { useSearchParams } from "react-router";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { Spinner } from "../../../components/PageStatus";
import { useI18n, type Language } from "../../../i18n";
import { formatDate, formatNumber } from "../../../lib/format";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import {
  billingApi,
  dashboardKeys,
  type Invoice,
  type Plan,
  type Subscription,
} from "../api";
import { formatAmount, formatCompact, formatMoney } from "../format";
import { PageHeader } from "../../../components/PageHeader";

const STATUSES = [
  "active",
  "trialing",
  "past_due",
  "canceled",
  "incomplete",
  "unpaid",
  "none",
] as const;
type KnownStatus = (typeof STATUSES)[number];

function isKnownStatus(status: string): status is KnownStatus {
  return (STATUSES as readonly string[]).includes(status);
}

/** Stripe sends http(s) URLs; anything else is not followed. */
function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === "https:" || parsed.protocol === "http:";
  } catch {
    return false;
  }
}

function go(url: string): void {
  if (isWebUrl(url)) window.location.assign(url);
}

// In the currency the invoice was paid in (euros for French-speaking accounts).
function invoiceAmount(invoice: Invoice, language: Language): string {
  return formatAmount(invoice.amount_paid, invoice.currency || "usd", language);
}

function CurrentPlan({
  subscription,
  plans,
}: {
  subscription: Subscription;
  plans: Plan[];
}) {
  const { t, language } = useI18n();
  const portal = useMutation({
    mutationFn: billingApi.portal,
    onSuccess: ({ url }) => {
      go(url);
    },
  });
  const plan = plans.find((item) => item.id === subscription.plan);
  const paid = subscription.plan !== "free" && subscription.status !== "none";
  return (
    <Card
      title={t("dashboard.billing.current")}
      data-testid="billing-current"
      actions={
        paid ? (
          <Button
            variant="secondary"
            loading={portal.isPending}
            onClick={() => {
              portal.mutate();
            }}
            data-testid="billing-portal"
          >
            <ExternalLink className="size-4" aria-hidden="true" />
            {t("dashboard.billing.manage")}
          </Button>
        ) : undefined
      }
    >
      <div className="flex flex-wrap items-center gap-3">
        <p
          className="text-2xl font-bold text-slate-900 dark:text-white"
          data-testid="billing-plan"
          data-plan={subscription.plan}
        >
          {plan?.name ?? subscription.plan}
        </p>
        <span
          data-testid="billing-status"
          data-status={subscription.status}
          className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${
            subscription.status === "active" ||
            subscription.status === "trialing"
              ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
              : subscription.status === "none"
                ? "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
                : "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
          }`}
        >
          {isKnownStatus(subscription.status)
            ? t(`dashboard.billing.statuses.${subscription.status}`)
            : subscription.status}
        </span>
      </div>
      {subscription.current_period_end && (
        <p
          className="mt-2 text-sm text-slate-600 dark:text-slate-400"
          data-testid="billing-period-end"
        >
          {subscription.cancel_at_period_end
            ? t("dashboard.billing.ends_on", {
                date: formatDate(subscription.current_period_end, language),
              })
            : t("dashboard.billing.renews_on", {
                date: formatDate(subscription.current_period_end, language),
              })}
        </p>
      )}
      <ProblemError error={portal.error} data-testid="billing-portal-error" />
    </Card>
  );
}

function PlanCard({
  plan,
  currency,
  current,
  rank,
  currentRank,
  subscribed,
}: {
  plan: Plan;
  currency: string;
  current: boolean;
  rank: number;
  currentRank: number;
  subscribed: boolean;
}) {
  const { t, language } = useI18n();
  const price =
    plan.prices?.find((item) => item.currency === currency) ?? plan.prices?.[0];
  const vatRate = price?.vat_percent ?? 0;
  // A new subscription goes through the checkout; changing a running one (or leaving for the free plan) is done in the customer portal.
  const checkout = useMutation({
    mutationFn: () =>
      subscribed || plan.id === "free"
        ? billingApi.portal()
        : billingApi.checkout(plan.id),
    onSuccess: ({ url }) => {
      go(url);
    },
  });
  const limit = (
    value: number | null | undefined,
    format: (value: number) => string = (v) => formatNumber(v, language),
  ) =>
    value === null || value === undefined
      ? t("dashboard.billing.unlimited")
      : format(value);
  const features = [
    t("dashboard.billing.features.budget", {
      amount: limit(plan.monthly_cost_budget_micro_usd, (v) =>
        formatMoney(v, language),
      ),
    }),
    ...(plan.monthly_token_budget !== undefined
      ? [
          t("dashboard.billing.features.tokens", {
            count: limit(plan.monthly_token_budget, (v) =>
              formatCompact(v, language),
            ),
          }),
        ]
      : []),
    plan.models === "all"
      ? t("dashboard.billing.features.all_models")
      : t("dashboard.billing.features.some_models", {
          count: plan.models.length,
        }),
    t("dashboard.billing.features.per_turn", {
      count: limit(plan.max_models_per_turn),
    }),
    t("dashboard.billing.features.media", {
      count: limit(plan.media_per_month),
    }),
    t("dashboard.billing.features.agents", {
      count: limit(plan.agent_runs_per_month),
    }),
  ];
  return (
    <li
      data-testid="plan-card"
      data-plan={plan.id}
      data-current={current}
      className={`flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 dark:bg-slate-900 ${
        current
          ? "ring-2 ring-indigo-500"
          : "ring-slate-200 dark:ring-slate-800"
      }`}
    >
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-lg font-semibold text-slate-900 dark:text-white">
          {plan.name}
        </h3>
        {current && (
          <span className="rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
            {t("dashboard.billing.your_plan")}
          </span>
        )}
      </div>
      <p
        className="mt-2 text-3xl font-bold text-slate-900 tabular-nums dark:text-white"
        data-testid="plan-price"
        data-currency={price?.currency}
      >
        {!price || price.amount === 0
          ? t("dashboard.billing.free")
          : t("dashboard.billing.per_month", {
              price: formatAmount(price.amount, price.currency, language),
            })}
      </p>
      {price && vatRate > 0 && (
        <p
          className="mt-1 text-xs text-slate-500 tabular-nums dark:text-slate-400"
          data-testid="plan-vat"
        >
          {t("dashboard.billing.vat_included", {
            rate: formatNumber(vatRate, language, 1),
            amount: formatAmount(
              Math.round((price.amount * vatRate) / (100 + vatRate)),
              price.currency,
              language,
            ),
          })}
        </p>
      )}
      <ul className="mt-4 flex-1 space-y-2 text-sm text-slate-700 dark:text-slate-300">
        {features.map((feature) => (
          <li key={feature} className="flex gap-2">
            <Check
              className="mt-0.5 size-4 shrink-0 text-emerald-600"
              aria-hidden="true"
            />
            {feature}
          </li>
        ))}
      </ul>
      {!current && plan.price_micro_usd_month > 0 && (
        <div className="mt-5 space-y-2">
          <Button
            className="w-full"
            variant={rank > currentRank ? "primary" : "secondary"}
            loading={checkout.isPending || checkout.isSuccess}
            onClick={() => {
              checkout.mutate();
            }}
            data-testid="plan-upgrade"
          >
            {rank > currentRank
              ? t("dashboard.billing.upgrade", { plan: plan.name })
              : t("dashboard.billing.switch", { plan: plan.name })}
          </Button>
          <ProblemError
            error={checkout.error}
            data-testid="plan-upgrade-error"
          />
        </div>
      )}
    </li>
  );
}

function Invoices() {
  const { t, language } = useI18n();
  const invoices = useQuery({
    queryKey: dashboardKeys.invoices,
    queryFn: ({ signal }) => billingApi.invoices({ signal }),
  });
  return (
    <Card
      title={t("dashboard.billing.invoices")}
      data-testid="billing-invoices"
    >
      {invoices.isPending ? (
        <Spinner />
      ) : invoices.isError ? (
        <ProblemError error={invoices.error} />
      ) : invoices.data.items.length === 0 ? (
        <p
          className="text-sm text-slate-500 dark:text-slate-400"
          data-testid="invoices-empty"
        >
          {t("dashboard.billing.no_invoices")}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {invoices.data.items.map((invoice) => (
            <li
              key={invoice.id}
              data-testid="invoice"
              data-status={invoice.status}
              className="flex flex-wrap items-center gap-3 py-3 text-sm"
            >
              <FileText className="size-4 text-slate-400" aria-hidden="true" />
              <span className="font-medium text-slate-900 dark:text-white">
                {invoice.number ?? invoice.id}
              </span>
              <span className="text-slate-500 dark:text-slate-400">
                {formatDate(invoice.created_at, language)}
              </span>
              <span className="tabular-nums">
                {invoiceAmount(invoice, language)}
              </span>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">
                {invoice.status === "paid"
                  ? t("dashboard.billing.invoice_paid")
                  : invoice.status}
              </span>
              <span className="ml-auto flex gap-3">
                {invoice.hosted_invoice_url &&
                  isWebUrl(invoice.hosted_invoice_url) && (
                    <a
                      href={invoice.hosted_invoice_url}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="font-semibold text-indigo-600 hover:underline dark:text-indigo-400"
                    >
                      {t("dashboard.billing.view_invoice")}
                    </a>
                  )}
                {invoice.pdf_url && isWebUrl(invoice.pdf_url) && (
                  <a
                    href={invoice.pdf_url}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="font-semibold text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {t("dashboard.billing.pdf")}
                  </a>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function BillingPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("dashboard.billing.title"));
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const returned = params.get("checkout");
  const plans = useQuery({
    queryKey: dashboardKeys.plans(language),
    queryFn: ({ signal }) => billingApi.plans(language, { signal }),
  });
  const subscription = useQuery({
    queryKey: dashboardKeys.subscription,
    queryFn: ({ signal }) => billingApi.subscription({ signal }),
    // Back from the checkout, the webhook may land a moment after the redirect: poll briefly.
    refetchInterval: (query) =>
      returned === "success" && query.state.data?.plan === "free"
        ? 1500
        : false,
  });

  useEffect(() => {
    if (returned !== "success") return;
    void queryClient.invalidateQueries({
      queryKey: dashboardKeys.subscription,
    });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.quota });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.invoices });
  }, [returned, queryClient]);

  const planList = plans.data?.items ?? [];
  const currentId = subscription.data?.plan ?? "free";
  const currentRank = Math.max(
    0,
    planList.findIndex((plan) => plan.id === currentId),
  );

  return (
    <div className="mx-auto max-w-5xl space-y-6" data-testid="billing-page">
      <PageHeader
        title={t("dashboard.billing.title")}
        subtitle={t("dashboard.billing.subtitle")}
      />
      {returned === "success" && (
        <Alert tone="success" data-testid="checkout-success">
          <p>{t("dashboard.billing.checkout_success")}</p>
        </Alert>
      )}
      {returned === "cancel" && (
        <Alert tone="info" data-testid="checkout-cancel">
          <p>{t("dashboard.billing.checkout_cancel")}</p>
        </Alert>
      )}
      {plans.isPending || subscription.isPending ? (
        <Spinner />
      ) : plans.isError || subscription.isError ? (
        <ProblemError
          error={plans.error ?? subscription.error}
          data-testid="billing-error"
        />
      ) : (
        <>
          <CurrentPlan subscription={subscription.data} plans={planList} />
          <section aria-labelledby="plans-title" className="space-y-3">
            <h2
              id="plans-title"
              className="text-lg font-semibold text-slate-900 dark:text-white"
            >
              {t("dashboard.billing.plans")}
            </h2>
            <ul className="grid gap-4 md:grid-cols-3" data-testid="plans">
              {planList.map((plan, index) => (
                <PlanCard
                  key={plan.id}
                  plan={plan}
                  currency={plans.data.currency}
                  current={plan.id === currentId}
                  rank={index}
                  currentRank={currentRank}
                  subscribed={
                    currentId !== "free" &&
                    subscription.data.status !== "none" &&
                    subscription.data.status !== "canceled"
                  }
                />
              ))}
            </ul>
          </section>
        </>
      )}
      <Invoices />
    </div>
  );
}
