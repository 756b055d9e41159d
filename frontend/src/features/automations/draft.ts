// The generator's output (its task's one step), read defensively: a task's output is untyped JSON.

export interface DraftStep {
  kind: "prompt" | "action";
  prompt?: string | null;
  component_key?: string | null;
  props?: Record<string, unknown>;
}

export interface Draft {
  title: string;
  starts_on: "trigger" | "schedule" | "manual";
  trigger: { component_key: string; props: Record<string, unknown> } | null;
  schedule: { every: "day" | "weekday" | "once"; time: string; date: string | null } | null;
  steps: DraftStep[];
  save_to: "result" | "library" | "blog_draft";
}

export interface DraftOutput {
  accepted: boolean;
  draft: Draft | null;
  problems: { where: string; message: string }[];
  apps: string[];
  unsupported: string | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function isDraft(value: unknown): value is Draft {
  return isObject(value) && typeof value.title === "string" && typeof value.starts_on === "string" && Array.isArray(value.steps);
}

/** The draft output in a task step's output, or null when it is not one. */
export function draftOutput(output: Record<string, unknown>): DraftOutput | null {
  if (typeof output.accepted !== "boolean") return null;
  const problems = Array.isArray(output.problems)
    ? output.problems.filter(
        (p): p is { where: string; message: string } => isObject(p) && typeof p.where === "string" && typeof p.message === "string",
      )
    : [];
  return {
    accepted: output.accepted,
    draft: isDraft(output.draft) ? output.draft : null,
    problems,
    apps: Array.isArray(output.apps) ? output.apps.filter((app): app is string => typeof app === "string") : [],
    unsupported: typeof output.unsupported === "string" ? output.unsupported : null,
  };
}

/** A prop's value as the draft shows it. */
export function propText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
