// Run a workflow: the form generated from its typed variables, the cost estimate, then each node's
// status and output as the run's task frames arrive; edit a node's output and run again from it.
import { useState } from "react";
import { Alert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { RunForm } from "../../components/RunForm";
import { Textarea } from "../../components/Input";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { formatCost } from "../../lib/format";
import { describeError } from "../../lib/problem";
import type { LiveTask } from "../../lib/useLiveTask";
import { cancelRun, decideStep, estimateRun, rerunFrom, retryNode, startRun, type Values, type Workflow } from "./api";
import { NodeOutput } from "./NodeOutput";
import { nodeOf, outputText } from "./runView";

interface Props {
  workflow: Workflow;
  live: LiveTask;
  onStarted: (runId: string) => void;
}

export function RunPanel({ workflow, live, onStarted }: Props) {
  const { t } = useI18n();
  const variables = workflow.graph.variables ?? [];
  const [values, setValues] = useState<Values>({});
  const [budget, setBudget] = useState("");
  const [estimate, setEstimate] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<string[]>([]);
  const [editing, setEditing] = useState<{ node: string; text: string } | null>(null);
  const task = live.task;

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    setFieldErrors([]);
    try {
      await action();
      live.reload();
    } catch (caught) {
      if (caught instanceof ApiError && Array.isArray(caught.problem.fields)) {
        setFieldErrors((caught.problem.fields as { name: string }[]).map((f) => f.name));
      }
      setError(describeError(caught, t).message);
    }
  };

  const nodes = task ? [...new Set(task.plan.map((step) => nodeOf(step.id)))] : [];
  return (
    <div className="space-y-3" data-testid="run-panel">
      <h2 className="font-semibold">{t("workflows.run.title")}</h2>
      <RunForm variables={variables} values={values} onChange={setValues} invalid={fieldErrors} />
      <TextField
        label={t("workflows.run.budget")}
        type="number"
        min={0}
        step="0.01"
        value={budget}
        onChange={(event) => setBudget(event.target.value)}
      />
      {estimate !== null && (
        <p className="text-sm" data-testid="estimate">
          {t("workflows.run.estimate", { amount: formatCost(estimate / 1e6) })}
        </p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {fieldErrors.map((name) => (
        <p key={name} className="text-sm text-red-600">
          {t("workflows.run.field_error", { field: variables.find((v) => v.name === name)?.label ?? name })}
        </p>
      ))}
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => act(async () => setEstimate((await estimateRun(workflow.id, values)).cost_micro_usd))}>
          {t("workflows.run.estimate_button")}
        </Button>
        <Button
          data-testid="run-start"
          onClick={() =>
            act(async () => {
              const run = await startRun(workflow.id, values, budget ? Math.round(Number(budget) * 1e6) : null);
              onStarted(run.id);
            })
          }
        >
          {t("workflows.run.start")}
        </Button>
        {task && !["succeeded", "failed", "cancelled", "budget_exceeded"].includes(task.status) && (
          <Button variant="danger" onClick={() => act(() => cancelRun(task.task_id))}>
            {t("workflows.run.cancel")}
          </Button>
        )}
      </div>
      {task && (
        <div className="space-y-2" data-testid="run-view" data-status={task.status}>
          <p className="text-sm">
            {t("workflows.run.status", { status: task.status })} ·{" "}
            {t("workflows.run.cost", { amount: formatCost(task.cost_micro_usd / 1e6) })}
          </p>
          {nodes.map((node) => {
            const steps = task.steps.filter((step) => nodeOf(step.step_id) === node);
            const main = steps.find((step) => step.step_id === node);
            const waiting = steps.filter((step) => step.status === "waiting_approval");
            const streamed = steps.map((step) => live.deltas[step.step_id] ?? "").join("");
            return (
              <details key={node} open className="rounded border p-2 text-sm" data-testid={`run-node-${node}`} data-status={main?.status}>
                <summary className="cursor-pointer font-mono">
                  {node} · {main?.status}
                </summary>
                <NodeOutput node={node} output={main?.output} streamed={streamed} />
                {waiting.map((step) => (
                  <div key={step.step_id} className="mt-1 space-y-1">
                    <p className="text-amber-700">
                      {t("workflows.run.waiting")} ({step.step_id})
                    </p>
                    <Button onClick={() => act(() => decideStep(task.task_id, step.step_id, "approve", null))}>
                      {t("workflows.run.approve")}
                    </Button>{" "}
                    <Button variant="danger" onClick={() => act(() => decideStep(task.task_id, step.step_id, "reject", null))}>
                      {t("workflows.run.reject")}
                    </Button>
                  </div>
                ))}
                {main?.status === "failed" && (
                  <Button variant="secondary" onClick={() => act(() => retryNode(task.task_id, node))}>
                    {t("workflows.run.retry")}
                  </Button>
                )}
                {main?.status === "succeeded" &&
                  ["succeeded", "failed", "cancelled", "budget_exceeded"].includes(task.status) &&
                  (editing?.node === node ? (
                    <div className="mt-1 space-y-1">
                      <Textarea
                        rows={5}
                        data-testid={`edit-${node}`}
                        aria-label={t("workflows.run.output")}
                        value={editing.text}
                        onChange={(event) => setEditing({ node, text: event.target.value })}
                      />
                      <Button
                        data-testid={`rerun-${node}`}
                        onClick={() =>
                          act(async () => {
                            await rerunFrom(task.task_id, node, editing.text);
                            setEditing(null);
                          })
                        }
                      >
                        {t("workflows.run.rerun_submit")}
                      </Button>
                    </div>
                  ) : (
                    <Button
                      variant="ghost"
                      data-testid={`edit-open-${node}`}
                      onClick={() => setEditing({ node, text: outputText(main.output) })}
                    >
                      {t("workflows.run.edit")}
                    </Button>
                  ))}
              </details>
            );
          })}
        </div>
      )}
    </div>
  );
}
