// The account's plan and this month's use (GET /api/account/quota): the dashboard's gauges show it,
// the model picker reads how many paid models one message may ask; one query key keeps them in step.
import { useQuery } from "@tanstack/react-query";
import { endpoint, type Schema } from "./api";

export type Quota = Schema<"QuotaOut">;

export const QUOTA_KEY = ["account", "quota"] as const;

export function useQuota(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: QUOTA_KEY,
    queryFn: ({ signal }) => endpoint("get", "/api/account/quota", { signal }),
    ...options,
  });
}
