import { describe, expect, it } from "vitest";
import { EMPTY_GRAPH, builderReducer, initialBuilder, newNodeId, references } from "./builder";
import { nodeOf, nodeStatuses } from "./runView";
import { formatVariables, parseVariables } from "./variables";
import type { TaskDetail } from "../../lib/taskFrames";

const start = () => initialBuilder(EMPTY_GRAPH);

describe("builderReducer", () => {
  it("adds a node with a fresh id, selects it, and links it", () => {
    let state = builderReducer(start(), { type: "add", nodeType: "prompt", model: "gpt-4o-mini" });
    state = builderReducer(state, { type: "add", nodeType: "prompt", model: "gpt-4o-mini" });
    expect(state.graph.nodes.map((node) => node.id)).toEqual(["input", "prompt", "prompt_2"]);
    expect(state.selected).toBe("prompt_2");
    expect(state.graph.nodes[1]?.config).toEqual({ model: "gpt-4o-mini", template: "" });
    state = builderReducer(state, { type: "connect", source: "input", target: "prompt" });
    state = builderReducer(state, { type: "connect", source: "input", target: "prompt" });
    expect(state.graph.edges).toEqual([{ source: "input", target: "prompt", branch: null }]);
  });

  it("undoes and redoes edits, and a new edit clears what could be redone", () => {
    let state = builderReducer(start(), { type: "add", nodeType: "output", model: "m" });
    state = builderReducer(state, { type: "update", id: "output", node: { label: "Fin" } });
    state = builderReducer(state, { type: "undo" });
    expect(state.graph.nodes[1]?.label).toBe("");
    state = builderReducer(state, { type: "redo" });
    expect(state.graph.nodes[1]?.label).toBe("Fin");
    state = builderReducer(state, { type: "undo" });
    state = builderReducer(state, { type: "remove", id: "output" });
    expect(state.future).toEqual([]);
    expect(state.graph.nodes).toHaveLength(1);
  });

  it("removing a node removes its edges; moving is not an undo step", () => {
    let state = builderReducer(start(), { type: "add", nodeType: "prompt", model: "m" });
    state = builderReducer(state, { type: "connect", source: "input", target: "prompt" });
    const past = state.past.length;
    state = builderReducer(state, { type: "move", positions: { prompt: { x: 5, y: 6 } } });
    expect(state.past).toHaveLength(past);
    state = builderReducer(state, { type: "remove", id: "prompt" });
    expect(state.graph.edges).toEqual([]);
  });
});

describe("helpers", () => {
  it("offers the variables and the earlier nodes as references", () => {
    let state = builderReducer(start(), { type: "add", nodeType: "prompt", model: "m" });
    state = builderReducer(state, { type: "add", nodeType: "output", model: "m" });
    state = builderReducer(state, { type: "connect", source: "input", target: "prompt" });
    state = builderReducer(state, { type: "connect", source: "prompt", target: "output" });
    expect(references(state.graph, "output")).toEqual(["sujet", "prompt"]);
    expect(references(state.graph, "prompt")).toEqual(["sujet"]);
    expect(newNodeId(state.graph, "merge")).toBe("merge");
  });

  it("reads variables back as it writes them", () => {
    const variables = parseVariables("sujet:text:Sujet\nton:choice:Ton:amical|pro\n\nmots:number");
    expect(variables.map((v) => [v.name, v.type, v.label])).toEqual([
      ["sujet", "text", "Sujet"],
      ["ton", "choice", "Ton"],
      ["mots", "number", "mots"],
    ]);
    expect(variables[1]?.choices).toEqual(["amical", "pro"]);
    expect(parseVariables(formatVariables(variables))).toEqual(variables);
  });

  it("maps steps to nodes, a failure or a wait showing before a success", () => {
    expect(nodeOf("draft-m2")).toBe("draft");
    const step = (step_id: string, status: string) => ({ step_id, status });
    const task = { steps: [step("draft-m1", "succeeded"), step("draft-m2", "failed"), step("draft", "pending"), step("loop-i1", "waiting_approval")] };
    expect(nodeStatuses(task as unknown as TaskDetail)).toEqual({ draft: "failed", loop: "waiting_approval" });
  });
});
