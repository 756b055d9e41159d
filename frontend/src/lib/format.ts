import type { Language } from "../i18n";

const LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };

// Building an Intl formatter costs far more than using one: lists and live counters reuse them.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(language: Language, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `n:${language}:${maximumFractionDigits}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits });
    formatters.set(key, format);
  }
  return format;
}

const DATE_STYLES = {
  time: { timeStyle: "short" },
  date: { dateStyle: "medium" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

function dateFormat(language: Language, style: keyof typeof DATE_STYLES): Intl.DateTimeFormat {
  const key = `d:${language}:${style}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], DATE_STYLES[style]);
    formatters.set(key, format);
  }
  return format;
}

export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(language, "datetime").format(date);
}

export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(language, "date").format(date);
}

/** "Chrome · macOS" from a User-Agent header, or the raw string when unknown. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "";
  const browsers: [RegExp, string][] = [
    [/Edg\//, "Edge"],
    [/OPR\//, "Opera"],
    [/Firefox\//, "Firefox"],
    [/Chrome\//, "Chrome"],
    [/Safari\//, "Safari"],
    [/curl\//, "curl"],
    [/python-requests|httpx|aiohttp/i, "Python"],
  ];
  const systems: [RegExp, string][] = [
    [/Android/, "Android"],
    [/iPhone|iPad|iOS/, "iOS"],
    [/Windows/, "Windows"],
    [/Mac OS X|Macintosh/, "macOS"],
    [/CrOS/, "ChromeOS"],
    [/Linux/, "Linux"],
  ];
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  const parts = [browser, system].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : userAgent;
}

export function formatNumber(value: number, language: Language, maximumFractionDigits = 0): string {
  return numberFormat(language, maximumFractionDigits).format(value);
}

/** "14:32" today, else the date: for lists sorted by recency. */
export function formatRecent(iso: string | null | undefined, language: Language): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === new Date().toDateString();
  return dateFormat(language, sameDay ? "time" : "date").format(date);
}

/** A language's name in the reader's language ("fr" → "français" / "French"); the code if unknown. */
export function formatLanguageName(code: string, language: Language): string {
  try {
    const name = new Intl.DisplayNames([LOCALES[language]], { type: "language", fallback: "none" }).of(code);
    return name ?? code;
  } catch {
    return code; // not a well-formed language tag
  }
}

/** USD with 4 decimals; a non-zero cost below that shows as "< $0.0001". */
export function formatCost(cost: number): string {
  if (cost > 0 && cost < 0.0001) return "< $0.0001";
  return `$${cost.toFixed(4)}`;
}

/** A price per million tokens: "$2.50", "$0.15", "$0.125", "$0". */
export function formatPrice(price: number): string {
  if (price === 0) return "$0";
  const cents = Math.round(price * 1000) % 10 === 0;
  return `$${price.toFixed(price < 1 && !cents ? 3 : 2)}`;
}

/** A context window: "128k", "1M". */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_048_576).toFixed(1))}M`;
  return `${Math.round(tokens / 1000)}k`;
}
