import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useReducer } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { SelectField } from "../../components/Field";
import { useI18n, type MessageKey } from "../../i18n";
import { JsonBlock } from "../../components/TaskSteps";
import { agentsApi, type Agent, type Run, type Step } from "./api";
import { formatMicroUsd, formatMs, toolCallOf } from "./format";
import { planReducer } from "./plan";
import { useStepStream } from "./stream";

const ACTIVE = new Set([
  "queued",
  "running",
  "waiting_approval",
  "waiting_schedule",
]);
const COLOURS: Record<string, string> = {
  succeeded: "ring-emerald-500 bg-emerald-50 dark:bg-emerald-950",
  running: "ring-sky-500 bg-sky-50 animate-pulse dark:bg-sky-950",
  waiting_approval: "ring-amber-500 bg-amber-50 dark:bg-amber-950",
  failed: "ring-red-500 bg-red-50 dark:bg-red-950",
  cancelled: "ring-slate-400",
  pending: "ring-slate-200 dark:ring-slate-700",
};

interface Output {
  text?: string;
  agent_name?: string;
  tool_calls?: {
    tool: string;
    input: unknown;
    result?: unknown;
    error?: string;
  }[];
  citations?: {
    n?: number;
    filename: string;
    page: number;
    position: number;
  }[];
  contributions?: { agent_name: string; excerpt: string }[];
  waiting_for?: string[];
}

/** A tool call waiting for approval: who asks for which tool, with what. */
function ToolCallAsked({ input }: { input: unknown }) {
  const { t } = useI18n();
  const call = toolCallOf(input);
  return (
    <div className="mt-2 text-xs" data-testid="tool-call-asked">
      <p>
        {t("agentsPage.tool_call_asks", {
          agent: call.agent,
          tool: t(`agentsPage.tool.${call.name}` as MessageKey),
        })}
      </p>
      <JsonBlock value={call.arguments} />
    </div>
  );
}

function StepNode({
  step,
  runId,
  taskId,
  streamed,
}: {
  step: Step;
  runId: string;
  taskId: string;
  streamed: string | undefined;
}) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const output = (step.output ?? {}) as Output;
  const isToolCall = step.kind === "agent.tool";
  const decide = useMutation({
    mutationFn: async (decision: "approve" | "reject") => {
      if (isToolCall)
        await agentsApi.decideToolCall(runId, step.step_id, decision);
      else await agentsApi.decide(taskId, step.step_id, decision);
    },
    onSuccess: () =>
      void queryClient.invalidateQueries({ queryKey: ["agents", "run"] }),
  });
  return (
    <li
      className={`rounded-xl p-3 ring-2 ${COLOURS[step.status] ?? COLOURS.pending}`}
      data-testid={`step-${step.step_id}`}
      data-status={step.status}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold">
          {output.agent_name ?? step.step_id}{" "}
          <span className="text-xs font-normal text-slate-500">
            ({step.kind})
          </span>
        </p>
        <span className="text-xs">
          {t(`agentsPage.status.${step.status}` as MessageKey)}
        </span>
      </div>
      <p className="text-xs text-slate-500">
        {t("agentsPage.step_stats", {
          tokens: step.tokens_in + step.tokens_out,
          cost: formatMicroUsd(step.cost_micro_usd, language),
          time: formatMs(step.latency_ms ?? null),
        })}
      </p>
      {output.text && (
        <p className="mt-2 text-sm whitespace-pre-wrap" data-testid="step-text">
          {output.text}
        </p>
      )}
      {(output.waiting_for ?? []).length > 0 && (
        <p className="mt-2 text-sm" data-testid="step-paused">
          {t("agentsPage.paused", {
            tools: (output.waiting_for ?? [])
              .map((name) => t(`agentsPage.tool.${name}` as MessageKey))
              .join(", "),
          })}
        </p>
      )}
      {isToolCall && step.status === "waiting_approval" && (
        <ToolCallAsked input={step.input} />
      )}
      {!output.text && step.status === "running" && streamed && (
        <p
          className="mt-2 text-sm whitespace-pre-wrap text-slate-600 dark:text-slate-300"
          data-testid="step-stream"
          aria-live="polite"
        >
          {streamed}
        </p>
      )}
      {(output.tool_calls ?? []).length > 0 && (
        <details className="mt-2 text-xs">
          <summary>{t("agentsPage.tool_calls")}</summary>
          <pre className="overflow-x-auto whitespace-pre-wrap">
            {JSON.stringify(output.tool_calls, null, 2)}
          </pre>
        </details>
      )}
      {(output.citations ?? []).length > 0 && (
        <p className="mt-1 text-xs" data-testid="step-citations">
          {t("agentsPage.citations")}:{" "}
          {(output.citations ?? [])
            .map((c) => `${c.filename} p.${c.page}`)
            .join(" · ")}
        </p>
      )}
      {(output.contributions ?? []).length > 0 && (
        <p className="mt-1 text-xs" data-testid="step-contributions">
          {t("agentsPage.contributions")}:{" "}
          {(output.contributions ?? []).map((c) => c.agent_name).join(", ")}
        </p>
      )}
      {step.status === "waiting_approval" && (
        <div className="mt-2 flex gap-2">
          <Button
            onClick={() => decide.mutate("approve")}
            loading={decide.isPending}
            data-testid={`approve-${step.step_id}`}
          >
            {t("agentsPage.approve")}
          </Button>
          <Button
            variant="secondary"
            onClick={() => decide.mutate("reject")}
            disabled={decide.isPending}
            data-testid={`reject-${step.step_id}`}
          >
            {t(isToolCall ? "agentsPage.refuse" : "agentsPage.reject")}
          </Button>
        </div>
      )}
      {decide.error && <ProblemError error={decide.error} />}
    </li>
  );
}

function PlanEditor({ run, agents }: { run: Run; agents: Agent[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [plan, dispatch] = useReducer(planReducer, run.assignments);
  useEffect(
    () => dispatch({ type: "reset", assignments: run.assignments }),
    [run.assignments],
  );
  const names = Object.fromEntries(agents.map((a) => [a.agent_id, a.name]));
  const save = useMutation({
    mutationFn: async () => {
      await agentsApi.updatePlan(run.run_id, plan);
      return agentsApi.approvePlan(run.run_id);
    },
    onSuccess: () =>
      void queryClient.invalidateQueries({ queryKey: ["agents"] }),
  });
  return (
    <div className="flex flex-col gap-3" data-testid="plan-editor">
      <p
        className="text-sm text-slate-600 dark:text-slate-400"
        data-testid="plan-source"
        data-source={run.plan_source}
      >
        {run.plan_source === "model"
          ? t("agentsPage.plan_by_supervisor", {
              agent: names[run.agent_ids[0] ?? ""] ?? run.agent_ids[0] ?? "",
            })
          : run.plan_note && t("agentsPage.plan_derived")}{" "}
        {t("agentsPage.plan_hint")}
      </p>
      {run.plan_source !== "model" && run.plan_note && (
        <details className="text-xs text-slate-500">
          <summary>{t("agentsPage.plan_why")}</summary>
          {run.plan_note}
        </details>
      )}
      {plan.map((step, index) => (
        <div
          key={step.id}
          className="rounded-xl p-3 ring-1 ring-slate-200 dark:ring-slate-800"
          data-testid={`plan-${step.id}`}
        >
          <label className="block text-sm font-medium">
            {t("agentsPage.step_task", {
              agent: names[step.agent_id] ?? step.agent_id,
            })}
            <textarea
              className="mt-1 block w-full rounded-lg border border-slate-300 p-2 text-sm dark:border-slate-700 dark:bg-slate-900"
              value={step.task}
              maxLength={4000}
              onChange={(event) =>
                dispatch({
                  type: "task",
                  id: step.id,
                  task: event.target.value,
                })
              }
            />
          </label>
          {index > 0 && (
            <SelectField
              label={t("agentsPage.step_after")}
              multiple
              value={step.after ?? []}
              onChange={(event) =>
                dispatch({
                  type: "after",
                  id: step.id,
                  after: Array.from(
                    event.target.selectedOptions,
                    (o) => o.value,
                  ),
                })
              }
            >
              {plan.slice(0, index).map((earlier) => (
                <option key={earlier.id} value={earlier.id}>
                  {names[earlier.agent_id] ?? earlier.id}
                </option>
              ))}
            </SelectField>
          )}
          <Button
            variant="secondary"
            className="mt-2"
            onClick={() => dispatch({ type: "remove", id: step.id })}
            disabled={plan.length === 1}
          >
            {t("agentsPage.remove")}
          </Button>
        </div>
      ))}
      <SelectField
        label={t("agentsPage.add_step")}
        value=""
        onChange={(event) =>
          event.target.value &&
          dispatch({ type: "add", agentId: event.target.value, task: run.goal })
        }
      >
        <option value="">—</option>
        {agents.map((agent) => (
          <option key={agent.agent_id} value={agent.agent_id}>
            {agent.name}
          </option>
        ))}
      </SelectField>
      {save.error && <ProblemError error={save.error} />}
      <Button
        onClick={() => save.mutate()}
        loading={save.isPending}
        data-testid="plan-approve"
      >
        {t("agentsPage.approve_plan")}
      </Button>
    </div>
  );
}

/** One run: its draft plan to edit and approve, then its steps lighting up as they run (polled: a
 * closed tab loses nothing, the run goes on and reopening shows where it is). */
export function RunView({ runId, agents }: { runId: string; agents: Agent[] }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ["agents", "run", runId],
    queryFn: () => agentsApi.run(runId),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data?.status === "started" &&
        data.task &&
        !ACTIVE.has(data.task.status)
        ? false
        : 1000;
    },
  });
  const cancel = useMutation({
    mutationFn: () => agentsApi.cancelRun(runId),
    onSuccess: () =>
      void queryClient.invalidateQueries({
        queryKey: ["agents", "run", runId],
      }),
  });
  const data = run.data;
  const task = data?.task;
  const streams = useStepStream(task?.task_id);
  return (
    <Card
      title={data?.goal ?? "…"}
      description={
        data?.task
          ? t(`agentsPage.status.${data.task.status}` as MessageKey)
          : data
            ? t("agentsPage.plan")
            : undefined
      }
      actions={
        data?.task && ACTIVE.has(data.task.status) ? (
          <Button
            variant="secondary"
            onClick={() => cancel.mutate()}
            loading={cancel.isPending}
          >
            {t("agentsPage.cancel_run")}
          </Button>
        ) : undefined
      }
      data-testid="run-view"
    >
      {run.error && <ProblemError error={run.error} />}
      {data?.status === "draft" && <PlanEditor run={data} agents={agents} />}
      {task && (
        <>
          <p className="mb-2 text-sm" data-testid="run-cost">
            {t("agentsPage.total_cost", {
              cost: formatMicroUsd(task.cost_micro_usd, language),
            })}
          </p>
          <ol className="grid gap-3 sm:grid-cols-2" data-testid="run-graph">
            {task.steps.map((step) => (
              <StepNode
                key={step.step_id}
                step={step}
                runId={runId}
                taskId={task.task_id}
                streamed={streams[step.step_id]?.text}
              />
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}
