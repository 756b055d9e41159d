import { useI18n } from "../../i18n";
import type { Pricing } from "./api";

const TONES: Record<Pricing, string> = {
  free: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  freemium: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  paid: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  open_source: "bg-violet-100 text-violet-800 dark:bg-violet-900/50 dark:text-violet-200",
};

export function PricingBadge({ pricing }: { pricing: Pricing }) {
  const { t } = useI18n();
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${TONES[pricing]}`}
      data-testid="catalog-pricing"
      data-pricing={pricing}
    >
      {t(`catalog.pricing.${pricing}`)}
    </span>
  );
}
