// The colour theme: "system" follows the OS, "light"/"dark" force one. Tailwind's `dark:` variant keys
// on the `dark` class of <html> (index.css), which this module keeps in step with the choice.
export const THEME_KEY = "webox.theme";
export type ThemeChoice = "system" | "light" | "dark";

const query = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;

function isTheme(value: unknown): value is ThemeChoice {
  return value === "system" || value === "light" || value === "dark";
}

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return isTheme(value) ? value : "system";
  } catch {
    return "system";
  }
}

let current: ThemeChoice = storedTheme();

function apply(): void {
  const dark = current === "dark" || (current === "system" && query?.matches === true);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
}

/** Applies `theme` now and remembers it on this device. */
export function setTheme(theme: ThemeChoice): void {
  current = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Private browsing may refuse storage: the theme still applies to this page.
  }
  apply();
}

/** Shows `theme` without remembering it (a settings form trying it out). */
export function previewTheme(theme: ThemeChoice): void {
  current = theme;
  apply();
}

/** Goes back to the remembered theme (the preview was not saved). */
export function restoreTheme(): void {
  current = storedTheme();
  apply();
}

query?.addEventListener("change", apply);
apply();
