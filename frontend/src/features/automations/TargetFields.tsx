import { useQuery } from "@tanstack/react-query";
import { SelectField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { automationKeys, automationsApi } from "./api";
import type { TargetDraft, TargetKind } from "./target";

const KINDS: readonly TargetKind[] = ["prompt_mail", "workflow", "agent"];

/** What a trigger or schedule starts: a mailed prompt, one of the caller's workflows (each variable
 * mapped from the event or the fire) or an agent (its goal filled from the event). */
export function TargetFields({
  draft,
  onChange,
  on,
}: {
  draft: TargetDraft;
  onChange: (draft: TargetDraft) => void;
  on: "trigger" | "schedule";
}) {
  const { t } = useI18n();
  const workflows = useQuery({
    queryKey: automationKeys.workflows,
    queryFn: automationsApi.workflows,
    enabled: draft.kind === "workflow",
  });
  const agents = useQuery({
    queryKey: automationKeys.agents,
    queryFn: automationsApi.agents,
    enabled: draft.kind === "agent",
  });
  const workflow = workflows.data?.items.find((w) => w.id === draft.workflowId);
  const set = (changes: Partial<TargetDraft>) => {
    onChange({ ...draft, ...changes });
  };
  const prefix = `automations-${on}`;

  return (
    <>
      <SelectField
        className="sm:col-span-2"
        label={t("automations.target.kind")}
        value={draft.kind}
        onChange={(event) => {
          set({ kind: event.target.value as TargetKind });
        }}
        data-testid={`${prefix}-target-kind`}
      >
        {KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`automations.target.kinds.${kind}`)}
          </option>
        ))}
      </SelectField>
      {draft.kind === "prompt_mail" && (
        <TextField
          className="sm:col-span-2"
          label={t("automations.common.prompt")}
          value={draft.prompt}
          maxLength={8000}
          onChange={(event) => {
            set({ prompt: event.target.value });
          }}
          data-testid={`${prefix}-prompt`}
        />
      )}
      {draft.kind === "workflow" && (
        <>
          <SelectField
            className="sm:col-span-2"
            label={t("automations.target.workflow")}
            value={draft.workflowId}
            onChange={(event) => {
              set({ workflowId: event.target.value, values: {} });
            }}
            data-testid={`${prefix}-workflow`}
          >
            <option value="" />
            {workflows.data?.items.map((w) => (
              <option key={w.id} value={w.id}>
                {w.title}
              </option>
            ))}
          </SelectField>
          {workflow?.graph.variables?.map((variable) => (
            <TextField
              key={variable.name}
              label={t("automations.target.variable", {
                name: variable.label || variable.name,
              })}
              placeholder={on === "trigger" ? "{{event}}" : "{{finished_tasks}}"}
              value={draft.values[variable.name] ?? ""}
              maxLength={4000}
              onChange={(event) => {
                set({
                  values: {
                    ...draft.values,
                    [variable.name]: event.target.value,
                  },
                });
              }}
              data-testid={`${prefix}-value-${variable.name}`}
            />
          ))}
          {workflow && <p className="text-xs text-slate-500 sm:col-span-2">{t(`automations.target.mapping_${on}`)}</p>}
        </>
      )}
      {draft.kind === "agent" && (
        <>
          <SelectField
            label={t("automations.target.agent")}
            value={draft.agentId}
            onChange={(event) => {
              set({ agentId: event.target.value });
            }}
            data-testid={`${prefix}-agent`}
          >
            <option value="" />
            {agents.data?.map((agent) => (
              <option key={agent.agent_id} value={agent.agent_id}>
                {agent.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t("automations.target.goal")}
            placeholder={on === "trigger" ? "{{event}}" : ""}
            value={draft.goal}
            maxLength={3000}
            onChange={(event) => {
              set({ goal: event.target.value });
            }}
            data-testid={`${prefix}-goal`}
          />
        </>
      )}
    </>
  );
}
