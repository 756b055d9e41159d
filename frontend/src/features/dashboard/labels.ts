import type { Translate } from "../../i18n";
import { RANGES, type Range } from "./api";

const FEATURES = ["chat", "gateway", "verification", "media", "agents", "workflows", "voice", "other"] as const;

/** A usage feature's name in the UI language (the server's id when unknown). */
export function featureLabel(feature: string, t: Translate): string {
  return (FEATURES as readonly string[]).includes(feature)
    ? t(`dashboard.usage_features.${feature as (typeof FEATURES)[number]}`)
    : feature;
}

/** The `?days=` of a usage page: 7, 30 or 90 (30 when absent or anything else). */
export function parseRange(value: string | null): Range {
  const days = Number(value);
  return (RANGES as readonly number[]).includes(days) ? (days as Range) : 30;
}
