// The chat stream's state as a pure reducer: every change the socket, the user or a stored read
// makes to the live turns is an action here, testable without a socket, a cache or a clock.
// `ChatStream` (stream.ts) runs the effects around it: sending frames, reading stored turns,
// writing the query cache.
import {
  isFinal,
  type Answer,
  type ChatParams,
  type Turn,
  type Verdict,
} from "./api";
import type { SendAction, ServerFrame } from "./protocol";
import type { AttachedFile } from "./attachments";

export interface LiveAnswer extends Answer {
  /** Last `seq` appended for this run of the model (0 before the first delta). */
  seq: number;
  /** Part of the stream may be missing: replace the text with the stored answer once it ends. */
  resync: boolean;
}

export interface LiveTurn {
  key: string;
  conversationId: string;
  turn: number;
  requestId: string;
  /** The user's message, when this tab sent it (else read from the stored turn). */
  content: string | null;
  params: ChatParams;
  verify: boolean;
  createdAt: string;
  models: string[];
  /** Only the models running (or run) live; the others come from the stored turn. */
  answers: Readonly<Record<string, LiveAnswer>>;
  verifying: boolean;
  /** Undefined until a verdict arrives live. */
  verdict: Verdict | null | undefined;
  finished: boolean;
  /** The turn this one is a new version of (edit and resend, regenerate), or null. */
  editOf: number | null;
  /** The assistant this tab sent the turn with (else read from the stored turn). */
  assistantId: string | null;
  assistantName?: string | null;
  /** The files this tab sent with the message (else read from the stored turn). */
  attachments?: readonly AttachedFile[];
}

export interface Pick {
  turn: number;
  model: string;
}

/** A message sent and not yet acknowledged by `chat.started`. */
export interface PendingSend {
  requestId: string;
  conversationId: string | null;
  content: string;
  models: string[];
  params: ChatParams;
  verify: boolean;
  pick: Pick | null;
  /** The turn this message is a new version of, or null. */
  editOf: number | null;
  createdAt: string;
  frame: SendAction;
  /** The files sent with it, as the user named them. */
  attachments?: readonly AttachedFile[];
  /** The active assistant's name when it was sent. */
  assistantName?: string | null;
}

export interface Rejection {
  code: string;
  message: string;
}

export interface StreamState {
  pending: readonly PendingSend[];
  turns: Readonly<Record<string, LiveTurn>>;
  rejection: Rejection | null;
  /** `<conversation>:<turn>:<model>` of the retries asked and not yet started. */
  retrying: readonly string[];
  /** Request ids (or `<request>:<model>`) asked to stop. */
  stopping: readonly string[];
}

/** Which models answer with a simulator (a fresh column shows it before the stored answer does). */
export type SimulatedModels = Readonly<Record<string, boolean>>;

interface TurnFrame {
  request_id: string;
  conversation_id: string;
  turn: number;
}
type FrameOf<T extends ServerFrame["type"]> = Extract<ServerFrame, { type: T }>;

export type StreamAction =
  | { type: "reset" }
  | { type: "sent"; pending: PendingSend }
  | { type: "stop-asked"; ids: readonly string[] }
  | { type: "retry-asked"; key: string }
  | { type: "rejection-dismissed" }
  /** A frame of a turn this tab holds no live turn for yet. */
  | { type: "turn-seen"; key: string; frame: TurnFrame; now: string }
  | {
      type: "started";
      key: string;
      frame: FrameOf<"chat.started">;
      simulated: SimulatedModels;
    }
  | {
      type: "delta";
      key: string;
      frame: FrameOf<"chat.delta">;
      simulated: SimulatedModels;
    }
  /** `created`: the live turn was made for this very frame (what streamed before is unknown). */
  | {
      type: "answer-ended";
      key: string;
      frame: FrameOf<"chat.done"> | FrameOf<"chat.error">;
      created: boolean;
      simulated: SimulatedModels;
    }
  | { type: "verifying"; key: string }
  | { type: "verdict"; key: string; verdict: Verdict }
  | { type: "finished"; key: string; requestId: string }
  | { type: "rejected"; requestId: string | null; rejection: Rejection }
  | { type: "reconnected" }
  | { type: "stored-read"; key: string; stored: Turn }
  /** Drops the live turn (`only`: unless it changed since). */
  | { type: "turn-dropped"; key: string; only?: LiveTurn };

export const EMPTY_STREAM: StreamState = {
  pending: [],
  turns: {},
  rejection: null,
  retrying: [],
  stopping: [],
};

export const turnKey = (conversationId: string, turn: number) =>
  `${conversationId}:${turn}`;
export const retryKey = (conversationId: string, turn: number, model: string) =>
  `${conversationId}:${turn}:${model}`;

export function emptyAnswer(model: string, simulated = false): LiveAnswer {
  return {
    model,
    status: "pending",
    text: "",
    usage: { input_tokens: 0, output_tokens: 0 },
    cost: 0,
    ttft_ms: null,
    duration_ms: null,
    error: null,
    simulated,
    seq: 0,
    resync: false,
  };
}

const fresh = (model: string, simulated: SimulatedModels) =>
  emptyAnswer(model, simulated[model] ?? false);

/** A live answer as stored: without what only the stream needs (`seq`, `resync`). */
function liveToAnswer(live: LiveAnswer): Answer {
  const answer: Answer & { seq?: number; resync?: boolean } = { ...live };
  delete answer.seq;
  delete answer.resync;
  return answer;
}

/**
 * The stored turn a finished live one becomes in the cache: what the server stored (`cached`, when
 * the conversation was read meanwhile) wins, the live answers replace its answers, and what only this
 * tab knows (its assistant, its parameters) fills the rest, so a finished turn loses nothing the
 * page showed while it streamed.
 */
export function finishedTurn(
  turn: LiveTurn,
  cached: Turn | undefined,
  simulated: SimulatedModels,
): Turn {
  const models = [
    ...(cached?.models ?? []),
    ...turn.models.filter((model) => !cached?.models.includes(model)),
  ];
  const answers = models.map((model) => {
    const live = turn.answers[model];
    return live
      ? liveToAnswer(live)
      : (cached?.answers.find((a) => a.model === model) ??
          liveToAnswer(fresh(model, simulated)));
  });
  return {
    ...cached,
    turn: turn.turn,
    request_id: turn.requestId,
    content: cached?.content ?? turn.content ?? "",
    models,
    params: cached?.params ?? turn.params,
    chosen_model: cached?.chosen_model ?? null,
    verify: cached?.verify ?? turn.verify,
    created_at: cached?.created_at ?? turn.createdAt,
    assistant_id: cached?.assistant_id ?? turn.assistantId,
    assistant_name: cached?.assistant_name ?? turn.assistantName ?? null,
    answers,
    verdict:
      turn.verdict !== undefined ? turn.verdict : (cached?.verdict ?? null),
  };
}

function updateTurn(
  state: StreamState,
  key: string,
  update: (turn: LiveTurn) => LiveTurn,
): StreamState {
  const turn = state.turns[key];
  if (!turn) return state;
  const next = update(turn);
  return next === turn
    ? state
    : { ...state, turns: { ...state.turns, [key]: next } };
}

function withAnswer(turn: LiveTurn, answer: LiveAnswer): LiveTurn {
  return { ...turn, answers: { ...turn.answers, [answer.model]: answer } };
}

/** Appends a delta in `seq` order: replays are ignored, a gap marks the column for resync. */
function appendDelta(
  turn: LiveTurn,
  frame: FrameOf<"chat.delta">,
  simulated: SimulatedModels,
): LiveTurn {
  let answer = turn.answers[frame.model] ?? fresh(frame.model, simulated);
  if (frame.seq <= answer.seq || isFinal(answer.status)) {
    // A replay, or the first delta of a run this tab did not see start (a retry elsewhere).
    if (frame.seq !== 1 || !isFinal(answer.status)) return turn;
    answer = fresh(frame.model, simulated);
  }
  const gap = frame.seq !== answer.seq + 1;
  return withAnswer(turn, {
    ...answer,
    status: "streaming",
    text: answer.text + frame.text,
    seq: frame.seq,
    resync: answer.resync || gap,
  });
}

function endAnswer(
  turn: LiveTurn,
  action: Extract<StreamAction, { type: "answer-ended" }>,
): LiveTurn {
  const { frame, created, simulated } = action;
  const answer = turn.answers[frame.model] ?? {
    ...fresh(frame.model, simulated),
    resync: true,
  };
  const resync = answer.resync || created;
  if (frame.type === "chat.error") {
    return withAnswer(turn, {
      ...answer,
      status: "error",
      error: { code: frame.code, message: frame.message },
      resync,
    });
  }
  return withAnswer(turn, {
    ...answer,
    status: frame.status,
    usage: frame.usage,
    cost: frame.cost,
    ttft_ms: frame.ttft_ms,
    duration_ms: frame.duration_ms,
    error: null,
    resync,
  });
}

function start(
  state: StreamState,
  action: Extract<StreamAction, { type: "started" }>,
): StreamState {
  const { key, frame, simulated } = action;
  const turn = state.turns[key];
  if (!turn) return state;
  const pending = state.pending.find(
    (item) => item.requestId === frame.request_id,
  );
  const retries = new Set(
    frame.models.map((model) =>
      retryKey(frame.conversation_id, frame.turn, model),
    ),
  );
  const answers = { ...turn.answers };
  for (const model of frame.models) {
    const current = answers[model];
    // A repeated `chat.started` (the server's answer to a re-sent request) keeps the stream;
    // a retry starts the column again.
    if (!current || isFinal(current.status))
      answers[model] = fresh(model, simulated);
  }
  const next: LiveTurn = {
    ...turn,
    requestId: frame.request_id,
    content: turn.content ?? pending?.content ?? null,
    params: pending?.params ?? turn.params,
    verify: pending?.verify ?? turn.verify,
    createdAt: pending?.createdAt ?? turn.createdAt,
    models: [
      ...turn.models,
      ...frame.models.filter((model) => !turn.models.includes(model)),
    ],
    answers,
    finished: false,
    editOf: pending?.editOf ?? turn.editOf,
    assistantId: pending?.frame.assistant_id ?? turn.assistantId,
    assistantName: pending?.assistantName ?? turn.assistantName ?? null,
    attachments: pending?.attachments ?? turn.attachments,
  };
  return {
    ...state,
    turns: { ...state.turns, [key]: next },
    pending: state.pending.filter((item) => item !== pending),
    retrying: state.retrying.filter((id) => !retries.has(id)),
  };
}

/** Puts the stored turn's finished answers in place of the columns marked for resync. */
function applyStored(turn: LiveTurn, stored: Turn): LiveTurn {
  let changed = false;
  const answers = { ...turn.answers };
  for (const answer of stored.answers) {
    const live = answers[answer.model];
    if (live?.resync && isFinal(answer.status)) {
      answers[answer.model] = { ...answer, seq: live.seq, resync: false };
      changed = true;
    }
  }
  return changed ? { ...turn, answers } : turn;
}

/** Reconnected: whatever streamed meanwhile was lost, so every running column needs its stored answer. */
function markRunningForResync(state: StreamState): StreamState {
  const turns: Record<string, LiveTurn> = {};
  for (const [key, turn] of Object.entries(state.turns)) {
    const answers: Record<string, LiveAnswer> = {};
    for (const [model, answer] of Object.entries(turn.answers)) {
      answers[model] = isFinal(answer.status)
        ? answer
        : { ...answer, resync: true };
    }
    turns[key] = { ...turn, answers };
  }
  return { ...state, turns };
}

function newTurn(key: string, frame: TurnFrame, now: string): LiveTurn {
  return {
    key,
    conversationId: frame.conversation_id,
    turn: frame.turn,
    requestId: frame.request_id,
    content: null,
    params: {},
    verify: true,
    createdAt: now,
    models: [],
    answers: {},
    verifying: false,
    verdict: undefined,
    finished: false,
    editOf: null,
    assistantId: null,
  };
}

export function streamReducer(
  state: StreamState,
  action: StreamAction,
): StreamState {
  switch (action.type) {
    case "reset":
      return EMPTY_STREAM;
    case "sent":
      return {
        ...state,
        pending: [...state.pending, action.pending],
        rejection: null,
      };
    case "stop-asked":
      return { ...state, stopping: [...state.stopping, ...action.ids] };
    case "retry-asked":
      return {
        ...state,
        retrying: [...state.retrying, action.key],
        rejection: null,
      };
    case "rejection-dismissed":
      return state.rejection ? { ...state, rejection: null } : state;
    case "turn-seen":
      if (state.turns[action.key]) return state;
      return {
        ...state,
        turns: {
          ...state.turns,
          [action.key]: newTurn(action.key, action.frame, action.now),
        },
      };
    case "started":
      return start(state, action);
    case "delta":
      return updateTurn(state, action.key, (turn) =>
        appendDelta(turn, action.frame, action.simulated),
      );
    case "answer-ended": {
      const stopped = `${action.frame.request_id}:${action.frame.model}`;
      const next = updateTurn(state, action.key, (turn) =>
        endAnswer(turn, action),
      );
      return {
        ...next,
        stopping: next.stopping.filter((id) => id !== stopped),
      };
    }
    case "verifying":
      return updateTurn(state, action.key, (turn) => ({
        ...turn,
        verifying: true,
        verdict: null,
      }));
    case "verdict":
      return updateTurn(state, action.key, (turn) => ({
        ...turn,
        verifying: false,
        verdict: action.verdict,
      }));
    case "finished": {
      const { requestId } = action;
      const next = updateTurn(state, action.key, (turn) => ({
        ...turn,
        finished: true,
        verifying: false,
      }));
      return {
        ...next,
        stopping: next.stopping.filter(
          (id) => id !== requestId && !id.startsWith(`${requestId}:`),
        ),
      };
    }
    case "rejected":
      // A stop that came after the end: nothing left to stop.
      if (action.rejection.code === "request_not_found")
        return { ...state, stopping: [] };
      return {
        ...state,
        pending: state.pending.filter(
          (item) => item.requestId !== action.requestId,
        ),
        // A refused retry carries no request id.
        retrying: action.requestId === null ? [] : state.retrying,
        rejection: action.rejection,
      };
    case "reconnected":
      return markRunningForResync(state);
    case "stored-read":
      return updateTurn(state, action.key, (turn) =>
        applyStored(turn, action.stored),
      );
    case "turn-dropped": {
      const turn = state.turns[action.key];
      if (!turn || (action.only && turn !== action.only)) return state;
      const turns = Object.fromEntries(
        Object.entries(state.turns).filter(([other]) => other !== action.key),
      );
      return { ...state, turns };
    }
  }
}

/** Whether the conversation (null: the new one) is waiting for answers. */
export function isBusy(
  state: StreamState,
  conversationId: string | null,
): boolean {
  if (
    state.pending.some((pending) => pending.conversationId === conversationId)
  )
    return true;
  return Object.values(state.turns).some(
    (turn) =>
      turn.conversationId === conversationId &&
      Object.values(turn.answers).some((answer) => !isFinal(answer.status)),
  );
}
