// The workflows API contract (webox.workflows), typed from the generated OpenAPI schemas.
import type { ReportQueuePage, ReportReason } from "../../components/marketplace/reports";
import { endpoint, type RequestOptions, type Schema } from "../../lib/api";
import type { Language } from "../../i18n";

export type Workflow = Schema<"WorkflowOut">;
export type GraphNode = Schema<"WorkflowNode">;
export type GraphEdge = Schema<"WorkflowEdge">;
export type Variable = Schema<"Variable">;
/** A graph with its lists present (the API may leave empty ones out). */
export type Graph = Schema<"WorkflowGraph"> & { variables: Variable[]; edges: GraphEdge[]; allowed_hosts: string[] };

export function fullGraph(graph: Schema<"WorkflowGraph">): Graph {
  return { ...graph, variables: graph.variables ?? [], edges: graph.edges ?? [], allowed_hosts: graph.allowed_hosts ?? [] };
}
export type Problem = Schema<"GraphProblem">;
export type Run = Schema<"WorkflowRunOut">;
export type NodeRun = Schema<"WorkflowNodeRun">;
export type Estimate = Schema<"RunEstimate">;
export type MarketItem = Schema<"WorkflowMarketItem">;
export type BuiltinWorkflow = Schema<"BuiltinWorkflow">;
export type Values = Record<string, string | number | null>;

export const listWorkflows = () => endpoint("get", "/api/workflows", { query: { limit: 50 } });
export const getWorkflow = (id: string) => endpoint("get", "/api/workflows/{workflow_id}", { path: { workflow_id: id } });
export const createWorkflow = (title: string, graph: Graph, lang: Language) =>
  endpoint("post", "/api/workflows", { body: { title, graph, lang, description: "" } });
export const saveWorkflow = (workflow: Workflow, graph: Graph, title: string) =>
  endpoint("put", "/api/workflows/{workflow_id}", {
    path: { workflow_id: workflow.id },
    body: { title, description: workflow.description, lang: workflow.lang, graph, base_version: workflow.version },
  });
export const deleteWorkflow = (id: string) => endpoint("delete", "/api/workflows/{workflow_id}", { path: { workflow_id: id } });
export const validateGraph = (graph: Graph, signal?: AbortSignal) => endpoint("post", "/api/workflows/validate", { body: graph, signal });
export const listBuiltin = (lang: Language) => endpoint("get", "/api/workflows/builtin", { query: { lang } });
export const copyBuiltin = (slug: string, lang: Language) =>
  endpoint("post", "/api/workflows/builtin/{slug}/copy", { path: { slug }, query: { lang } });
export const estimateRun = (id: string, values: Values) =>
  endpoint("post", "/api/workflows/{workflow_id}/estimate", { path: { workflow_id: id }, body: { values } });
export const startRun = (id: string, values: Values, budget: number | null) =>
  endpoint("post", "/api/workflows/{workflow_id}/runs", {
    path: { workflow_id: id },
    body: { values, budget_micro_usd: budget },
  });
export const getRun = (runId: string) => endpoint("get", "/api/workflows/runs/{run_id}", { path: { run_id: runId } });
export const cancelRun = (runId: string) => endpoint("post", "/api/workflows/runs/{run_id}/cancel", { path: { run_id: runId } });
export const rerunFrom = (runId: string, node: string, output: string | null) =>
  endpoint("post", "/api/workflows/runs/{run_id}/rerun", { path: { run_id: runId }, body: { node, output } });
export const retryNode = (runId: string, node: string) =>
  endpoint("post", "/api/workflows/runs/{run_id}/retry", { path: { run_id: runId }, body: { node } });
export const decideStep = (runId: string, step: string, decision: "approve" | "reject", output: string | null) =>
  endpoint("post", "/api/workflows/runs/{run_id}/decision", {
    path: { run_id: runId },
    body: { step, decision, output },
  });
export const publishWorkflow = (id: string) => endpoint("post", "/api/workflows/{workflow_id}/publish", { path: { workflow_id: id } });
export const browseMarket = () => endpoint("get", "/api/workflows/market", { query: { limit: 50 } });
export const forkWorkflow = (id: string) => endpoint("post", "/api/workflows/market/{workflow_id}/fork", { path: { workflow_id: id } });
export const rateWorkflow = (id: string, stars: number) =>
  endpoint("put", "/api/workflows/market/{workflow_id}/rating", { path: { workflow_id: id }, body: { stars } });
export const reportWorkflow = (id: string, reason: ReportReason, details: string) =>
  endpoint("post", "/api/workflows/market/{workflow_id}/report", { path: { workflow_id: id }, body: { reason, details } });
export const adminUnpublish = (id: string, reason: string) =>
  endpoint("post", "/api/workflows/market/{workflow_id}/admin-unpublish", { path: { workflow_id: id }, body: { reason } });
/** Open reports on marketplace workflows (administrators), in the marketplaces' shared queue shape. */
export async function listReports(cursor: string | null, options?: RequestOptions): Promise<ReportQueuePage> {
  const page = await endpoint("get", "/api/workflows/admin/reports", { query: { cursor }, signal: options?.signal });
  return {
    next_cursor: page.next_cursor,
    items: page.items.map((report) => ({
      itemId: report.workflow_id,
      title: report.workflow_title,
      reporterId: report.reporter_id,
      reason: report.reason,
      details: report.details,
      createdAt: report.created_at,
    })),
  };
}
export const exportWorkflow = (id: string) => endpoint("get", "/api/workflows/{workflow_id}/export", { path: { workflow_id: id } });
export type ExportDoc = Schema<"WorkflowExport">;
export const importWorkflow = (doc: ExportDoc) => endpoint("post", "/api/workflows/import", { body: doc });

// What the nodes and the run form pick from: the caller's agents, knowledge bases and library files.
export const listAgents = (lang: Language) => endpoint("get", "/api/agents", { query: { lang } });
export { listKnowledgeBases as listBases } from "../../lib/knowledgeBases";
