// A live task: the task as last read (GET /api/tasks/{id}) with the `task.*` socket frames applied
// in `seq` order. Frames that arrive early wait in `pending` until the ones before them come; a
// frame at or below the current `seq` is old news (a duplicate, or already in the read) and is
// dropped. What a frame cannot tell (a step's output, a step the plan gained) asks for a reload,
// as does a gap that stays open: the read brings everything, so nothing is lost.
import type { Schema } from "./api";
import type {
  TaskDelta,
  TaskStatusChanged,
  TaskStep,
} from "../generated/socket";

export type TaskDetail = Schema<"TaskDetail">;
export type TaskStepOut = Schema<"StepOut">;
export type TaskStatus = TaskDetail["status"];
export type StepStatus = TaskStepOut["status"];
export type TaskFrame = TaskStep | TaskStatusChanged | TaskDelta;

export const FINISHED_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set([
  "succeeded",
  "failed",
  "cancelled",
  "budget_exceeded",
]);

/** Frames kept while waiting for a missing one; past this the task is read again. */
const MAX_PENDING = 200;

export interface LiveTaskState {
  task: TaskDetail | null;
  /** The number of the last frame applied (or of the read). */
  seq: number;
  /** Frames past `seq + 1`, by number, until the missing ones arrive. */
  pending: Record<number, TaskFrame>;
  /** Streamed model text per step, since the last read. */
  deltas: Record<string, string>;
  /** Something only a read can tell: read the task again. */
  reload: boolean;
}

export type LiveTaskAction =
  { type: "loaded"; task: TaskDetail } | { type: "frame"; frame: TaskFrame };

export const initialLiveTask: LiveTaskState = {
  task: null,
  seq: 0,
  pending: {},
  deltas: {},
  reload: false,
};

/** Whether a socket message is a task frame (of any task), as the protocol's JSON Schema describes it. */
export { isTaskFrame } from "../generated/taskFrames";

/** Whether the frames have a gap that only a read fills. */
export function hasGap(state: LiveTaskState): boolean {
  return Object.keys(state.pending).length > 0;
}

function applyStep(task: TaskDetail, frame: TaskStep): TaskDetail | null {
  const index = task.steps.findIndex((step) => step.step_id === frame.step_id);
  if (index < 0) return null; // a step the plan gained (Expand): the read has it
  const steps = [...task.steps];
  const current = steps[index];
  if (!current) return null;
  steps[index] = {
    ...current,
    status: frame.status,
    attempt: frame.attempt,
    error: frame.error,
  };
  return { ...task, steps };
}

function apply(
  state: LiveTaskState,
  task: TaskDetail,
  frame: TaskFrame,
): LiveTaskState {
  if (frame.type === "task.delta") {
    const text = (state.deltas[frame.step_id] ?? "") + frame.text;
    return {
      ...state,
      seq: frame.seq,
      deltas: { ...state.deltas, [frame.step_id]: text },
    };
  }
  if (frame.type === "task.status") {
    const next = {
      ...task,
      status: frame.status,
      cost_micro_usd: frame.cost_micro_usd,
      error: frame.error,
    };
    return {
      ...state,
      seq: frame.seq,
      task: next,
      reload: state.reload || FINISHED_TASK_STATUSES.has(frame.status),
    };
  }
  const next = applyStep(task, frame);
  if (next === null) return { ...state, seq: frame.seq, reload: true };
  // A finished step's output is not in its frame.
  const finished =
    frame.status === "succeeded" || frame.status === "waiting_approval";
  return {
    ...state,
    seq: frame.seq,
    task: next,
    reload: state.reload || finished,
  };
}

function drain(state: LiveTaskState): LiveTaskState {
  let current = state;
  for (;;) {
    const next = current.seq + 1;
    const frame = current.pending[next];
    if (!frame || !current.task) return current;
    const pending = Object.fromEntries(
      Object.entries(current.pending).filter(([seq]) => Number(seq) !== next),
    );
    current = apply({ ...current, pending }, current.task, frame);
  }
}

export function liveTaskReducer(
  state: LiveTaskState,
  action: LiveTaskAction,
): LiveTaskState {
  if (action.type === "loaded") {
    if (
      state.task?.task_id === action.task.task_id &&
      action.task.seq < state.seq
    ) {
      return state; // an older read than what the frames already told
    }
    const keep = state.task?.task_id === action.task.task_id;
    const pending: Record<number, TaskFrame> = {};
    if (keep) {
      for (const [seq, frame] of Object.entries(state.pending)) {
        if (Number(seq) > action.task.seq) pending[Number(seq)] = frame;
      }
    }
    const running = new Set(
      action.task.steps
        .filter((step) => step.status === "running")
        .map((s) => s.step_id),
    );
    const deltas = keep
      ? Object.fromEntries(
          Object.entries(state.deltas).filter(([id]) => running.has(id)),
        )
      : {};
    return drain({
      task: action.task,
      seq: action.task.seq,
      pending,
      deltas,
      reload: false,
    });
  }
  const frame = action.frame;
  if (state.task?.task_id !== frame.task_id || frame.seq <= state.seq)
    return state;
  if (frame.seq in state.pending) return state; // a duplicate of a frame already waiting
  const pending = { ...state.pending, [frame.seq]: frame };
  if (Object.keys(pending).length > MAX_PENDING)
    return { ...state, reload: true };
  return drain({ ...state, pending });
}
