import { useI18n } from "../../i18n";
import { labelledKind } from "./api";

/** A task's kind as people read it ("Combinaison", "Diagnostic"…), the raw kind when unknown. */
export function TaskKind({ kind }: { kind: string }) {
  const { t } = useI18n();
  const known = labelledKind(kind);
  return <>{known ? t(`tasks.kinds.${known}`) : kind}</>;
}
