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

/** What a tool call waiting for approval asks: the tool, its arguments and the calling agent (from the step's input). */
export function toolCallOf(input: unknown): {
  name: string;
  arguments: unknown;
  agent: string;
} {
  const value = (input ?? {}) as {
    call?: { name?: string; arguments?: unknown };
    agent?: { name?: string };
  };
  return {
    name: value.call?.name ?? "",
    arguments: value.call?.arguments ?? {},
    agent: value.agent?.name ?? "",
  };
}

/** The hosts typed in the agent editor, one per comma or space, lower-cased. */
export function hostList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}
