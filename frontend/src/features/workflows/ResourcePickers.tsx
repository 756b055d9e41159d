// Pickers for what a node names of the caller's own: knowledge bases to search, the agent to run.
import { useQuery } from "@tanstack/react-query";
import { CheckboxField, SelectField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { listAgents, listBases } from "./api";

export function BasesPicker({ selected, onChange }: { selected: string[]; onChange: (bases: string[]) => void }) {
  const { t } = useI18n();
  const bases = useQuery({
    queryKey: ["agents", "knowledge-bases"],
    queryFn: listBases,
  });
  return (
    <fieldset className="space-y-1 text-sm" data-testid="node-bases">
      <legend className="font-medium">{t("workflows.bases")}</legend>
      {bases.data?.length === 0 && <p className="text-xs text-slate-500">{t("workflows.no_bases")}</p>}
      {bases.data?.map((base) => (
        <CheckboxField
          key={base.base_id}
          label={`${base.name} (${t("workflows.documents", { count: base.documents })})`}
          checked={selected.includes(base.base_id)}
          onChange={(event) => onChange(event.target.checked ? [...selected, base.base_id] : selected.filter((id) => id !== base.base_id))}
        />
      ))}
      {selected
        .filter((id) => bases.data && !bases.data.some((base) => base.base_id === id))
        .map((id) => (
          <p key={id} className="text-xs text-red-600">
            {t("workflows.base_missing", { id })}
          </p>
        ))}
    </fieldset>
  );
}

export function AgentPicker({ value, onChange }: { value: string; onChange: (agentId: string) => void }) {
  const { t, language } = useI18n();
  const agents = useQuery({
    queryKey: ["agents", "list", language],
    queryFn: () => listAgents(language),
  });
  return (
    <SelectField label={t("workflows.agent")} data-testid="node-agent_id" value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="" />
      {agents.data?.map((agent) => (
        <option key={agent.agent_id} value={agent.agent_id}>
          {agent.name}
          {agent.builtin ? ` · ${t("workflows.builtin_agent")}` : ""}
        </option>
      ))}
    </SelectField>
  );
}
