// The text a running step streams (`task.delta` frames of one task), by step: a pure reducer, unit-tested.
import { useEffect, useReducer } from "react";
import type { TaskDelta } from "../../generated/socket";
import { isTaskFrame } from "../../generated/taskFrames";
import { socket } from "../../lib/ws";

export type StepTexts = Record<string, { seq: number; text: string }>;

export function streamReducer(state: StepTexts, frame: TaskDelta): StepTexts {
  const current = state[frame.step_id];
  // A frame seen twice (a reconnect) or out of order adds nothing.
  if (current && frame.seq <= current.seq) return state;
  return {
    ...state,
    [frame.step_id]: {
      seq: frame.seq,
      text: (current?.text ?? "") + frame.text,
    },
  };
}

/** What each step of `taskId` has streamed since the page opened (the stored step has the rest). */
export function useStepStream(taskId: string | null | undefined): StepTexts {
  const [texts, dispatch] = useReducer(streamReducer, {});
  useEffect(() => {
    if (!taskId) return;
    return socket.subscribe("task.delta", (message: unknown) => {
      if (
        isTaskFrame(message) &&
        message.type === "task.delta" &&
        message.task_id === taskId
      )
        dispatch(message);
    });
  }, [taskId]);
  return texts;
}
