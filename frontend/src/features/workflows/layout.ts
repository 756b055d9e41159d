// Automatic layout: dagre ranks the graph top to bottom.
import dagre from "@dagrejs/dagre";
import type { Graph } from "./api";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 72;

export function layout(graph: Graph): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of graph.edges) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const node of graph.nodes) {
    const placed = g.node(node.id) as { x: number; y: number };
    positions[node.id] = { x: placed.x - NODE_WIDTH / 2, y: placed.y - NODE_HEIGHT / 2 };
  }
  return positions;
}
