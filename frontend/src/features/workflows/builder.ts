// The builder's state as a pure reducer: the graph being edited, with undo and redo.
import type { Graph, GraphEdge, GraphNode } from "./api";

export const NODE_TYPES = [
  "input",
  "prompt",
  "multi",
  "condition",
  "foreach",
  "extract",
  "knowledge",
  "agent",
  "http",
  "pipedream",
  "approval",
  "merge",
  "output",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const HISTORY_LIMIT = 100;

export interface BuilderState {
  graph: Graph;
  past: Graph[];
  future: Graph[];
  selected: string | null;
}

export type BuilderAction =
  | { type: "load"; graph: Graph }
  | { type: "add"; nodeType: NodeType; model: string }
  | { type: "update"; id: string; node: Partial<GraphNode> }
  | { type: "remove"; id: string }
  | { type: "connect"; source: string; target: string; branch?: "true" | "false" | null }
  | { type: "disconnect"; source: string; target: string }
  | { type: "move"; positions: Record<string, { x: number; y: number }> }
  | { type: "select"; id: string | null }
  | { type: "variables"; variables: Graph["variables"] }
  | { type: "undo" }
  | { type: "redo" };

export const EMPTY_GRAPH: Graph = {
  variables: [{ name: "sujet", label: "Sujet", type: "text", required: true }],
  nodes: [{ id: "input", type: "input", label: "Input", config: {} }],
  edges: [],
  allowed_hosts: [],
};

export function initialBuilder(graph: Graph = EMPTY_GRAPH): BuilderState {
  return { graph, past: [], future: [], selected: null };
}

/** A fresh node id for a type: `prompt`, then `prompt_2`, `prompt_3`… */
export function newNodeId(graph: Graph, nodeType: string): string {
  const taken = new Set(graph.nodes.map((node) => node.id));
  if (!taken.has(nodeType)) return nodeType;
  let n = 2;
  while (taken.has(`${nodeType}_${n}`)) n += 1;
  return `${nodeType}_${n}`;
}

/** A new node's settings: what the server needs to accept it (the user fills in the rest). */
export function defaultConfig(nodeType: NodeType, model: string): Record<string, unknown> {
  switch (nodeType) {
    case "prompt":
      return { model, template: "" };
    case "multi":
      return { models: [model], template: "" };
    case "condition":
      return { value: "", operator: "contains", operand: "" };
    case "foreach":
      return { items: "", model, template: "{{item}}", max_iterations: 10 };
    case "extract":
      return { model, template: "", fields: [{ name: "titre", type: "string", description: "" }] };
    case "http":
      return { method: "GET", url: "https://" };
    case "knowledge":
      return { bases: [], query: "", top_k: 4 };
    case "agent":
      return { agent_id: "", template: "" };
    case "pipedream":
      return { component_key: "", account_id: "", props: {} };
    case "output":
      return { template: "", format: "markdown" };
    default:
      return {};
  }
}

function commit(state: BuilderState, graph: Graph, selected = state.selected): BuilderState {
  return { graph, past: [...state.past, state.graph].slice(-HISTORY_LIMIT), future: [], selected };
}

function lowest(graph: Graph): number {
  return Math.max(0, ...graph.nodes.map((node) => node.position?.y ?? 0));
}

export function builderReducer(state: BuilderState, action: BuilderAction): BuilderState {
  const { graph } = state;
  switch (action.type) {
    case "load":
      return initialBuilder(action.graph);
    case "add": {
      const id = newNodeId(graph, action.nodeType);
      const node: GraphNode = {
        id,
        type: action.nodeType,
        label: "",
        config: defaultConfig(action.nodeType, action.model),
        position: { x: 0, y: lowest(graph) + 120 },
      };
      return commit(state, { ...graph, nodes: [...graph.nodes, node] }, id);
    }
    case "update":
      return commit(state, {
        ...graph,
        nodes: graph.nodes.map((node) => (node.id === action.id ? { ...node, ...action.node } : node)),
      });
    case "remove":
      return commit(
        state,
        {
          ...graph,
          nodes: graph.nodes.filter((node) => node.id !== action.id),
          edges: graph.edges.filter((edge) => edge.source !== action.id && edge.target !== action.id),
        },
        state.selected === action.id ? null : state.selected,
      );
    case "connect": {
      if (action.source === action.target) return state;
      const exists = graph.edges.some((edge) => edge.source === action.source && edge.target === action.target);
      if (exists) return state;
      const edge: GraphEdge = { source: action.source, target: action.target, branch: action.branch ?? null };
      return commit(state, { ...graph, edges: [...graph.edges, edge] });
    }
    case "disconnect":
      return commit(state, {
        ...graph,
        edges: graph.edges.filter((edge) => !(edge.source === action.source && edge.target === action.target)),
      });
    case "move":
      // Dragging is not an edit worth undoing one pixel at a time: positions change in place.
      return {
        ...state,
        graph: {
          ...graph,
          nodes: graph.nodes.map((node) =>
            action.positions[node.id] ? { ...node, position: action.positions[node.id] } : node,
          ),
        },
      };
    case "select":
      return { ...state, selected: action.id };
    case "variables":
      return commit(state, { ...graph, variables: action.variables });
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { ...state, graph: previous, past: state.past.slice(0, -1), future: [graph, ...state.future] };
    }
    case "redo": {
      const next = state.future[0];
      if (!next) return state;
      return { ...state, graph: next, past: [...state.past, graph], future: state.future.slice(1) };
    }
  }
}

/** The variables and earlier nodes a template may name, as `{{…}}` snippets. */
export function references(graph: Graph, nodeId: string): string[] {
  const before = new Set<string>();
  const stack = graph.edges.filter((edge) => edge.target === nodeId).map((edge) => edge.source);
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (before.has(current)) continue;
    before.add(current);
    stack.push(...graph.edges.filter((edge) => edge.target === current).map((edge) => edge.source));
  }
  return [...graph.variables.map((v) => v.name), ...graph.nodes.filter((n) => before.has(n.id) && n.type !== "input").map((n) => n.id)];
}
