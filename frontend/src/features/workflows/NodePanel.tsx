// The side panel: edit the selected node (name, settings, outgoing links) — keyboard reachable, as
// everything the canvas does with a mouse can also be done here.
import { useState } from "react";
import { Button } from "../../components/Button";
import { CheckboxField, SelectField, TextField } from "../../components/Field";
import { Textarea } from "../../components/Input";
import { ModelPicker } from "../../components/models/ModelPicker";
import { useI18n } from "../../i18n";
import { useModels } from "../../lib/models";
import type { Graph, GraphNode } from "./api";
import { references, type BuilderAction, type NodeType } from "./builder";
import { PipedreamFields } from "./PipedreamFields";
import { AgentPicker, BasesPicker } from "./ResourcePickers";

const OPERATORS = ["contains", "equals", "not_empty", "greater_than", "less_than", "model_yes"] as const;

interface Props {
  graph: Graph;
  node: GraphNode;
  dispatch: (action: BuilderAction) => void;
}

type Config = Record<string, unknown>;

export function NodePanel({ graph, node, dispatch }: Props) {
  const { t } = useI18n();
  const { models, byId, query } = useModels();
  const [picking, setPicking] = useState(false);
  const config = node.config as Config;
  const set = (changes: Config) => dispatch({ type: "update", id: node.id, node: { config: { ...config, ...changes } } });
  const text = (key: string) => {
    const value = config[key]; return typeof value === "string" ? value : ""; };
  const nodeType = node.type as NodeType;
  const refs = references(graph, node.id);
  const others = graph.nodes.filter((other) => other.id !== node.id && other.type !== "input");
  const outgoing = graph.edges.filter((edge) => edge.source === node.id);

  const modelSelect = (key: string, label: string) => (
    <SelectField label={label} data-testid={`node-${key}`} value={text(key)} onChange={(event) => set({ [key]: event.target.value })}>
      <option value="" />
      {models.filter((model) => model.available).map((model) => (
        <option key={model.id} value={model.id}>
          {model.display_name}
        </option>
      ))}
    </SelectField>
  );
  const templateField = (key: string, label: string) => (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      <Textarea rows={5} data-testid={`node-${key}`} value={text(key)} onChange={(event) => set({ [key]: event.target.value })} aria-label={label} />
      {refs.length > 0 && (
        <span className="mt-1 flex flex-wrap gap-1 text-xs">
          {t("workflows.insert")}
          {refs.map((ref) => (
            <button
              key={ref}
              type="button"
              className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-700"
              onClick={() => set({ [key]: `${text(key)}{{${ref}}}` })}
            >
              {`{{${ref}}}`}
            </button>
          ))}
        </span>
      )}
    </label>
  );

  return (
    <div className="space-y-3" data-testid="node-panel">
      <div className="font-mono text-xs text-slate-500">{t("workflows.node_id", { ref: `{{${node.id}}}` })}: {node.id}</div>
      <TextField label={t("workflows.label")} value={node.label} onChange={(event) => dispatch({ type: "update", id: node.id, node: { label: event.target.value } })} />

      {(nodeType === "prompt" || nodeType === "extract" || nodeType === "foreach") && modelSelect("model", t("workflows.model"))}
      {nodeType === "multi" && (
        <div className="text-sm">
          <div className="font-medium">{t("workflows.models")}</div>
          <div className="my-1 text-xs">{((config.models as string[] | undefined) ?? []).map((id) => byId.get(id)?.display_name ?? id).join(", ")}</div>
          <Button variant="secondary" onClick={() => setPicking(!picking)}>
            {t("workflows.models")}
          </Button>
          {picking && (
            <ModelPicker
              models={models}
              byId={byId}
              loading={query.isLoading}
              error={query.error}
              selected={(config.models as string[] | undefined) ?? []}
              onChange={(selected) => set({ models: selected.slice(0, 6) })}
              onClose={() => setPicking(false)}
            />
          )}
          {modelSelect("judge", t("workflows.judge"))}
        </div>
      )}
      {(nodeType === "prompt" || nodeType === "multi" || nodeType === "extract" || nodeType === "foreach") &&
        templateField("template", t("workflows.template"))}
      {nodeType === "output" && (
        <>
          {templateField("template", t("workflows.template"))}
          <SelectField
            label={t("workflows.destination")}
            data-testid="node-destination"
            value={text("destination") || "result"}
            onChange={(event) => set({ destination: event.target.value })}
          >
            <option value="result">{t("workflows.destinations.result")}</option>
            <option value="library">{t("workflows.destinations.library")}</option>
            <option value="blog_draft">{t("workflows.destinations.blog_draft")}</option>
          </SelectField>
          {config.destination === "blog_draft" && templateField("title", t("workflows.draft_title"))}
          {config.destination === "library" && templateField("title", t("workflows.document_title"))}
        </>
      )}
      {nodeType === "knowledge" && (
        <>
          <BasesPicker selected={(config.bases as string[] | undefined) ?? []} onChange={(bases) => set({ bases })} />
          {templateField("query", t("workflows.query"))}
          <TextField
            type="number"
            label={t("workflows.top_k")}
            min={1}
            max={10}
            value={typeof config.top_k === "number" ? String(config.top_k) : "4"}
            onChange={(event) => set({ top_k: Number(event.target.value) })}
          />
        </>
      )}
      {nodeType === "agent" && (
        <>
          <AgentPicker value={text("agent_id")} onChange={(agentId) => set({ agent_id: agentId })} />
          {templateField("template", t("workflows.agent_task"))}
        </>
      )}
      {nodeType === "foreach" && (
        <>
          {templateField("items", t("workflows.items"))}
          <TextField
            type="number"
            label={t("workflows.max_iterations")}
            min={1}
            max={50}
            value={typeof config.max_iterations === "number" ? String(config.max_iterations) : "10"}
            onChange={(event) => set({ max_iterations: Number(event.target.value) })}
          />
          <CheckboxField label={t("workflows.approve_each")} checked={config.approve_each === true} onChange={(event) => set({ approve_each: event.target.checked })} />
        </>
      )}
      {nodeType === "extract" && (
        <label className="block text-sm">
          <span className="font-medium">{t("workflows.fields")}</span>
          <Textarea
            rows={3}
            value={((config.fields as { name: string; type: string }[] | undefined) ?? []).map((f) => `${f.name}:${f.type}`).join("\n")}
            onChange={(event) =>
              set({
                fields: event.target.value
                  .split("\n")
                  .filter((line) => line.trim())
                  .map((line) => {
                    const [name = "", type] = line.split(":");
                    return { name: name.trim(), type: (type ?? "string").trim(), description: "" };
                  }),
              })
            }
          />
        </label>
      )}
      {nodeType === "condition" && (
        <>
          {templateField("value", t("workflows.value"))}
          <SelectField label={t("workflows.operator")} value={text("operator")} onChange={(event) => set({ operator: event.target.value })}>
            {OPERATORS.map((op) => (
              <option key={op} value={op}>
                {t(`workflows.operators.${op}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t("workflows.operand")} value={text("operand")} onChange={(event) => set({ operand: event.target.value })} />
          {config.operator === "model_yes" && modelSelect("model", t("workflows.model"))}
        </>
      )}
      {nodeType === "http" && (
        <>
          <SelectField label={t("workflows.method")} value={text("method")} onChange={(event) => set({ method: event.target.value })}>
            {["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => (
              <option key={method}>{method}</option>
            ))}
          </SelectField>
          {templateField("url", t("workflows.url"))}
          {templateField("body", t("workflows.body"))}
        </>
      )}
      {nodeType === "approval" && templateField("instructions", t("workflows.instructions"))}
      {nodeType === "pipedream" && <PipedreamFields config={config} set={set} refs={refs} />}

      <div className="text-sm">
        <div className="font-medium">{t("workflows.edges")}</div>
        <ul className="my-1 space-y-1">
          {outgoing.map((edge) => (
            <li key={edge.target} className="flex items-center justify-between gap-2">
              <span className="font-mono text-xs">
                → {edge.target}
                {edge.branch ? ` (${t(edge.branch === "true" ? "workflows.branch_true" : "workflows.branch_false")})` : ""}
              </span>
              <button type="button" className="text-xs text-red-600" onClick={() => dispatch({ type: "disconnect", source: node.id, target: edge.target })}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <ConnectSelect node={node} others={others.map((o) => o.id)} dispatch={dispatch} />
      </div>
      {nodeType !== "input" && (
        <Button variant="danger" onClick={() => dispatch({ type: "remove", id: node.id })}>
          {t("workflows.delete_node")}
        </Button>
      )}
    </div>
  );
}

function ConnectSelect({ node, others, dispatch }: { node: GraphNode; others: string[]; dispatch: Props["dispatch"] }) {
  const { t } = useI18n();
  const [branch, setBranch] = useState<"true" | "false">("true");
  return (
    <div className="flex gap-2">
      {node.type === "condition" && (
        <select aria-label={t("workflows.branch")} className="rounded border px-1 text-sm" value={branch} onChange={(event) => setBranch(event.target.value as "true" | "false")}>
          <option value="true">{t("workflows.branch_true")}</option>
          <option value="false">{t("workflows.branch_false")}</option>
        </select>
      )}
      <select
        data-testid="node-connect"
        aria-label={t("workflows.connect_to")}
        className="flex-1 rounded border px-1 text-sm dark:bg-slate-800"
        value=""
        onChange={(event) => {
          if (event.target.value)
            dispatch({ type: "connect", source: node.id, target: event.target.value, branch: node.type === "condition" ? branch : null });
        }}
      >
        <option value="">{t("workflows.connect_to")}</option>
        {others.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </div>
  );
}
