// The account's settings (GET /api/account/settings): the settings page edits them, the chat reads
// their default models and parameters, the app shell their theme; one query key keeps them in step.
import { useQuery } from "@tanstack/react-query";
import { endpoint, type Schema } from "./api";

export type AccountSettings = Schema<"SettingsOut">;

export const ACCOUNT_SETTINGS_KEY = ["account", "settings"] as const;

/** The account's settings, read at most once per `staleTime`. */
export function useAccountSettings(options: { staleTime?: number; retry?: boolean } = {}) {
  return useQuery({
    queryKey: ACCOUNT_SETTINGS_KEY,
    queryFn: ({ signal }) => endpoint("get", "/api/account/settings", { signal }),
    ...options,
  });
}
