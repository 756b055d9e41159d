// One task kept up to date: read once, then moved on by its `task.*` frames (see taskFrames.ts),
// read again when a frame asks for it, when a gap in `seq` stays open, and after the socket
// reconnects (frames sent while it was down are gone: the read brings what they said), and every
// few seconds while it is unfinished: a frame that came before the first read answered (a task that
// moved on while it was being read) must not leave the page behind.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { endpoint } from "./api";
import {
  FINISHED_TASK_STATUSES,
  hasGap,
  initialLiveTask,
  isTaskFrame,
  liveTaskReducer,
  type TaskDetail,
} from "./taskFrames";
import { socket, useSocketStatus } from "./ws";

/** How long a gap may stay open (frames of parallel steps may cross) before the task is read. */
export const GAP_WAIT_MS = 800;
/** Reads asked for in a burst (each finished step asks) are one read. */
const RELOAD_COALESCE_MS = 150;
/** How often an unfinished task is read again anyway: often while it runs, rarely while it waits. */
export const RUNNING_READ_MS = 3000;
export const WAITING_READ_MS = 10_000;

export interface LiveTask {
  task: TaskDetail | null;
  /** Streamed model text per step id, while the step runs. */
  deltas: Record<string, string>;
  error: unknown;
  /** The first read of this task has not answered yet. */
  loading: boolean;
  /** Read the task now (after an action, or to retry after an error). */
  reload: () => void;
  /** Put a task an action answered with in place (its `seq` decides if it is news). */
  replace: (task: TaskDetail) => void;
}

export function useLiveTask(taskId: string | null): LiveTask {
  const [state, dispatch] = useReducer(liveTaskReducer, initialLiveTask);
  const [error, setError] = useState<unknown>(null);
  const reads = useRef(0);
  const status = useSocketStatus();
  const wasConnected = useRef(status === "connected");

  const reload = useCallback(() => {
    if (!taskId) return;
    const read = ++reads.current;
    endpoint("get", "/api/tasks/{task_id}", { path: { task_id: taskId } })
      .then((task) => {
        if (read !== reads.current) return;
        setError(null);
        dispatch({ type: "loaded", task });
      })
      .catch((caught: unknown) => {
        if (read === reads.current) setError(caught);
      });
  }, [taskId]);

  const replace = useCallback((task: TaskDetail) => {
    dispatch({ type: "loaded", task });
  }, []);

  useEffect(() => {
    reload();
  }, [reload]);

  useEffect(() => {
    if (!taskId) return;
    const handler = (message: unknown) => {
      if (isTaskFrame(message) && message.task_id === taskId)
        dispatch({ type: "frame", frame: message });
    };
    const unsubscribe = ["task.step", "task.status", "task.delta"].map((type) =>
      socket.subscribe(type, handler),
    );
    return () => {
      unsubscribe.forEach((stop) => {
        stop();
      });
    };
  }, [taskId]);

  useEffect(() => {
    if (status === "connected" && !wasConnected.current) reload();
    wasConnected.current = status === "connected";
  }, [status, reload]);

  const wantsRead = state.reload;
  useEffect(() => {
    if (!wantsRead) return;
    const timer = setTimeout(reload, RELOAD_COALESCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [wantsRead, reload, state.seq]);

  const gap = hasGap(state);
  useEffect(() => {
    if (!gap) return;
    const timer = setTimeout(reload, GAP_WAIT_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [gap, reload]);

  const shown = state.task?.task_id === taskId ? state.task : null;
  const every =
    shown === null || FINISHED_TASK_STATUSES.has(shown.status)
      ? null
      : shown.status.startsWith("waiting")
        ? WAITING_READ_MS
        : RUNNING_READ_MS;
  useEffect(() => {
    if (every === null) return;
    const timer = setInterval(reload, every);
    return () => {
      clearInterval(timer);
    };
  }, [every, reload]);

  const loading = state.task?.task_id !== taskId && error === null;
  return {
    task: state.task?.task_id === taskId ? state.task : null,
    deltas: state.deltas,
    error,
    loading,
    reload,
    replace,
  };
}
