import { Hourglass } from "lucide-react";
import { useI18n } from "../i18n";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import type { FeatureId } from "../navigation";

export function ComingSoon({ feature }: { feature: FeatureId }) {
  const { t } = useI18n();
  const name = t(`features.${feature}.name`);
  useDocumentTitle(name);
  return (
    <section data-testid="coming-soon" data-feature={feature} className="mx-auto max-w-2xl py-12 text-center">
      <div className="mx-auto mb-6 flex size-14 items-center justify-center rounded-2xl bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300">
        <Hourglass className="size-7" aria-hidden="true" />
      </div>
      <p className="mb-2 inline-block rounded-full bg-amber-100 px-3 py-1 text-xs font-semibold tracking-wide text-amber-800 uppercase dark:bg-amber-900/50 dark:text-amber-200">
        {t("coming_soon.badge")}
      </p>
      <h1 className="text-3xl font-bold tracking-tight text-slate-900 dark:text-white">{name}</h1>
      <p className="mt-4 text-lg text-slate-600 dark:text-slate-300">{t(`features.${feature}.description`)}</p>
    </section>
  );
}
