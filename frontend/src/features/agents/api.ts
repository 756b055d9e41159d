// The agents API contract (webox.agents, webox.knowledge): every type from the generated OpenAPI schemas.
import { endpoint, type Schema } from "../../lib/api";
import { listKnowledgeBases } from "../../lib/knowledgeBases";

export type Agent = Schema<"AgentOut">;
export type Assignment = Schema<"Assignment">;
export type Run = Schema<"RunOut">;
export type RunSummary = Schema<"RunSummary">;
export type Metrics = Schema<"AgentMetrics">;
export type KnowledgeBase = Schema<"BaseOut">;
export type KnowledgeDocument = Schema<"DocumentOut">;
export type Step = Schema<"StepOut">;

export type AgentInput = Schema<"AgentIn">;
export type McpServer = Schema<"McpServerOut">;
export type McpServerTools = Schema<"McpServerTools">;

export const agentsApi = {
  list: () => endpoint("get", "/api/agents"),
  create: (body: AgentInput) => endpoint("post", "/api/agents", { body }),
  update: (agentId: string, body: AgentInput) =>
    endpoint("put", "/api/agents/{agent_id}", {
      path: { agent_id: agentId },
      body,
    }),
  duplicate: (agentId: string) =>
    endpoint("post", "/api/agents/{agent_id}/duplicate", {
      path: { agent_id: agentId },
    }),
  remove: (agentId: string) =>
    endpoint("delete", "/api/agents/{agent_id}", {
      path: { agent_id: agentId },
    }),
  metrics: (agentId: string, days: number) =>
    endpoint("get", "/api/agents/{agent_id}/metrics", {
      path: { agent_id: agentId },
      query: { days },
    }),
  addMcpServer: (agentId: string, body: Schema<"McpServerIn">) =>
    endpoint("post", "/api/agents/{agent_id}/mcp-servers", {
      path: { agent_id: agentId },
      body,
    }),
  mcpTools: (agentId: string, serverId: string) =>
    endpoint("get", "/api/agents/{agent_id}/mcp-servers/{server_id}/tools", {
      path: { agent_id: agentId, server_id: serverId },
    }),
  allowMcpTools: (agentId: string, serverId: string, allowedTools: string[]) =>
    endpoint("put", "/api/agents/{agent_id}/mcp-servers/{server_id}", {
      path: { agent_id: agentId, server_id: serverId },
      body: { allowed_tools: allowedTools },
    }),
  removeMcpServer: (agentId: string, serverId: string) =>
    endpoint("delete", "/api/agents/{agent_id}/mcp-servers/{server_id}", {
      path: { agent_id: agentId, server_id: serverId },
    }),
  runs: () => endpoint("get", "/api/agents/runs"),
  run: (runId: string) =>
    endpoint("get", "/api/agents/runs/{run_id}", { path: { run_id: runId } }),
  createRun: (body: Schema<"RunCreate">) =>
    endpoint("post", "/api/agents/runs", { body }),
  updatePlan: (runId: string, assignments: Assignment[]) =>
    endpoint("put", "/api/agents/runs/{run_id}/plan", {
      path: { run_id: runId },
      body: { assignments },
    }),
  approvePlan: (runId: string) =>
    endpoint("post", "/api/agents/runs/{run_id}/approve", {
      path: { run_id: runId },
    }),
  cancelRun: (runId: string) =>
    endpoint("post", "/api/agents/runs/{run_id}/cancel", {
      path: { run_id: runId },
    }),
  decideToolCall: (
    runId: string,
    stepId: string,
    decision: "approve" | "reject",
  ) =>
    endpoint(
      "post",
      "/api/agents/runs/{run_id}/tool-calls/{step_id}/decision",
      {
        path: { run_id: runId, step_id: stepId },
        body: { decision },
      },
    ),
  readToolApproval: (token: string) =>
    endpoint("post", "/api/agents/approvals", { body: { token } }),
  decideToolApproval: (token: string, decision: "approve" | "reject") =>
    endpoint("post", "/api/agents/approvals/decision", {
      body: { token, decision },
    }),
  decide: (taskId: string, stepId: string, decision: "approve" | "reject") =>
    endpoint("post", "/api/tasks/{task_id}/decision", {
      path: { task_id: taskId },
      body: { step_id: stepId, decision },
    }),
  bases: listKnowledgeBases,
  createBase: (name: string) => endpoint("post", "/api/agents/knowledge-bases", { body: { name, description: "" } }),
  documents: (baseId: string) =>
    endpoint("get", "/api/agents/knowledge-bases/{base_id}/documents", {
      path: { base_id: baseId },
    }),
  async upload(baseId: string, file: File): Promise<KnowledgeDocument> {
    const form = await endpoint(
      "post",
      "/api/agents/knowledge-bases/{base_id}/documents",
      {
        path: { base_id: baseId },
        body: { filename: file.name, size: file.size },
      },
    );
    const body = new FormData();
    for (const [key, value] of Object.entries(form.fields))
      body.append(key, String(value));
    body.append("file", file);
    const sent = await fetch(form.url, { method: "POST", body });
    if (!sent.ok) throw new Error(`upload failed (${sent.status})`);
    return endpoint(
      "post",
      "/api/agents/knowledge-bases/{base_id}/documents/{document_id}/ingest",
      {
        path: { base_id: baseId, document_id: form.document.document_id },
      },
    );
  },
};
