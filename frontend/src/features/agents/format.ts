import type { Language } from "../../i18n";

const LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };

/** A cost in micro-USD as dollars with up to four decimals. */
export function formatMicroUsd(microUsd: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(microUsd / 1_000_000);
}

/** A duration in milliseconds as seconds (or "—"). */
export function formatMs(ms: number | null): string {
  return ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`;
}
