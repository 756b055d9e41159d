// The dashboard, account and billing API contract (webox.dashboard, webox.billing): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { ACCOUNT_SETTINGS_KEY } from "../../lib/accountSettings";
import { QUOTA_KEY } from "../../lib/quota";
import { api, withQuery, type RequestOptions, type Schema } from "../../lib/api";

export const RANGES = [7, 30, 90] as const;
export type Range = (typeof RANGES)[number];

/** The counters every usage aggregate carries; money in micro-USD. */
export interface Counters {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_micro_usd: number;
  errors: number;
  avg_ttft_ms: number | null;
  avg_duration_ms: number | null;
}

export interface DayCounters extends Counters {
  date: string;
}

export interface ModelCounters extends Counters {
  model: string;
  model_name: string;
  vendor: string;
}

export interface FeatureCounters extends Counters {
  feature: string;
}

export interface Usage {
  from: string;
  to: string;
  days: number;
  totals: Counters;
  series: DayCounters[];
  by_model: ModelCounters[];
  by_feature: FeatureCounters[];
}

export interface UserCounters extends Counters {
  user_id: string;
  email: string | null;
}

export type VendorErrors = Schema<"VendorErrors">;

export interface AdminUsage {
  from?: string;
  to?: string;
  days?: number;
  totals: Counters;
  series: DayCounters[];
  by_user: UserCounters[];
  by_model: ModelCounters[];
  errors_by_vendor: VendorErrors[];
}

export const TIMELINE_KINDS = ["conversation", "media", "job"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type TimelineItem = Schema<"TimelineItem">;

export interface TimelineFilters {
  q: string;
  kind: string;
  from: string;
  to: string;
}

export type TimelinePage = Schema<"TimelinePage">;

export interface KeyTest {
  ok: boolean;
  latency_ms: number | null;
  error?: { code: string; message: string } | null;
}

export interface ProviderKey {
  vendor: string;
  vendor_name: string;
  masked: string;
  created_at: string;
  updated_at: string;
  last_tested_at: string | null;
  last_test: KeyTest | null;
}

export type KeyVendor = Schema<"VendorOut">;

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export type DefaultParams = Schema<"DefaultParams">;

export type Notifications = Schema<"Notifications">;

export type AccountSettings = Schema<"SettingsOut">;

export type SettingsChange = Partial<Omit<AccountSettings, "email">>;

export type Gauge = Schema<"Gauge">;

export interface Plan {
  id: string;
  name: string;
  price_micro_usd_month: number;
  monthly_cost_budget_micro_usd: number | null;
  monthly_token_budget?: number | null;
  models: "all" | string[];
  media_per_month: number | null;
  agent_runs_per_month: number | null;
  max_models_per_turn: number | null;
}

export type Subscription = Schema<"SubscriptionOut">;

export interface Invoice {
  id: string;
  number: string | null;
  amount_paid_micro_usd?: number | null;
  /** Stripe's amount in the currency's minor unit (cents), when `amount_paid_micro_usd` is absent. */
  amount_paid?: number | null;
  currency: string;
  status: string;
  created_at: string;
  hosted_invoice_url: string | null;
  pdf_url: string | null;
}

export const dashboardKeys = {
  usage: (days: Range) => ["dashboard", "usage", days] as const,
  adminUsage: (days: Range) => ["dashboard", "admin-usage", days] as const,
  timeline: (filters: TimelineFilters) => ["dashboard", "timeline", filters] as const,
  quota: QUOTA_KEY,
  keys: ["account", "keys"] as const,
  settings: ACCOUNT_SETTINGS_KEY,
  plans: ["billing", "plans"] as const,
  subscription: ["billing", "subscription"] as const,
  invoices: ["billing", "invoices"] as const,
};

export const usageExportUrl = (days: Range) => withQuery("/api/usage/export.csv", { days });
export const ACCOUNT_EXPORT_URL = "/api/account/export";

const keyPath = (vendor: string) => `/api/account/keys/${encodeURIComponent(vendor)}`;

export const dashboardApi = {
  usage: (days: Range, options?: RequestOptions) => api.get<Usage>(withQuery("/api/usage", { days }), options),
  adminUsage: (days: Range, options?: RequestOptions) => api.get<AdminUsage>(withQuery("/api/usage/admin", { days }), options),
  timeline: (filters: TimelineFilters, cursor: string | null, options?: RequestOptions) =>
    api.get<TimelinePage>(withQuery("/api/timeline", { ...filters, cursor, limit: 30 }), options),

  keys: (options?: RequestOptions) => api.get<{ items: ProviderKey[]; vendors: KeyVendor[] }>("/api/account/keys", options),
  saveKey: (vendor: string, key: string) => api.put<ProviderKey>(keyPath(vendor), { key }),
  testKey: (vendor: string) => api.post<KeyTest>(`${keyPath(vendor)}/test`),
  deleteKey: (vendor: string) => api.delete(keyPath(vendor)),

  settings: (options?: RequestOptions) => api.get<AccountSettings>("/api/account/settings", options),
  updateSettings: (change: SettingsChange) => api.patch<AccountSettings>("/api/account/settings", change),
  deleteAccount: (body: { password: string; code?: string }) => api.post("/api/account/delete", body),
};

export const billingApi = {
  plans: (options?: RequestOptions) => api.get<{ items: Plan[] }>("/api/billing/plans", options),
  subscription: (options?: RequestOptions) => api.get<Subscription>("/api/billing/subscription", options),
  invoices: (options?: RequestOptions) => api.get<{ items: Invoice[] }>("/api/billing/invoices", options),
  checkout: (plan: string) => api.post<{ url: string }>("/api/billing/checkout", { plan }),
  portal: () => api.post<{ url: string }>("/api/billing/portal"),
};
