import { describe, expect, it } from "vitest";
import {
  hasGap,
  isTaskFrame,
  initialLiveTask,
  liveTaskReducer,
  type LiveTaskState,
  type TaskDetail,
  type TaskFrame,
  type TaskStepOut,
} from "./taskFrames";
import type { TaskStep } from "../generated/socket";

function step(
  id: string,
  status: TaskStepOut["status"] = "pending",
): TaskStepOut {
  return {
    step_id: id,
    kind: "noop",
    status,
    attempt: 0,
    input: {},
    output: null,
    tokens_in: 0,
    tokens_out: 0,
    cost_micro_usd: 0,
    latency_ms: null,
    error: null,
    decision: null,
    resume_at: null,
    started_at: null,
    finished_at: null,
  };
}

function task(
  seq: number,
  steps: TaskStepOut[] = [step("a"), step("b")],
): TaskDetail {
  return {
    task_id: "t1",
    kind: "workflow",
    title: null,
    status: "running",
    run: 1,
    seq,
    cost_micro_usd: 0,
    budget_micro_usd: null,
    error: null,
    plan: steps.map((s) => ({
      id: s.step_id,
      kind: s.kind,
      input: {},
      after: [],
      needs_approval: false,
    })),
    created_at: "2026-12-03T10:00:00Z",
    updated_at: "2026-12-03T10:00:00Z",
    finished_at: null,
    steps,
  };
}

const running = (seq: number, id = "a"): TaskStep => ({
  type: "task.step",
  task_id: "t1",
  seq,
  step_id: id,
  kind: "noop",
  status: "running",
  attempt: 1,
  error: null,
});
const delta = (seq: number, text: string): TaskFrame => ({
  type: "task.delta",
  task_id: "t1",
  seq,
  step_id: "a",
  text,
});

function run(state: LiveTaskState, ...frames: TaskFrame[]): LiveTaskState {
  return frames.reduce(
    (current, frame) => liveTaskReducer(current, { type: "frame", frame }),
    state,
  );
}

const loaded = (seq = 3): LiveTaskState =>
  liveTaskReducer(initialLiveTask, { type: "loaded", task: task(seq) });

describe("liveTaskReducer", () => {
  it("applies frames that follow the read, in order", () => {
    const state = run(loaded(), running(4), delta(5, "Bon"), delta(6, "jour"));
    expect(state.seq).toBe(6);
    expect(state.task?.steps[0]?.status).toBe("running");
    expect(state.deltas.a).toBe("Bonjour");
    expect(hasGap(state)).toBe(false);
  });

  it("waits for a missing frame, then applies the early ones in order", () => {
    const early = run(loaded(), delta(6, "jour"), delta(5, "Bon"));
    expect(early.seq).toBe(3);
    expect(hasGap(early)).toBe(true);
    const filled = run(early, running(4));
    expect(filled.seq).toBe(6);
    expect(filled.deltas.a).toBe("Bonjour");
    expect(hasGap(filled)).toBe(false);
  });

  it("drops a duplicate frame and one the read already holds", () => {
    const once = run(loaded(), delta(4, "x"));
    expect(run(once, delta(4, "x"), delta(2, "old")).deltas.a).toBe("x");
    const waiting = run(loaded(), delta(5, "y"));
    expect(run(waiting, delta(5, "y")).pending).toEqual(waiting.pending);
  });

  it("keeps a gap open until a read fills it, keeping only the frames after the read", () => {
    const gap = run(loaded(), delta(7, "late"), delta(9, "later"));
    expect(hasGap(gap)).toBe(true);
    const read = liveTaskReducer(gap, { type: "loaded", task: task(8) });
    expect(read.seq).toBe(9);
    expect(read.deltas.a).toBe("later");
    expect(hasGap(read)).toBe(false);
  });

  it("asks for a read when a step finishes (its output is not in the frame) or is unknown", () => {
    const done = run(loaded(), { ...running(4), status: "succeeded" });
    expect(done.reload).toBe(true);
    expect(run(loaded(), running(4, "added-by-expand")).reload).toBe(true);
    const skipped = run(loaded(), { ...running(4, "b"), status: "skipped" });
    expect(skipped.task?.steps[1]?.status).toBe("skipped");
    expect(skipped.reload).toBe(false);
  });

  it("ignores a read older than the frames already applied, and frames of another task", () => {
    const ahead = run(loaded(), running(4), delta(5, "z"));
    expect(liveTaskReducer(ahead, { type: "loaded", task: task(4) })).toBe(
      ahead,
    );
    expect(run(ahead, { ...delta(6, "no"), task_id: "t2" })).toBe(ahead);
  });

  it("applies the task's status and cost", () => {
    const frame: TaskFrame = {
      type: "task.status",
      task_id: "t1",
      seq: 4,
      status: "succeeded",
      cost_micro_usd: 1200,
      error: null,
    };
    const state = run(loaded(), frame);
    expect(state.task?.status).toBe("succeeded");
    expect(state.task?.cost_micro_usd).toBe(1200);
    expect(state.reload).toBe(true);
  });
});

describe("isTaskFrame", () => {
  it("accepts the frames of the protocol", () => {
    expect(isTaskFrame(running(1))).toBe(true);
    expect(isTaskFrame(delta(2, "x"))).toBe(true);
    expect(isTaskFrame({ type: "task.status", task_id: "t1", seq: 3, status: "succeeded", cost_micro_usd: 5, error: null })).toBe(true);
  });

  it.each<[string, unknown]>([
    ["another family's frame", { type: "chat.delta", task_id: "t1", seq: 1 }],
    ["a frame without its number", { ...running(1), seq: undefined }],
    ["a step of an unknown status", { ...running(1), status: "paused" }],
    ["a status without its cost", { type: "task.status", task_id: "t1", seq: 3, status: "failed", error: null }],
    ["a delta whose text is not text", { ...delta(2, "x"), text: 5 }],
    ["no object at all", "task.step"],
  ])("refuses %s", (_, frame) => {
    expect(isTaskFrame(JSON.parse(JSON.stringify(frame)))).toBe(false);
  });
});
