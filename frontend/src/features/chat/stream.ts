// What streams in over the WebSocket, on top of what the server has stored.
//
// The conversation as read from `GET /api/conversations/{id}` stays in the TanStack Query cache; the
// turns being answered right now live here as an overlay (`LiveTurn`) until `chat.finished`, when
// they are written into that cache and dropped. Nothing streamed may be lost: each column keeps the
// last `seq` it appended; a gap, or a reconnect while it streamed, marks it for resync, and once it
// ends its stored answer (`GET /api/conversations/{id}/turns/{turn}`) replaces what was streamed.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { socket as defaultSocket, type SocketClient, type SocketStatus } from "../../lib/ws";
import {
  chatApi,
  chatKeys,
  isFinal,
  titleFrom,
  type Answer,
  type AnswerStatus,
  type ChatParams,
  type Conversation,
  type ConversationDetail,
  type Page,
  type Turn,
  type Verdict,
} from "./api";
import {
  CHAT_FRAME_TYPES,
  newRequestId,
  parseFrame,
  type RetryAction,
  type SendAction,
  type ServerFrame,
  type StopAction,
} from "./protocol";

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
  createdAt: string;
  frame: SendAction;
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

export type StreamEvent =
  | { kind: "created"; conversationId: string; requestId: string }
  | { kind: "answer"; conversationId: string; model: string; status: AnswerStatus }
  | { kind: "finished"; conversationId: string; turn: number }
  | { kind: "rejected"; conversationId: string | null; content: string | null; rejection: Rejection };

export interface SendInput {
  conversationId: string | null;
  content: string;
  models: string[];
  params: ChatParams;
  verify: boolean;
  /** The picked judge ("" lets the server choose). */
  judge: string;
  pick: Pick | null;
  /** The active assistant, or null. */
  assistantId: string | null;
}

const FLUSH_MS = 50;
// A send the server has not acknowledged by then (while connected) is given back to the user.
const ACK_TIMEOUT_MS = 30_000;

const EMPTY: StreamState = { pending: [], turns: {}, rejection: null, retrying: [], stopping: [] };

export const turnKey = (conversationId: string, turn: number) => `${conversationId}:${turn}`;
export const retryKey = (conversationId: string, turn: number, model: string) => `${conversationId}:${turn}:${model}`;

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

function storedAnswer(answer: Answer, seq: number): LiveAnswer {
  return { ...answer, seq, resync: false };
}

function liveToAnswer(live: LiveAnswer): Answer {
  const { model, status, text, usage, cost, ttft_ms, duration_ms, error, simulated } = live;
  return { model, status, text, usage, cost, ttft_ms, duration_ms, error, simulated };
}

/** Whether the server has nothing more to say about this stored turn. */
export function storedTurnComplete(turn: Turn, models: readonly string[]): boolean {
  const byModel = new Map(turn.answers.map((answer) => [answer.model, answer]));
  if (!models.every((model) => isFinal(byModel.get(model)?.status ?? "pending"))) return false;
  if (!turn.answers.every((answer) => isFinal(answer.status))) return false;
  const done = turn.answers.filter((answer) => answer.status === "done" && answer.text).length;
  return turn.verdict !== null || !turn.verify || done < 2;
}

function upsertTurn(detail: ConversationDetail, turn: Turn): ConversationDetail {
  const turns = detail.turns.filter((item) => item.turn !== turn.turn);
  turns.push(turn);
  turns.sort((a, b) => a.turn - b.turn);
  const newest = turns[turns.length - 1]?.turn === turn.turn;
  return {
    ...detail,
    turns,
    turn_count: Math.max(detail.turn_count, turn.turn),
    last_models: newest ? turn.models : detail.last_models,
  };
}

export class ChatStream {
  private state: StreamState = EMPTY;
  private published: StreamState = EMPTY;
  private flushScheduled = false;
  private readonly listeners = new Set<(urgent: boolean) => void>();
  private readonly eventListeners = new Set<(event: StreamEvent) => void>();
  private readonly simulated = new Map<string, boolean>();
  private readonly refreshing = new Map<string, { again: boolean }>();
  private lastStatus: SocketStatus = "offline";
  private hadConnection = false;
  private readonly queryClient: QueryClient;
  private readonly client: SocketClient;

  constructor(queryClient: QueryClient, client: SocketClient = defaultSocket) {
    this.queryClient = queryClient;
    this.client = client;
  }

  /** Starts listening to the socket and the query cache; returns the function that stops it. */
  attach(): () => void {
    this.lastStatus = this.client.getStatus();
    this.hadConnection = this.lastStatus === "connected";
    const stops = CHAT_FRAME_TYPES.map((type) =>
      this.client.subscribe(type, (message) => {
        const frame = parseFrame(message);
        if (frame) this.onFrame(frame);
      }),
    );
    stops.push(
      this.client.onStatusChange(() => {
        this.onStatus();
      }),
    );
    stops.push(
      this.queryClient.getQueryCache().subscribe((event) => {
        const [scope, kind] = event.query.queryKey as unknown[];
        if (event.type !== "updated" || event.action.type !== "success") return;
        if (scope !== "chat" || kind !== "conversation") return;
        const detail = event.query.state.data as ConversationDetail | undefined;
        if (detail) this.reconcile(detail);
      }),
    );
    return () => {
      stops.forEach((stop) => {
        stop();
      });
    };
  }

  // --- store plumbing -------------------------------------------------------------------------

  /**
   * Calls `listener` with each new state; `urgent` when it answers the user's own action (render it
   * now), else it may render as a transition. Calls it once soon after subscribing, to catch up.
   */
  subscribe = (listener: (urgent: boolean) => void): (() => void) => {
    this.listeners.add(listener);
    queueMicrotask(() => {
      if (this.listeners.has(listener)) listener(false);
    });
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): StreamState => this.published;

  onEvent(listener: (event: StreamEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Forgets everything live (another user signed in on this tab). */
  reset(): void {
    this.refreshing.clear();
    this.set(() => EMPTY);
    this.publish();
  }

  /** Which models answer with a simulator (live answers carry it before the stored ones do). */
  setModels(models: readonly { id: string; simulated: boolean }[]): void {
    for (const model of models) this.simulated.set(model.id, model.simulated);
  }

  private set(update: (state: StreamState) => StreamState): void {
    this.state = update(this.state);
    // Deltas arrive many times a second per column: render at most every 50 ms (the server's own
    // batching interval).
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setTimeout(() => {
      if (this.flushScheduled) this.publish();
    }, FLUSH_MS);
  }

  private publish(urgent = false): void {
    this.flushScheduled = false;
    this.published = this.state;
    this.listeners.forEach((listener) => {
      listener(urgent);
    });
  }

  private emit(event: StreamEvent): void {
    this.eventListeners.forEach((listener) => {
      listener(event);
    });
  }

  private updateTurn(key: string, update: (turn: LiveTurn) => LiveTurn): void {
    this.set((state) => {
      const turn = state.turns[key];
      return turn ? { ...state, turns: { ...state.turns, [key]: update(turn) } } : state;
    });
  }

  private dropTurn(key: string, only?: LiveTurn): void {
    this.set((state) => {
      const turn = state.turns[key];
      if (!turn || (only && turn !== only)) return state;
      const turns = Object.fromEntries(Object.entries(state.turns).filter(([other]) => other !== key));
      return { ...state, turns };
    });
  }

  // --- actions --------------------------------------------------------------------------------

  /** Sends a message; false when the socket is closed for good (signed out). */
  send(input: SendInput): boolean {
    const requestId = newRequestId();
    const frame: SendAction = {
      action: "chat.send",
      request_id: requestId,
      ...(input.conversationId ? { conversation_id: input.conversationId } : {}),
      models: input.models,
      content: input.content,
      params: input.params,
      verify: input.verify,
      ...(input.verify ? (input.judge ? { judge: input.judge } : {}) : { judge: null }),
      ...(input.pick ? { pick: input.pick } : {}),
      ...(input.assistantId ? { assistant_id: input.assistantId } : {}),
    };
    if (!this.client.send(frame)) return false;
    const pending: PendingSend = { ...input, requestId, createdAt: new Date().toISOString(), frame };
    this.set((state) => ({ ...state, pending: [...state.pending, pending], rejection: null }));
    // What the user just did shows in the same render as their click.
    this.publish(true);
    this.expireLater(requestId);
    return true;
  }

  private expireLater(requestId: string): void {
    setTimeout(() => {
      if (!this.state.pending.some((item) => item.requestId === requestId)) return;
      if (this.client.getStatus() !== "connected") {
        this.expireLater(requestId);
        return;
      }
      this.onRejected({ type: "chat.rejected", request_id: requestId, code: "no_answer", message: "" });
    }, ACK_TIMEOUT_MS);
  }

  /** Stops every model still answering in `conversationId` (null: the new conversation being sent). */
  stopAll(conversationId: string | null): void {
    const requests = new Set<string>();
    for (const pending of this.state.pending) {
      if (pending.conversationId === conversationId) requests.add(pending.requestId);
    }
    for (const turn of Object.values(this.state.turns)) {
      if (turn.conversationId === conversationId && Object.values(turn.answers).some((a) => !isFinal(a.status))) {
        requests.add(turn.requestId);
      }
    }
    for (const requestId of requests) {
      const frame: StopAction = { action: "chat.stop", request_id: requestId };
      this.client.send(frame);
    }
    this.set((state) => ({ ...state, stopping: [...state.stopping, ...requests] }));
    this.publish(true);
  }

  stopModel(requestId: string, model: string): void {
    const frame: StopAction = { action: "chat.stop", request_id: requestId, model };
    this.client.send(frame);
    this.set((state) => ({ ...state, stopping: [...state.stopping, `${requestId}:${model}`] }));
    this.publish(true);
  }

  retry(conversationId: string, turn: number, model: string): void {
    const frame: RetryAction = { action: "chat.retry", conversation_id: conversationId, turn, model };
    if (!this.client.send(frame)) return;
    const key = retryKey(conversationId, turn, model);
    this.set((state) => ({ ...state, retrying: [...state.retrying, key], rejection: null }));
    this.publish(true);
  }

  dismissRejection(): void {
    if (!this.state.rejection) return;
    this.set((state) => ({ ...state, rejection: null }));
    this.publish(true);
  }

  // --- frames ---------------------------------------------------------------------------------

  private onFrame(frame: ServerFrame): void {
    if (frame.type === "chat.rejected") {
      this.onRejected(frame);
      return;
    }
    const key = turnKey(frame.conversation_id, frame.turn);
    if (!this.concerns(key, frame.request_id, frame.conversation_id)) {
      // Another tab of this user is chatting in a conversation this one has not opened.
      if (frame.type === "chat.started" || frame.type === "chat.finished") {
        void this.queryClient.invalidateQueries({ queryKey: chatKeys.lists });
      }
      return;
    }
    switch (frame.type) {
      case "chat.started":
        this.onStarted(key, frame);
        return;
      case "chat.delta":
        this.ensureTurn(key, frame);
        this.updateTurn(key, (turn) => {
          let answer = turn.answers[frame.model] ?? this.fresh(frame.model);
          if (frame.seq <= answer.seq || isFinal(answer.status)) {
            // A replay, or the first delta of a run this tab did not see start (a retry elsewhere).
            if (frame.seq !== 1 || !isFinal(answer.status)) return turn;
            answer = this.fresh(frame.model);
          }
          const gap = frame.seq !== answer.seq + 1;
          const next: LiveAnswer = {
            ...answer,
            status: "streaming",
            text: answer.text + frame.text,
            seq: frame.seq,
            resync: answer.resync || gap,
          };
          return { ...turn, answers: { ...turn.answers, [frame.model]: next } };
        });
        return;
      case "chat.done":
      case "chat.error": {
        const created = this.ensureTurn(key, frame);
        this.updateTurn(key, (turn) => {
          const answer = turn.answers[frame.model] ?? { ...this.fresh(frame.model), resync: true };
          const next: LiveAnswer =
            frame.type === "chat.done"
              ? {
                  ...answer,
                  status: frame.status,
                  usage: frame.usage,
                  cost: frame.cost,
                  ttft_ms: frame.ttft_ms,
                  duration_ms: frame.duration_ms,
                  error: null,
                  resync: answer.resync || created,
                }
              : {
                  ...answer,
                  status: "error",
                  error: { code: frame.code, message: frame.message },
                  resync: answer.resync || created,
                };
          return { ...turn, answers: { ...turn.answers, [frame.model]: next } };
        });
        this.set((state) => ({
          ...state,
          stopping: state.stopping.filter((id) => id !== `${frame.request_id}:${frame.model}`),
        }));
        if (this.state.turns[key]?.answers[frame.model]?.resync) void this.refreshTurn(key);
        this.emit({
          kind: "answer",
          conversationId: frame.conversation_id,
          model: frame.model,
          status: frame.type === "chat.done" ? frame.status : "error",
        });
        return;
      }
      case "chat.verifying":
        this.ensureTurn(key, frame);
        this.updateTurn(key, (turn) => ({ ...turn, verifying: true, verdict: null }));
        return;
      case "chat.verdict":
        this.ensureTurn(key, frame);
        this.updateTurn(key, (turn) => ({ ...turn, verifying: false, verdict: frame.verdict }));
        return;
      case "chat.finished":
        this.onFinished(key, frame.conversation_id, frame.turn, frame.request_id);
        return;
    }
  }

  private concerns(key: string, requestId: string, conversationId: string): boolean {
    return (
      this.state.turns[key] !== undefined ||
      this.state.pending.some((pending) => pending.requestId === requestId) ||
      this.queryClient.getQueryData(chatKeys.conversation(conversationId)) !== undefined
    );
  }

  private fresh(model: string): LiveAnswer {
    return emptyAnswer(model, this.simulated.get(model) ?? false);
  }

  /** The live turn for a frame of a turn this tab did not start; true when it had to be made. */
  private ensureTurn(
    key: string,
    frame: { request_id: string; conversation_id: string; turn: number },
    readIfUnknown = true,
  ): boolean {
    if (this.state.turns[key]) return false;
    const turn: LiveTurn = {
      key,
      conversationId: frame.conversation_id,
      turn: frame.turn,
      requestId: frame.request_id,
      content: null,
      params: {},
      verify: true,
      createdAt: new Date().toISOString(),
      models: [],
      answers: {},
      verifying: false,
      verdict: undefined,
      finished: false,
    };
    this.set((state) => ({ ...state, turns: { ...state.turns, [key]: turn } }));
    if (readIfUnknown && !this.cachedTurn(frame.conversation_id, frame.turn)) {
      void this.queryClient.invalidateQueries({ queryKey: chatKeys.conversation(frame.conversation_id) });
    }
    return true;
  }

  private onStarted(key: string, frame: Extract<ServerFrame, { type: "chat.started" }>): void {
    const pending = this.state.pending.find((item) => item.requestId === frame.request_id);
    const retries = new Set(frame.models.map((model) => retryKey(frame.conversation_id, frame.turn, model)));
    // The user's own message needs no reading back.
    this.ensureTurn(key, frame, !pending);
    this.set((state) => {
      const turn = state.turns[key];
      if (!turn) return state;
      const answers = { ...turn.answers };
      for (const model of frame.models) {
        const current = answers[model];
        // A repeated `chat.started` (the server's answer to a re-sent request) keeps the stream;
        // a retry starts the column again.
        if (!current || isFinal(current.status)) answers[model] = this.fresh(model);
      }
      const next: LiveTurn = {
        ...turn,
        requestId: frame.request_id,
        content: turn.content ?? pending?.content ?? null,
        params: pending?.params ?? turn.params,
        verify: pending?.verify ?? turn.verify,
        createdAt: pending?.createdAt ?? turn.createdAt,
        models: [...turn.models, ...frame.models.filter((model) => !turn.models.includes(model))],
        answers,
        finished: false,
      };
      return {
        ...state,
        turns: { ...state.turns, [key]: next },
        pending: state.pending.filter((item) => item !== pending),
        retrying: state.retrying.filter((id) => !retries.has(id)),
      };
    });
    if (!pending) return;
    if (pending.pick) this.markChosen(frame.conversation_id, pending.pick);
    if (pending.conversationId === null) {
      this.addToSidebar(frame.conversation_id, pending);
      // The page moves to the new conversation (a transition): it must find the turn there.
      this.publish();
      this.emit({ kind: "created", conversationId: frame.conversation_id, requestId: frame.request_id });
    }
  }

  private onFinished(key: string, conversationId: string, turnNumber: number, requestId: string): void {
    const existed = this.state.turns[key] !== undefined;
    this.ensureTurn(key, { request_id: requestId, conversation_id: conversationId, turn: turnNumber });
    this.updateTurn(key, (turn) => ({ ...turn, finished: true, verifying: false }));
    this.set((state) => ({
      ...state,
      stopping: state.stopping.filter((id) => id !== requestId && !id.startsWith(`${requestId}:`)),
    }));
    const turn = this.state.turns[key];
    if (!turn) return;
    const needsStored =
      !existed ||
      Object.values(turn.answers).some((answer) => answer.resync) ||
      (turn.content === null && !this.cachedTurn(conversationId, turnNumber));
    if (needsStored) void this.refreshTurn(key);
    else void this.finalize(key);
    void this.queryClient.invalidateQueries({ queryKey: chatKeys.lists });
    this.emit({ kind: "finished", conversationId, turn: turnNumber });
  }

  private onRejected(frame: Extract<ServerFrame, { type: "chat.rejected" }>): void {
    // A stop that came after the end: nothing left to stop.
    if (frame.code === "request_not_found") {
      this.set((state) => ({ ...state, stopping: [] }));
      return;
    }
    const rejection: Rejection = { code: frame.code, message: frame.message };
    const pending = this.state.pending.find((item) => item.requestId === frame.request_id);
    this.set((state) => ({
      ...state,
      pending: state.pending.filter((item) => item !== pending),
      // A refused retry carries no request id.
      retrying: frame.request_id === null ? [] : state.retrying,
      rejection,
    }));
    if (frame.code === "model_unavailable") void this.queryClient.invalidateQueries({ queryKey: chatKeys.models });
    this.emit({
      kind: "rejected",
      conversationId: pending?.conversationId ?? null,
      content: pending?.content ?? null,
      rejection,
    });
  }

  // --- resync ---------------------------------------------------------------------------------

  private onStatus(): void {
    const status = this.client.getStatus();
    const previous = this.lastStatus;
    this.lastStatus = status;
    if (status !== "connected" || previous === "connected") return;
    if (!this.hadConnection) {
      this.hadConnection = true;
      return;
    }
    // Reconnected: whatever streamed meanwhile was lost.
    this.set((state) => {
      const turns: Record<string, LiveTurn> = {};
      for (const [key, turn] of Object.entries(state.turns)) {
        const answers: Record<string, LiveAnswer> = {};
        for (const [model, answer] of Object.entries(turn.answers)) {
          answers[model] = isFinal(answer.status) ? answer : { ...answer, resync: true };
        }
        turns[key] = { ...turn, answers };
      }
      return { ...state, turns };
    });
    // A send whose `chat.started` was lost is sent again: the server answers a known request id
    // with its `chat.started` instead of starting another turn.
    for (const pending of this.state.pending) this.client.send(pending.frame);
    void this.queryClient.invalidateQueries({ queryKey: ["chat", "conversation"] });
    void this.queryClient.invalidateQueries({ queryKey: chatKeys.lists });
  }

  /** Reads the stored turn and puts its finished answers in place of the columns marked for resync. */
  private async refreshTurn(key: string): Promise<void> {
    const running = this.refreshing.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: true };
    this.refreshing.set(key, entry);
    try {
      while (entry.again) {
        entry.again = false;
        const turn = this.state.turns[key];
        if (!turn) return;
        let stored: Turn;
        try {
          stored = await chatApi.getTurn(turn.conversationId, turn.turn);
        } catch {
          return; // The next reconnect or conversation read will catch up.
        }
        this.applyStored(key, stored);
        const current = this.state.turns[key];
        if (current?.finished && !Object.values(current.answers).some((answer) => answer.resync)) {
          await this.finalize(key, stored);
        }
      }
    } finally {
      this.refreshing.delete(key);
    }
  }

  private applyStored(key: string, stored: Turn): void {
    this.updateTurn(key, (turn) => {
      let changed = false;
      const answers = { ...turn.answers };
      for (const answer of stored.answers) {
        const live = answers[answer.model];
        if (live?.resync && isFinal(answer.status)) {
          answers[answer.model] = storedAnswer(answer, live.seq);
          changed = true;
        }
      }
      return changed ? { ...turn, answers } : turn;
    });
  }

  /** A conversation was read from the server: catch up the live turns that it already holds finished. */
  private reconcile(detail: ConversationDetail): void {
    for (const turn of Object.values(this.state.turns)) {
      if (turn.conversationId !== detail.id) continue;
      const stored = detail.turns.find((item) => item.turn === turn.turn);
      if (!stored) continue;
      this.applyStored(turn.key, stored);
      const current = this.state.turns[turn.key];
      if (
        current &&
        !current.verifying &&
        Object.values(current.answers).every((answer) => isFinal(answer.status)) &&
        storedTurnComplete(stored, current.models)
      ) {
        this.dropTurn(turn.key, current);
      }
    }
  }

  /** Writes a finished turn into the cached conversation and drops its overlay. */
  private async finalize(key: string, stored?: Turn): Promise<void> {
    const turn = this.state.turns[key];
    if (!turn) return;
    const queryKey = chatKeys.conversation(turn.conversationId);
    const fetching = this.queryClient.isFetching({ queryKey }) > 0;
    if (fetching) await this.queryClient.cancelQueries({ queryKey });
    const current = this.state.turns[key];
    if (!current?.finished) return; // A retry started meanwhile.
    const built = stored ?? this.build(current);
    this.queryClient.setQueryData<ConversationDetail>(queryKey, (detail) =>
      detail ? upsertTurn(detail, built) : detail,
    );
    this.dropTurn(key, current);
    if (fetching) void this.queryClient.invalidateQueries({ queryKey });
  }

  private cachedTurn(conversationId: string, turn: number): Turn | undefined {
    return this.queryClient
      .getQueryData<ConversationDetail>(chatKeys.conversation(conversationId))
      ?.turns.find((item) => item.turn === turn);
  }

  private build(turn: LiveTurn): Turn {
    const cached = this.cachedTurn(turn.conversationId, turn.turn);
    const models = [...(cached?.models ?? []), ...turn.models.filter((model) => !cached?.models.includes(model))];
    const answers = models.map((model) => {
      const live = turn.answers[model];
      return live ? liveToAnswer(live) : (cached?.answers.find((a) => a.model === model) ?? liveToAnswer(this.fresh(model)));
    });
    return {
      turn: turn.turn,
      request_id: turn.requestId,
      content: cached?.content ?? turn.content ?? "",
      models,
      params: cached?.params ?? turn.params,
      chosen_model: cached?.chosen_model ?? null,
      verify: cached?.verify ?? turn.verify,
      created_at: cached?.created_at ?? turn.createdAt,
      answers,
      verdict: turn.verdict !== undefined ? turn.verdict : (cached?.verdict ?? null),
    };
  }

  // --- cache side effects ----------------------------------------------------------------------

  private markChosen(conversationId: string, pick: Pick): void {
    this.queryClient.setQueryData<ConversationDetail>(chatKeys.conversation(conversationId), (detail) =>
      detail
        ? {
            ...detail,
            turns: detail.turns.map((turn) => (turn.turn === pick.turn ? { ...turn, chosen_model: pick.model } : turn)),
          }
        : detail,
    );
  }

  private addToSidebar(conversationId: string, pending: PendingSend): void {
    const item: Conversation = {
      id: conversationId,
      title: titleFrom(pending.content),
      created_at: pending.createdAt,
      updated_at: pending.createdAt,
      turn_count: 1,
      last_models: pending.models,
    };
    this.queryClient.setQueryData<InfiniteData<Page<Conversation>, string | null>>(chatKeys.list(""), (data) => {
      if (!data || data.pages.some((page) => page.items.some((entry) => entry.id === conversationId))) return data;
      const [first, ...rest] = data.pages;
      return { ...data, pages: [{ items: [item, ...(first?.items ?? [])], next_cursor: first?.next_cursor ?? null }, ...rest] };
    });
  }
}

/** Whether the conversation (null: the new one) is waiting for answers. */
export function isBusy(state: StreamState, conversationId: string | null): boolean {
  if (state.pending.some((pending) => pending.conversationId === conversationId)) return true;
  return Object.values(state.turns).some(
    (turn) =>
      turn.conversationId === conversationId && Object.values(turn.answers).some((answer) => !isFinal(answer.status)),
  );
}
