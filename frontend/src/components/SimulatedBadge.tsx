import { FlaskConical } from "lucide-react";
import { useI18n } from "../i18n";

/** Marks an answer (or a model) served by a local simulator rather than the real provider. */
export function SimulatedBadge() {
  const { t } = useI18n();
  return (
    <span
      data-testid="simulated-badge"
      title={t("chat.simulated_title")}
      className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-1.5 py-0.5 text-[0.6875rem] leading-none font-semibold text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
    >
      <FlaskConical className="size-3" aria-hidden="true" />
      {t("chat.simulated")}
    </span>
  );
}
