import { describe, expect, it } from "vitest";
import type { Assignment } from "./api";
import { planReducer } from "./plan";

const plan: Assignment[] = [
  { id: "ventes", agent_id: "ventes", task: "Offre", after: [] },
  {
    id: "marketing",
    agent_id: "marketing",
    task: "Campagne",
    after: ["ventes"],
  },
];

describe("planReducer", () => {
  it("edits one step's task", () => {
    expect(
      planReducer(plan, { type: "task", id: "ventes", task: "Offre PME" })[0]
        ?.task,
    ).toBe("Offre PME");
  });

  it("removes a step and every reference to it", () => {
    const next = planReducer(plan, { type: "remove", id: "ventes" });
    expect(next).toEqual([
      { id: "marketing", agent_id: "marketing", task: "Campagne", after: [] },
    ]);
  });

  it("adds a step with a free id", () => {
    const next = planReducer(plan, {
      type: "add",
      agentId: "ventes",
      task: "Relance",
    });
    expect(next[2]).toEqual({
      id: "ventes-2",
      agent_id: "ventes",
      task: "Relance",
      after: [],
    });
  });

  it("keeps only earlier steps as predecessors", () => {
    const next = planReducer(plan, {
      type: "after",
      id: "ventes",
      after: ["marketing"],
    });
    expect(next[0]?.after).toEqual([]);
  });
});
