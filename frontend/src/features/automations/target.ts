// What a trigger or a schedule starts, as the form holds it, and the target the API takes.
import type { Target } from "./api";

export type TargetKind = "prompt_mail" | "workflow" | "agent";

export interface TargetDraft {
  kind: TargetKind;
  prompt: string;
  workflowId: string;
  values: Record<string, string>;
  agentId: string;
  goal: string;
}

export const EMPTY_TARGET: TargetDraft = {
  kind: "prompt_mail",
  prompt: "",
  workflowId: "",
  values: {},
  agentId: "",
  goal: "",
};

/** The draft as the API's target, or null while a required choice or text is missing. Empty
 * variable mappings are left out (the workflow's defaults apply). */
export function toTarget(draft: TargetDraft, subject: string, lang: "fr" | "en"): Target | null {
  if (draft.kind === "workflow") {
    if (!draft.workflowId) return null;
    const values = Object.fromEntries(Object.entries(draft.values).filter(([, value]) => value.trim() !== ""));
    return { kind: "workflow", workflow_id: draft.workflowId, values };
  }
  if (draft.kind === "agent") {
    if (!draft.agentId || !draft.goal.trim()) return null;
    return {
      kind: "agent",
      agent_id: draft.agentId,
      goal: draft.goal.trim(),
      lang,
    };
  }
  if (!draft.prompt.trim()) return null;
  return {
    kind: "prompt_mail",
    prompt: draft.prompt,
    model: "gpt-4o-mini",
    subject: subject || null,
  };
}
