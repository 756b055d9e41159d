import type { Language } from "../../i18n";

const LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };
const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormat(language: Language, digits: number): Intl.NumberFormat {
  const key = `${language}:${digits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], {
      style: "currency",
      currency: "USD",
      minimumFractionDigits: 2,
      maximumFractionDigits: digits,
    });
    formatters.set(key, format);
  }
  return format;
}

/** Dollars from integer micro-USD, with more decimals for the tiny amounts one request costs. */
export function formatMoney(microUsd: number | null | undefined, language: Language): string {
  if (microUsd === null || microUsd === undefined) return "—";
  const dollars = microUsd / 1_000_000;
  const size = Math.abs(dollars);
  const digits = size === 0 || size >= 1 ? 2 : size >= 0.01 ? 4 : 6;
  return currencyFormat(language, digits).format(dollars);
}

/** An amount in a currency's smallest unit (cents), as money in that currency: "22,80 €", "US$19.00". */
export function formatAmount(cents: number, currency: string, language: Language): string {
  try {
    return new Intl.NumberFormat(LOCALES[language], { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

/** "1,2 k", "3,4 M": token counts on chart axes. */
export function formatCompact(value: number, language: Language): string {
  const key = `compact:${language}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { notation: "compact", maximumFractionDigits: 1 });
    formatters.set(key, format);
  }
  return format.format(value);
}

/** A "YYYY-MM-DD" day as "24 nov." / "24 Nov", read as a calendar date (no time zone shift). */
export function formatDay(day: string, language: Language): string {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return day;
  return new Intl.DateTimeFormat(LOCALES[language], { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}
