import { useEffect } from "react";
import { setTheme, storedTheme } from "./theme";
import { useAccountSettings } from "./accountSettings";

/**
 * Applies the theme saved in the account (GET /api/account/settings) once per signed-in load, so a
 * choice made on one device follows the user to the others; this device's copy stays the fallback.
 */
export function useSyncedTheme(): void {
  const settings = useAccountSettings({ staleTime: Infinity, retry: false });
  const theme = settings.data?.theme;
  useEffect(() => {
    if (theme && theme !== storedTheme()) setTheme(theme);
  }, [theme]);
}
