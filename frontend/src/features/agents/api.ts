// The agents API contract (webox.agents, webox.knowledge): every type from the generated OpenAPI schemas.
import { endpoint, type Schema } from "../../lib/api";

export type Agent = Schema<"AgentOut">;
export type Assignment = Schema<"Assignment">;
export type Run = Schema<"RunOut">;
export type RunSummary = Schema<"RunSummary">;
export type Metrics = Schema<"AgentMetrics">;
export type KnowledgeBase = Schema<"BaseOut">;
export type KnowledgeDocument = Schema<"DocumentOut">;
export type Step = Schema<"StepOut">;

export type AgentInput = Schema<"AgentIn">;

export const agentsApi = {
  list: () => endpoint("get", "/api/agents"),
  create: (body: AgentInput) => endpoint("post", "/api/agents", { body }),
  update: (agentId: string, body: AgentInput) =>
    endpoint("put", "/api/agents/{agent_id}", { path: { agent_id: agentId }, body }),
  duplicate: (agentId: string) =>
    endpoint("post", "/api/agents/{agent_id}/duplicate", { path: { agent_id: agentId } }),
  remove: (agentId: string) => endpoint("delete", "/api/agents/{agent_id}", { path: { agent_id: agentId } }),
  metrics: (agentId: string, days: number) =>
    endpoint("get", "/api/agents/{agent_id}/metrics", { path: { agent_id: agentId }, query: { days } }),
  runs: () => endpoint("get", "/api/agents/runs"),
  run: (runId: string) => endpoint("get", "/api/agents/runs/{run_id}", { path: { run_id: runId } }),
  createRun: (body: Schema<"RunCreate">) => endpoint("post", "/api/agents/runs", { body }),
  updatePlan: (runId: string, assignments: Assignment[]) =>
    endpoint("put", "/api/agents/runs/{run_id}/plan", { path: { run_id: runId }, body: { assignments } }),
  approvePlan: (runId: string) => endpoint("post", "/api/agents/runs/{run_id}/approve", { path: { run_id: runId } }),
  cancelRun: (runId: string) => endpoint("post", "/api/agents/runs/{run_id}/cancel", { path: { run_id: runId } }),
  decide: (taskId: string, stepId: string, decision: "approve" | "reject") =>
    endpoint("post", "/api/tasks/{task_id}/decision", {
      path: { task_id: taskId },
      body: { step_id: stepId, decision },
    }),
  bases: () => endpoint("get", "/api/agents/knowledge-bases"),
  createBase: (name: string) => endpoint("post", "/api/agents/knowledge-bases", { body: { name, description: "" } }),
  documents: (baseId: string) =>
    endpoint("get", "/api/agents/knowledge-bases/{base_id}/documents", { path: { base_id: baseId } }),
  async upload(baseId: string, file: File): Promise<KnowledgeDocument> {
    const form = await endpoint("post", "/api/agents/knowledge-bases/{base_id}/documents", {
      path: { base_id: baseId },
      body: { filename: file.name, size: file.size },
    });
    const body = new FormData();
    for (const [key, value] of Object.entries(form.fields)) body.append(key, String(value));
    body.append("file", file);
    const sent = await fetch(form.url, { method: "POST", body });
    if (!sent.ok) throw new Error(`upload failed (${sent.status})`);
    return endpoint("post", "/api/agents/knowledge-bases/{base_id}/documents/{document_id}/ingest", {
      path: { base_id: baseId, document_id: form.document.document_id },
    });
  },
};
