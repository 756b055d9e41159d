// One node on the canvas: its type, name and id; its run status and its problems light it up.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { useI18n } from "../../i18n";
import type { NodeType } from "./builder";

export interface NodeData extends Record<string, unknown> {
  nodeType: NodeType;
  label: string;
  status: string | null;
  problems: string[];
}

export type CanvasNode = Node<NodeData, "workflow">;

const STATUS_RING: Record<string, string> = {
  running: "ring-2 ring-indigo-500 animate-pulse",
  succeeded: "ring-2 ring-emerald-500",
  failed: "ring-2 ring-red-500",
  waiting_approval: "ring-2 ring-amber-500",
  skipped: "opacity-50",
  cancelled: "opacity-50",
};

export function WorkflowNodeView({ id, data, selected }: NodeProps<CanvasNode>) {
  const { t } = useI18n();
  const ring = data.problems.length
    ? "ring-2 ring-red-500"
    : data.status
      ? (STATUS_RING[data.status] ?? "")
      : selected
        ? "ring-2 ring-indigo-400"
        : "";
  return (
    <div
      className={`w-[220px] rounded-lg border border-slate-300 bg-white px-3 py-2 text-left text-sm shadow-sm dark:border-slate-600 dark:bg-slate-800 ${ring}`}
      data-testid={`node-${id}`}
      data-status={data.status ?? ""}
      data-invalid={data.problems.length > 0 || undefined}
      title={data.problems.join("\n") || undefined}
    >
      {data.nodeType !== "input" && <Handle type="target" position={Position.Top} />}
      <div className="text-xs font-medium uppercase text-slate-500">{t(`workflows.types.${data.nodeType}`)}</div>
      <div className="truncate font-semibold">{data.label || id}</div>
      <div className="truncate font-mono text-xs text-slate-500">{`{{${id}}}`}</div>
      {data.problems.length > 0 && <div className="mt-1 truncate text-xs text-red-600">{data.problems[0]}</div>}
      {data.nodeType !== "output" && <Handle type="source" position={Position.Bottom} />}
    </div>
  );
}
