// The `/workflow` command of the composer: what the draft asks for, and the workflows it offers.
import { endpoint, type Schema } from "../../lib/api";
import type { Language } from "../../i18n";

export const COMMAND = "/workflow";

/** A workflow the command offers: one of the user's, or a built-in one (copied on first run). */
export interface WorkflowChoice {
  source: "own" | "builtin";
  /** The workflow's id, or the built-in's slug. */
  id: string;
  title: string;
  variables: Schema<"Variable">[];
}

/** The search after `/workflow` when the draft is the command (or the start of it), else null. */
export function parseWorkflowCommand(draft: string): string | null {
  const text = draft.trimStart();
  if (text.length >= 2 && !/\s/.test(text) && COMMAND.startsWith(text.toLowerCase())) return "";
  const match = /^\/workflow(?:\s+([\s\S]*))?$/i.exec(text);
  return match ? (match[1] ?? "").trim() : null;
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/** The choices whose title holds every word of the search (accents and case ignored), own ones first. */
export function matchingChoices(choices: WorkflowChoice[], query: string): WorkflowChoice[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return choices
    .filter((choice) => words.every((word) => fold(choice.title).includes(word)))
    .sort((a, b) => (a.source === b.source ? 0 : a.source === "own" ? -1 : 1));
}

/** The user's workflows and the built-in ones, in the interface's language. */
export async function loadChoices(language: Language): Promise<WorkflowChoice[]> {
  const [own, builtin] = await Promise.all([
    endpoint("get", "/api/workflows", { query: { limit: 50 } }),
    endpoint("get", "/api/workflows/builtin", { query: { lang: language } }),
  ]);
  return [
    ...own.items.map((item) => ({ source: "own" as const, id: item.id, title: item.title, variables: item.graph.variables ?? [] })),
    ...builtin.items.map((item) => ({
      source: "builtin" as const,
      id: item.slug,
      title: item.title,
      variables: item.graph.variables ?? [],
    })),
  ];
}

export interface StartedRun {
  runId: string;
  workflowId: string;
  title: string;
}

/** Start a run of the choice with the form's values (a built-in one is copied into the user's workflows first). */
export async function startChoice(
  choice: WorkflowChoice,
  values: Record<string, string | number | null>,
  language: Language,
): Promise<StartedRun> {
  const workflowId =
    choice.source === "own"
      ? choice.id
      : (await endpoint("post", "/api/workflows/builtin/{slug}/copy", { path: { slug: choice.id }, query: { lang: language } })).id;
  const run = await endpoint("post", "/api/workflows/{workflow_id}/runs", { path: { workflow_id: workflowId }, body: { values } });
  return { runId: run.id, workflowId, title: choice.title };
}
