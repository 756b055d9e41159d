// The dashboard, account and billing API contract (webox.dashboard, webox.billing): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { ACCOUNT_SETTINGS_KEY } from "../../lib/accountSettings";
import type { Language } from "../../i18n";
import { QUOTA_KEY } from "../../lib/quota";
import {
  api,
  withQuery,
  type RequestOptions,
  type Schema,
} from "../../lib/api";

export const RANGES = [7, 30, 90] as const;
export type Range = (typeof RANGES)[number];

/** The counters every usage aggregate carries; money in micro-USD. */
export type Counters = Schema<"Counters">;

export type DayCounters = Schema<"DayCounters">;

export type ModelCounters = Schema<"ModelCounters">;

export type FeatureCounters = Schema<"FeatureCounters">;

export type Usage = Schema<"UsageStats">;

export type UserCounters = Schema<"UserCounters">;

export type VendorErrors = Schema<"VendorErrors">;

export type AdminUsage = Schema<"AdminUsageStats">;

export type AgentUsage = Schema<"AgentUsage">;

export type AgentRow = Schema<"AgentRow">;

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

export type KeyTest = Schema<"KeyTestOut">;

export type ProviderKey = Schema<"KeyOut">;

export type ProviderKeys = Schema<"KeysOut">;

export type KeyVendor = Schema<"VendorOut">;

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export type DefaultParams = Schema<"DefaultParams">;

export type Notifications = Schema<"Notifications">;

export type AccountSettings = Schema<"SettingsOut">;

export type SettingsChange = Partial<Omit<AccountSettings, "email">>;

export type Gauge = Schema<"Gauge">;

export type Plan = Schema<"Plan">;
export type PlanList = Schema<"PlanList">;

export type Subscription = Schema<"SubscriptionOut">;

export type Invoice = Schema<"InvoiceOut">;

export const dashboardKeys = {
  usage: (days: Range) => ["dashboard", "usage", days] as const,
  agents: (days: Range) => ["dashboard", "agents", days] as const,
  adminUsage: (days: Range) => ["dashboard", "admin-usage", days] as const,
  timeline: (filters: TimelineFilters) =>
    ["dashboard", "timeline", filters] as const,
  quota: QUOTA_KEY,
  keys: ["account", "keys"] as const,
  settings: ACCOUNT_SETTINGS_KEY,
  plans: (language: Language) => ["billing", "plans", language] as const,
  subscription: ["billing", "subscription"] as const,
  invoices: ["billing", "invoices"] as const,
};

export const usageExportUrl = (days: Range) =>
  withQuery("/api/usage/export.csv", { days });
/** The task kind of an account export (its steps are the archive's parts). */
export const ACCOUNT_EXPORT_KIND = "account_export";
export const exportDownloadUrl = (taskId: string) =>
  `/api/account/exports/${encodeURIComponent(taskId)}/download`;

const keyPath = (vendor: string) =>
  `/api/account/keys/${encodeURIComponent(vendor)}`;

export const dashboardApi = {
  usage: (days: Range, options?: RequestOptions) =>
    api.get<Usage>(withQuery("/api/usage", { days }), options),
  agents: (days: Range, options?: RequestOptions) =>
    api.get<AgentUsage>(withQuery("/api/usage/agents", { days }), options),
  adminUsage: (days: Range, options?: RequestOptions) =>
    api.get<AdminUsage>(withQuery("/api/usage/admin", { days }), options),
  timeline: (
    filters: TimelineFilters,
    cursor: string | null,
    options?: RequestOptions,
  ) =>
    api.get<TimelinePage>(
      withQuery("/api/timeline", { ...filters, cursor, limit: 30 }),
      options,
    ),

  keys: (options?: RequestOptions) =>
    api.get<ProviderKeys>("/api/account/keys", options),
  saveKey: (vendor: string, key: string) =>
    api.put<ProviderKey>(keyPath(vendor), { key }),
  testKey: (vendor: string) => api.post<KeyTest>(`${keyPath(vendor)}/test`),
  deleteKey: (vendor: string) => api.delete(keyPath(vendor)),

  settings: (options?: RequestOptions) =>
    api.get<AccountSettings>("/api/account/settings", options),
  updateSettings: (change: SettingsChange) =>
    api.patch<AccountSettings>("/api/account/settings", change),
  deleteAccount: (body: Schema<"DeleteIn">) =>
    api.post("/api/account/delete", body),
};

export const billingApi = {
  /** The plans, priced in the currency a speaker of `language` pays in (euros with VAT in French). */
  plans: (language: Language, options?: RequestOptions) =>
    api.get<PlanList>(withQuery("/api/billing/plans", { language }), options),
  subscription: (options?: RequestOptions) =>
    api.get<Subscription>("/api/billing/subscription", options),
  invoices: (options?: RequestOptions) =>
    api.get<Schema<"InvoiceList">>("/api/billing/invoices", options),
  checkout: (plan: Schema<"CheckoutIn">["plan"]) =>
    api.post<Schema<"UrlOut">>("/api/billing/checkout", { plan }),
  portal: () => api.post<Schema<"UrlOut">>("/api/billing/portal"),
};
