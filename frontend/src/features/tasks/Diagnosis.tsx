// The troubleshooter on a run that did not finish: "Explain the failure" starts a diagnosis (a task
// of its own), shown here live: a model's plain-language explanation and, per failed step, the fix
// its error calls for.
import { Stethoscope } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { LiveTaskOutput } from "../../components/LiveTaskOutput";
import type { TaskDetail } from "../../lib/taskFrames";
import { tasksApi, type DiagnosisFix } from "./api";

const DIAGNOSABLE = new Set(["failed", "budget_exceeded", "cancelled"]);
const ACTIONS = [
  "retry",
  "edit_input",
  "reconnect_account",
  "raise_budget",
  "change_model",
  "upgrade_plan",
  "check_access",
  "wait",
] as const;
type Action = (typeof ACTIONS)[number];

function actionOf(action: string): Action {
  return (ACTIONS as readonly string[]).includes(action) ? (action as Action) : "retry";
}

function isFix(value: unknown): value is DiagnosisFix {
  return typeof value === "object" && value !== null && "action" in value && "advice" in value;
}

function DiagnosisResult({ diagnosisId }: { diagnosisId: string }) {
  const { t } = useI18n();
  return (
    <LiveTaskOutput taskId={diagnosisId} running={t("tasks.diagnosis.running")} failed={t("tasks.diagnosis.failed")}>
      {(output) => <DiagnosisOutput output={output} />}
    </LiveTaskOutput>
  );
}

function DiagnosisOutput({ output }: { output: Record<string, unknown> }) {
  const { t } = useI18n();
  const fixes = Array.isArray(output.fixes) ? output.fixes.filter(isFix) : [];
  return (
    <div className="space-y-3" data-testid="diagnosis-result">
      <p className="whitespace-pre-wrap text-sm text-slate-800 dark:text-slate-200" data-testid="diagnosis-explanation">
        {typeof output.explanation === "string" ? output.explanation : ""}
      </p>
      {fixes.length > 0 && (
        <section>
          <h3 className="text-sm font-semibold">{t("tasks.diagnosis.fixes")}</h3>
          <ul className="mt-1 space-y-2">
            {fixes.map((fix) => (
              <li
                key={`${fix.step_id ?? ""}-${fix.code}`}
                className="rounded-lg bg-amber-50 p-2 text-sm ring-1 ring-amber-200 dark:bg-amber-950 dark:ring-amber-800"
                data-testid="diagnosis-fix"
                data-action={fix.action}
              >
                <span className="font-medium">
                  {t(`tasks.diagnosis.actions.${actionOf(fix.action)}`)}
                  {fix.step_id && <span className="font-mono text-xs"> · {fix.step_id}</span>}
                </span>
                <span className="block text-slate-700 dark:text-slate-300">{fix.advice}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function Diagnosis({ task }: { task: TaskDetail }) {
  const { t, language } = useI18n();
  const [diagnosisId, setDiagnosisId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!DIAGNOSABLE.has(task.status) || task.kind === "diagnosis") return null;
  return (
    <section
      className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      data-testid="diagnosis"
    >
      <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900 dark:text-white">
        <Stethoscope className="size-4 text-indigo-600" aria-hidden="true" />
        {t("tasks.diagnosis.title")}
      </h2>
      {diagnosisId === null ? (
        <Button
          variant="secondary"
          loading={busy}
          data-testid="diagnose"
          onClick={() => {
            setBusy(true);
            setError(null);
            tasksApi
              .diagnose(task.task_id, language)
              .then((started) => {
                setDiagnosisId(started.task_id);
              }, setError)
              .finally(() => {
                setBusy(false);
              });
          }}
        >
          {t("tasks.diagnosis.ask")}
        </Button>
      ) : (
        <DiagnosisResult diagnosisId={diagnosisId} />
      )}
      {error !== null && <ProblemError error={error} />}
    </section>
  );
}
