// Which node a step of a run belongs to, and each node's status on the canvas.
import type { TaskDetail } from "../../lib/taskFrames";

/** `draft-m2` is a model of the multi-model node `draft`; `loop-i3` an iteration of `loop`. */
export function nodeOf(stepId: string): string {
  return stepId.split("-", 1)[0] ?? stepId;
}

const RANK = ["failed", "waiting_approval", "running", "pending", "succeeded", "skipped", "cancelled"];

/** Each node's status: its most telling step's (a failure or a wait shows before a success). */
export function nodeStatuses(task: TaskDetail | null): Record<string, string> {
  const found: Record<string, string> = {};
  for (const step of task?.steps ?? []) {
    const node = nodeOf(step.step_id);
    const current = found[node];
    if (!current || RANK.indexOf(step.status) < RANK.indexOf(current)) found[node] = step.status;
  }
  return found;
}

/** A node's output as text: its `text`, else its JSON. */
export function outputText(output: unknown): string {
  if (output && typeof output === "object" && "text" in output && typeof output.text === "string") return output.text;
  return output == null ? "" : JSON.stringify(output, null, 2);
}
