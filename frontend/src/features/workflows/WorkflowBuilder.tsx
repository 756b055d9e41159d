// The builder: the graph on a canvas (@xyflow/react) with automatic layout, a palette, a side panel
// for the selected node, problems shown on their nodes, undo/redo, and the run view lighting nodes
// up as the run's task frames arrive.
import {
  Background,
  Controls,
  ReactFlow,
  type Connection,
  type Edge,
  type NodeChange,
  type EdgeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import { Alert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { describeError } from "../../lib/problem";
import { useLiveTask } from "../../lib/useLiveTask";
import { useModels } from "../../lib/models";
import { exportWorkflow, fullGraph, publishWorkflow, saveWorkflow, validateGraph, type Problem, type Workflow } from "./api";
import { NODE_TYPES, builderReducer, initialBuilder } from "./builder";
import { layout } from "./layout";
import { NodePanel } from "./NodePanel";
import { RunPanel } from "./RunPanel";
import { VariablesEditor } from "./VariablesEditor";
import { nodeStatuses } from "./runView";
import { WorkflowNodeView, type CanvasNode } from "./WorkflowNode";

const NODE_VIEWS = { workflow: WorkflowNodeView };

interface Props {
  workflow: Workflow;
  onSaved: (workflow: Workflow) => void;
}

export function WorkflowBuilder({ workflow, onSaved }: Props) {
  const { t } = useI18n();
  const { models } = useModels();
  const [state, dispatch] = useReducer(builderReducer, fullGraph(workflow.graph), initialBuilder);
  const [title, setTitle] = useState(workflow.title);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const live = useLiveTask(runId);
  const { graph } = state;
  const firstModel = models.find((model) => model.available)?.id ?? "gpt-4o-mini";

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      validateGraph(graph, controller.signal)
        .then((found) => setProblems(found.problems))
        .catch(() => undefined);
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [graph]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return;
      if (event.target instanceof HTMLElement && event.target.closest("input, textarea, select")) return;
      event.preventDefault();
      dispatch({ type: event.shiftKey ? "redo" : "undo" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const statuses = useMemo(() => nodeStatuses(live.task), [live.task]);
  const nodes: CanvasNode[] = useMemo(
    () =>
      graph.nodes.map((node, index) => ({
        id: node.id,
        type: "workflow",
        position: node.position ?? { x: 0, y: index * 110 },
        selected: state.selected === node.id,
        data: {
          nodeType: node.type as CanvasNode["data"]["nodeType"],
          label: node.label,
          status: statuses[node.id] ?? null,
          problems: problems.filter((p) => p.node === node.id).map((p) => p.message),
        },
      })),
    [graph.nodes, state.selected, statuses, problems],
  );
  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((edge) => ({
        id: `${edge.source}->${edge.target}`,
        source: edge.source,
        target: edge.target,
        label: edge.branch ? t(edge.branch === "true" ? "workflows.branch_true" : "workflows.branch_false") : undefined,
      })),
    [graph.edges, t],
  );

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const positions: Record<string, { x: number; y: number }> = {};
    for (const change of changes) {
      if (change.type === "position" && change.position) positions[change.id] = change.position;
      if (change.type === "select" && change.selected) dispatch({ type: "select", id: change.id });
      if (change.type === "remove") dispatch({ type: "remove", id: change.id });
    }
    if (Object.keys(positions).length) dispatch({ type: "move", positions });
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type === "remove") {
        const [source = "", target = ""] = change.id.split("->");
        dispatch({ type: "disconnect", source, target });
      }
    }
  }, []);
  const onConnect = useCallback(
    (connection: Connection) => {
      const fromCondition = graph.nodes.find((node) => node.id === connection.source)?.type === "condition";
      const taken = graph.edges.filter((edge) => edge.source === connection.source).map((edge) => edge.branch);
      dispatch({
        type: "connect",
        source: connection.source,
        target: connection.target,
        branch: fromCondition ? (taken.includes("true") ? "false" : "true") : null,
      });
    },
    [graph],
  );

  const run = async (action: () => Promise<void>) => {
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      setMessage({ tone: "error", text: describeError(caught, t).message });
    }
  };
  const save = () =>
    run(async () => {
      const saved = await saveWorkflow(workflow, graph, title);
      // The server's copy (defaults filled in) becomes what later edits are compared with.
      dispatch({ type: "load", graph: fullGraph(saved.graph) });
      onSaved(saved);
      setMessage({ tone: "success", text: t("workflows.saved", { version: saved.version }) });
    });
  const download = () =>
    run(async () => {
      const doc = await exportWorkflow(workflow.id);
      const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `${workflow.title}.webox-workflow.json`;
      link.click();
      URL.revokeObjectURL(url);
    });
  const selected = graph.nodes.find((node) => node.id === state.selected) ?? null;
  const dirty = JSON.stringify(graph) !== JSON.stringify(fullGraph(workflow.graph)) || title !== workflow.title;

  return (
    <div className="flex h-[calc(100vh-10rem)] min-h-[560px] gap-3">
      <aside className="w-44 shrink-0 space-y-1 overflow-y-auto" aria-label={t("workflows.palette")}>
        <h2 className="text-sm font-semibold">{t("workflows.palette")}</h2>
        {NODE_TYPES.filter((type) => type !== "input").map((type) => (
          <Button key={type} data-testid={`palette-${type}`} variant="secondary" className="w-full justify-start" onClick={() => dispatch({ type: "add", nodeType: type, model: firstModel })}>
            + {t(`workflows.types.${type}`)}
          </Button>
        ))}
      </aside>
      <section className="flex min-w-0 flex-1 flex-col gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <input
            aria-label={t("workflows.title_label")}
            className="min-w-48 flex-1 rounded border px-2 py-1 text-lg font-semibold dark:bg-slate-800"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
          <Button variant="ghost" onClick={() => dispatch({ type: "undo" })} disabled={!state.past.length} aria-keyshortcuts="Control+Z">
            {t("workflows.undo")}
          </Button>
          <Button variant="ghost" onClick={() => dispatch({ type: "redo" })} disabled={!state.future.length} aria-keyshortcuts="Control+Shift+Z">
            {t("workflows.redo")}
          </Button>
          <Button variant="ghost" onClick={() => dispatch({ type: "move", positions: layout(graph) })}>
            {t("workflows.layout")}
          </Button>
          <Button variant="secondary" onClick={download}>
            {t("workflows.export")}
          </Button>
          <Button
            data-testid="workflow-publish"
            variant="secondary"
            disabled={dirty || problems.length > 0}
            onClick={() => run(async () => {
              await publishWorkflow(workflow.id);
              setMessage({ tone: "success", text: t("workflows.published") });
            })}
          >
            {t("workflows.publish")}
          </Button>
          <Button data-testid="workflow-save" onClick={save} disabled={!dirty}>
            {t("workflows.save")}
          </Button>
        </div>
        <p className={`text-sm ${problems.length ? "text-red-600" : "text-emerald-700"}`} data-testid="validation">
          {problems.length ? t("workflows.problems", { count: problems.length }) : t("workflows.valid")}
        </p>
        {problems.filter((p) => !p.node).map((p) => (
          <Alert key={p.message} tone="error">{p.message}</Alert>
        ))}
        {message && <Alert tone={message.tone}>{message.text}</Alert>}
        <div className="min-h-0 flex-1 rounded-lg border border-slate-200 dark:border-slate-700" data-testid="canvas">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_VIEWS}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onPaneClick={() => dispatch({ type: "select", id: null })}
            fitView
            deleteKeyCode={["Delete", "Backspace"]}
          >
            <Background />
            <Controls />
          </ReactFlow>
        </div>
      </section>
      <aside className="w-80 shrink-0 space-y-6 overflow-y-auto">
        {selected ? (
          <NodePanel key={selected.id} graph={graph} node={selected} dispatch={dispatch} />
        ) : (
          <VariablesEditor variables={graph.variables} onChange={(variables) => dispatch({ type: "variables", variables })} />
        )}
        <RunPanel workflow={workflow} live={live} onStarted={setRunId} />
      </aside>
    </div>
  );
}
