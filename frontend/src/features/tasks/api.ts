// The tasks API (webox.tasks), through the endpoints typed from the OpenAPI document.
import { endpoint, type Schema } from "../../lib/api";
import type { TaskDetail, TaskStatus } from "../../lib/taskFrames";

export type TaskOut = Schema<"TaskOut">;
export type ApprovalRequest = Schema<"ApprovalRequest">;

export const TASK_STATUSES: readonly TaskStatus[] = [
  "queued",
  "running",
  "waiting_approval",
  "waiting_schedule",
  "succeeded",
  "failed",
  "cancelled",
  "budget_exceeded",
];
/** The kinds the product starts, as the filter offers them (a filter may name any). */
export const TASK_KINDS = ["media", "workflow", "agent", "automation"] as const;
/** Every kind the platform starts, with a label in each language (`tasks.kinds.*`). */
const LABELLED_KINDS = [
  ...TASK_KINDS,
  "knowledge",
  "blog",
  "voice",
  "diagnosis",
  "advice",
  "draft",
  "account_export",
  "account_deletion",
] as const;
export type LabelledKind = (typeof LABELLED_KINDS)[number];

/** A kind that has a label, or null (a kind some API client made up: shown as it is). */
export function labelledKind(kind: string): LabelledKind | null {
  return (LABELLED_KINDS as readonly string[]).includes(kind) ? (kind as LabelledKind) : null;
}

export const tasksKeys = {
  list: (kind: string, status: string) =>
    ["tasks", "list", kind, status] as const,
};

/** An approval's edited output: absent means "approve as is". */
export type Edit = { output: unknown } | null;

export interface DiagnosisFix {
  step_id: string | null;
  code: string;
  action: string;
  advice: string;
}

export const tasksApi = {
  /** The troubleshooter on a run that did not finish: a task of kind `diagnosis`. */
  diagnose: (taskId: string, lang: "fr" | "en") =>
    endpoint("post", "/api/automations/diagnoses", { body: { task_id: taskId, lang } }),
  list: (
    kind: string,
    status: string,
    cursor: string | null,
    signal?: AbortSignal,
  ) =>
    endpoint("get", "/api/tasks", {
      query: {
        kind: kind || undefined,
        status: (status || undefined) as TaskStatus | undefined,
        cursor: cursor ?? undefined,
        limit: 20,
      },
      signal,
    }),
  cancel: (taskId: string): Promise<TaskDetail> =>
    endpoint("post", "/api/tasks/{task_id}/cancel", {
      path: { task_id: taskId },
    }),
  decide: (
    taskId: string,
    stepId: string,
    decision: "approve" | "reject",
    edit: Edit,
  ): Promise<TaskDetail> =>
    endpoint("post", "/api/tasks/{task_id}/decision", {
      path: { task_id: taskId },
      body: { step_id: stepId, decision, ...(edit ?? {}) },
    }),
  retry: (taskId: string, stepId: string): Promise<TaskDetail> =>
    endpoint("post", "/api/tasks/{task_id}/retry", {
      path: { task_id: taskId },
      body: { step_id: stepId },
    }),
  rerun: (
    taskId: string,
    stepId: string,
    input: Record<string, unknown> | null,
  ): Promise<TaskDetail> =>
    endpoint("post", "/api/tasks/{task_id}/rerun", {
      path: { task_id: taskId },
      body: { step_id: stepId, input },
    }),
  readApproval: (token: string): Promise<ApprovalRequest> =>
    endpoint("post", "/api/tasks/approval", { body: { token } }),
  decideByToken: (
    token: string,
    decision: "approve" | "reject",
    edit: Edit,
  ): Promise<TaskDetail> =>
    endpoint("post", "/api/tasks/approval/decision", {
      body: { token, decision, ...(edit ?? {}) },
    }),
};

/** JSON text → value, or undefined when it does not parse. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
