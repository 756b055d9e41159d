import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CheckboxField, TextField } from "../../components/Field";
import { PageHeader } from "../../components/PageHeader";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { formatDate } from "../../lib/format";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { AgentEditor } from "./AgentEditor";
import { agentsApi, type Agent } from "./api";
import { KnowledgePanel } from "./KnowledgePanel";
import { MetricsLine } from "./MetricsLine";
import { RunView } from "./RunView";

interface AgentCardProps {
  agent: Agent;
  selected: boolean;
  onToggle: () => void;
  onEdit: () => void;
}

function AgentCard({ agent, selected, onToggle, onEdit }: AgentCardProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: ["agents"] });
  const duplicate = useMutation({
    mutationFn: () => agentsApi.duplicate(agent.agent_id),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => agentsApi.remove(agent.agent_id),
    onSuccess: refresh,
  });
  return (
    <li
      data-testid={`agent-${agent.agent_id}`}
      className="rounded-xl p-4 ring-1 ring-slate-200 dark:ring-slate-800"
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="font-semibold text-slate-900 dark:text-white">
            {agent.name}
          </p>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {agent.description}
          </p>
        </div>
        <span className="text-xs text-slate-500">
          {agent.builtin ? t("agentsPage.builtin") : t("agentsPage.own")}
        </span>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {t("agentsPage.model", { model: agent.model })}
      </p>
      <p className="text-xs text-slate-500">
        {t("agentsPage.tools", { tools: (agent.tools ?? []).join(", ") })}
      </p>
      <MetricsLine agentId={agent.agent_id} />
      <CheckboxField
        className="mt-2"
        label={t("agentsPage.select")}
        checked={selected}
        onChange={onToggle}
        data-testid={`select-${agent.agent_id}`}
      />
      <div className="mt-2 flex flex-wrap gap-2 text-xs">
        <button
          type="button"
          className="underline"
          onClick={() => duplicate.mutate()}
          data-testid={`duplicate-${agent.agent_id}`}
        >
          {t("agentsPage.editor.duplicate")}
        </button>
        {!agent.builtin && (
          <>
            <button type="button" className="underline" onClick={onEdit}>
              {t("agentsPage.editor.edit")}
            </button>
            <ConfirmButton
              variant="ghost"
              className="px-0! py-0! text-xs underline shadow-none!"
              question={t("agentsPage.editor.delete_question", {
                name: agent.name,
              })}
              loading={remove.isPending}
              onConfirm={() => {
                remove.mutate();
              }}
              data-testid={`delete-${agent.agent_id}`}
            >
              {t("agentsPage.editor.delete")}
            </ConfirmButton>
          </>
        )}
      </div>
      {(duplicate.error ?? remove.error) && (
        <ProblemError error={duplicate.error ?? remove.error} />
      )}
    </li>
  );
}

export function AgentsPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("agentsPage.title"));
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const runId = params.get("run");
  const [team, setTeam] = useState<string[]>([]);
  const [goal, setGoal] = useState("");
  const [email, setEmail] = useState(false);
  const [budget, setBudget] = useState("");
  const [editing, setEditing] = useState<Agent | "new" | null>(null);
  const agents = useQuery({
    queryKey: ["agents", language],
    queryFn: agentsApi.list,
  });
  const runs = useQuery({
    queryKey: ["agents", "runs"],
    queryFn: agentsApi.runs,
  });
  const { user } = useAuth();
  const start = useMutation({
    mutationFn: () =>
      agentsApi.createRun({
        goal,
        agent_ids: team,
        max_steps: Math.max(10, team.length),
        budget_micro_usd: budget ? Number(budget) : null,
        email_to: email ? (user?.email ?? null) : null,
      }),
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: ["agents", "runs"] });
      setParams({ run: run.run_id });
    },
  });
  const toggle = (id: string) =>
    setTeam((current) =>
      current.includes(id) ? current.filter((a) => a !== id) : [...current, id],
    );

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 p-4 sm:p-6">
      <PageHeader
        title={t("agentsPage.title")}
        subtitle={t("agentsPage.subtitle")}
      />
      {runId && <RunView runId={runId} agents={agents.data ?? []} />}
      <Card
        title={t("agentsPage.catalogue")}
        actions={
          <Button
            variant="secondary"
            onClick={() => setEditing("new")}
            data-testid="agent-new"
          >
            {t("agentsPage.editor.new")}
          </Button>
        }
      >
        {editing && (
          <div className="mb-4">
            <AgentEditor
              key={editing === "new" ? "new" : editing.agent_id}
              agent={editing === "new" ? null : editing}
              onDone={() => setEditing(null)}
            />
          </div>
        )}
        {agents.isPending && <Spinner />}
        {agents.error && <ProblemError error={agents.error} />}
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {(agents.data ?? []).map((agent) => (
            <AgentCard
              key={agent.agent_id}
              agent={agent}
              selected={team.includes(agent.agent_id)}
              onToggle={() => toggle(agent.agent_id)}
              onEdit={() => setEditing(agent)}
            />
          ))}
        </ul>
        <form
          className="mt-4 flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <TextField
            label={t("agentsPage.goal")}
            placeholder={t("agentsPage.goal_placeholder")}
            value={goal}
            onChange={(event) => setGoal(event.target.value)}
            required
            maxLength={4000}
            data-testid="run-goal"
          />
          <TextField
            label={t("agentsPage.budget")}
            inputMode="numeric"
            value={budget}
            onChange={(event) =>
              setBudget(event.target.value.replace(/\D/g, ""))
            }
          />
          <CheckboxField
            label={t("agentsPage.email_to")}
            checked={email}
            onChange={() => setEmail(!email)}
            data-testid="run-email"
          />
          {team.length === 0 && (
            <p className="text-sm text-slate-500">
              {t("agentsPage.pick_agents")}
            </p>
          )}
          {start.error && <ProblemError error={start.error} />}
          <Button
            type="submit"
            disabled={team.length === 0 || !goal.trim()}
            loading={start.isPending}
            data-testid="run-start"
          >
            {t("agentsPage.start")}
          </Button>
        </form>
      </Card>
      <Card title={t("agentsPage.runs")}>
        {(runs.data ?? []).length === 0 && (
          <p className="text-sm text-slate-500">{t("agentsPage.no_runs")}</p>
        )}
        <ul className="flex flex-col gap-1">
          {(runs.data ?? []).map((run) => (
            <li key={run.run_id}>
              <button
                type="button"
                className="text-left text-sm underline"
                onClick={() => setParams({ run: run.run_id })}
              >
                {formatDate(run.created_at, language)} — {run.goal.slice(0, 80)}{" "}
                ({run.agent_ids.join(", ")})
              </button>
            </li>
          ))}
        </ul>
      </Card>
      <KnowledgePanel />
    </div>
  );
}
