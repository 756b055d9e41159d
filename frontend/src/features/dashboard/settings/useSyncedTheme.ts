import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { setTheme, storedTheme } from "../../../lib/theme";
import { dashboardApi, dashboardKeys } from "../api";

/**
 * Applies the theme saved in the account (GET /api/account/settings) once per signed-in load, so a
 * choice made on one device follows the user to the others; this device's copy stays the fallback.
 */
export function useSyncedTheme(): void {
  const settings = useQuery({
    queryKey: dashboardKeys.settings,
    queryFn: ({ signal }) => dashboardApi.settings({ signal }),
    staleTime: Infinity,
    retry: false,
  });
  const theme = settings.data?.theme;
  useEffect(() => {
    if (theme && theme !== storedTheme()) setTheme(theme);
  }, [theme]);
}
