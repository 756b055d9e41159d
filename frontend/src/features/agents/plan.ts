// Editing a team's plan before approving it: pure state changes, unit-tested.
import type { Assignment } from "./api";

export type PlanAction =
  | { type: "reset"; assignments: Assignment[] }
  | { type: "task"; id: string; task: string }
  | { type: "after"; id: string; after: string[] }
  | { type: "remove"; id: string }
  | { type: "add"; agentId: string; task: string };

function freeId(assignments: Assignment[], agentId: string): string {
  const base =
    /^[a-z]/.test(agentId) && agentId.length <= 30
      ? agentId
      : `a${agentId.slice(0, 30)}`;
  const taken = new Set(assignments.map((a) => a.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

export function planReducer(
  state: Assignment[],
  action: PlanAction,
): Assignment[] {
  switch (action.type) {
    case "reset":
      return action.assignments;
    case "task":
      return state.map((a) =>
        a.id === action.id ? { ...a, task: action.task } : a,
      );
    case "after": {
      // A step may only follow earlier steps: the plan stays a graph without cycles.
      const earlier = new Set(
        state
          .slice(
            0,
            state.findIndex((a) => a.id === action.id),
          )
          .map((a) => a.id),
      );
      return state.map((a) =>
        a.id === action.id
          ? { ...a, after: action.after.filter((id) => earlier.has(id)) }
          : a,
      );
    }
    case "remove":
      return state
        .filter((a) => a.id !== action.id)
        .map((a) => ({
          ...a,
          after: (a.after ?? []).filter((id) => id !== action.id),
        }));
    case "add":
      return [
        ...state,
        {
          id: freeId(state, action.agentId),
          agent_id: action.agentId,
          task: action.task,
          after: [],
        },
      ];
  }
}
