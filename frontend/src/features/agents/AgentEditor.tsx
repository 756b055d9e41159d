import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { knowledgeBaseKeys } from "../../lib/knowledgeBases";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { CheckboxField, SelectField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { agentsApi, type Agent, type AgentInput } from "./api";
import { hostList } from "./format";
import { McpServers } from "./McpServers";

const TOOLS = [
  "knowledge_search",
  "calculator",
  "structured_extraction",
  "ask_agent",
  "multi_model_chat",
  "create_document",
  "send_email",
  "http_request",
] as const;

function blank(): AgentInput {
  return {
    name: "",
    description: "",
    instructions: "",
    model: "gpt-4o-mini",
    tools: [],
    knowledge_base_ids: [],
    output_format: "",
    definition_of_done: "",
    allowed_hosts: [],
  };
}

function inputOf(agent: Agent): AgentInput {
  return {
    name: agent.name,
    description: agent.description,
    instructions: agent.instructions,
    model: agent.model,
    tools: agent.tools ?? [],
    knowledge_base_ids: agent.knowledge_base_ids ?? [],
    output_format: agent.output_format,
    definition_of_done: agent.definition_of_done,
    allowed_hosts: agent.allowed_hosts ?? [],
  };
}

/** Create or edit one's own agent: instructions, model, tools, knowledge bases, MCP servers, format and done. */
export function AgentEditor({
  agent,
  onDone,
}: {
  agent: Agent | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<AgentInput>(agent ? inputOf(agent) : blank());
  const [hosts, setHosts] = useState((form.allowed_hosts ?? []).join(", "));
  const bases = useQuery({ queryKey: knowledgeBaseKeys.all, queryFn: agentsApi.bases });
  const save = useMutation({
    mutationFn: () => {
      const body = { ...form, allowed_hosts: hostList(hosts) };
      return agent
        ? agentsApi.update(agent.agent_id, body)
        : agentsApi.create(body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["agents"] });
      onDone();
    },
  });
  const set = (changes: Partial<AgentInput>) =>
    setForm((current) => ({ ...current, ...changes }));
  const toggle = (list: string[] | undefined, value: string) =>
    (list ?? []).includes(value)
      ? (list ?? []).filter((v) => v !== value)
      : [...(list ?? []), value];
  return (
    <form
      className="flex flex-col gap-3 rounded-xl p-4 ring-1 ring-slate-200 dark:ring-slate-800"
      data-testid="agent-editor"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <TextField
        label={t("agentsPage.editor.name")}
        value={form.name}
        onChange={(e) => set({ name: e.target.value })}
        required
        maxLength={80}
        data-testid="agent-name"
      />
      <TextField
        label={t("agentsPage.editor.description")}
        value={form.description}
        onChange={(e) => set({ description: e.target.value })}
        maxLength={300}
      />
      <label className="text-sm font-medium">
        {t("agentsPage.editor.instructions")}
        <textarea
          className="mt-1 block w-full rounded-lg border border-slate-300 p-2 text-sm dark:border-slate-700 dark:bg-slate-900"
          value={form.instructions}
          onChange={(e) => set({ instructions: e.target.value })}
          required
          maxLength={8000}
          data-testid="agent-instructions"
        />
      </label>
      <TextField
        label={t("agentsPage.editor.model")}
        value={form.model}
        onChange={(e) => set({ model: e.target.value })}
        required
        maxLength={100}
      />
      <fieldset className="flex flex-wrap gap-3">
        <legend className="text-sm font-medium">
          {t("agentsPage.editor.tools")}
        </legend>
        {TOOLS.map((tool) => (
          <CheckboxField
            key={tool}
            label={t(`agentsPage.tool.${tool}`)}
            checked={(form.tools ?? []).includes(tool)}
            onChange={() =>
              set({ tools: toggle(form.tools, tool) as AgentInput["tools"] })
            }
          />
        ))}
      </fieldset>
      {(form.tools ?? []).includes("http_request") && (
        <TextField
          label={t("agentsPage.editor.allowed_hosts")}
          value={hosts}
          onChange={(e) => setHosts(e.target.value)}
          maxLength={2000}
          data-testid="agent-hosts"
        />
      )}
      {(bases.data ?? []).length > 0 && (
        <SelectField
          label={t("agentsPage.editor.bases")}
          multiple
          value={form.knowledge_base_ids ?? []}
          onChange={(e) =>
            set({
              knowledge_base_ids: Array.from(
                e.target.selectedOptions,
                (o) => o.value,
              ),
            })
          }
        >
          {(bases.data ?? []).map((base) => (
            <option key={base.base_id} value={base.base_id}>
              {base.name}
            </option>
          ))}
        </SelectField>
      )}
      {agent ? (
        <McpServers agent={agent} />
      ) : (
        <p className="text-xs text-slate-500">
          {t("agentsPage.mcp.save_first")}
        </p>
      )}
      <TextField
        label={t("agentsPage.editor.output_format")}
        value={form.output_format}
        onChange={(e) => set({ output_format: e.target.value })}
        maxLength={2000}
      />
      <TextField
        label={t("agentsPage.editor.definition_of_done")}
        value={form.definition_of_done}
        onChange={(e) => set({ definition_of_done: e.target.value })}
        maxLength={2000}
      />
      {save.error && <ProblemError error={save.error} />}
      <div className="flex gap-2">
        <Button type="submit" loading={save.isPending} data-testid="agent-save">
          {t("agentsPage.editor.save")}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t("agentsPage.editor.close")}
        </Button>
      </div>
    </form>
  );
}
