// What streams in over the WebSocket, on top of what the server has stored.
//
// The conversation as read from `GET /api/conversations/{id}` stays in the TanStack Query cache; the
// turns being answered right now live here as an overlay (`LiveTurn`) until `chat.finished`, when
// they are written into that cache and dropped. Nothing streamed may be lost: each column keeps the
// last `seq` it appended; a gap, or a reconnect while it streamed, marks it for resync, and once it
// ends its stored answer (`GET /api/conversations/{id}/turns/{turn}`) replaces what was streamed.
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import {
  socket as defaultSocket,
  type SocketClient,
  type SocketStatus,
} from "../../lib/ws";
import {
  chatApi,
  chatKeys,
  isFinal,
  titleFrom,
  type AnswerStatus,
  type ChatParams,
  type Conversation,
  type ConversationDetail,
  type ConversationPage,
  type Turn,
} from "./api";
import {
  EMPTY_STREAM,
  finishedTurn,
  retryKey,
  streamReducer,
  turnKey,
  type LiveTurn,
  type PendingSend,
  type Pick,
  type Rejection,
  type StreamAction,
  type StreamState,
} from "./streamState";
import {
  CHAT_FRAME_TYPES,
  newRequestId,
  parseFrame,
  type RetryAction,
  type SendAction,
  type ServerFrame,
  type StopAction,
} from "./protocol";
import type { AttachedFile } from "./attachments";

export type StreamEvent =
  | { kind: "created"; conversationId: string; requestId: string }
  | {
      kind: "answer";
      conversationId: string;
      model: string;
      status: AnswerStatus;
    }
  | { kind: "finished"; conversationId: string; turn: number }
  | {
      kind: "rejected";
      conversationId: string | null;
      content: string | null;
      rejection: Rejection;
    };

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
  /** Its name as the page showed it: the turn says it without waiting on the assistants' list. */
  assistantName: string | null;
  /** Send as a new version of this turn's message (edit and resend, regenerate), or null. */
  editOf: number | null;
  /** Uploaded files to attach (none: an edit keeps the edited message's). */
  attachments: readonly AttachedFile[];
}

const FLUSH_MS = 50;
// A send the server has not acknowledged by then (while connected) is given back to the user.
const ACK_TIMEOUT_MS = 30_000;

/** Whether the server has nothing more to say about this stored turn. */
export function storedTurnComplete(
  turn: Turn,
  models: readonly string[],
): boolean {
  const byModel = new Map(turn.answers.map((answer) => [answer.model, answer]));
  if (
    !models.every((model) => isFinal(byModel.get(model)?.status ?? "pending"))
  )
    return false;
  if (!turn.answers.every((answer) => isFinal(answer.status))) return false;
  const done = turn.answers.filter(
    (answer) => answer.status === "done" && answer.text,
  ).length;
  return turn.verdict !== null || !turn.verify || done < 2;
}

function upsertTurn(
  detail: ConversationDetail,
  turn: Turn,
): ConversationDetail {
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
  private state: StreamState = EMPTY_STREAM;
  private published: StreamState = EMPTY_STREAM;
  private flushScheduled = false;
  private readonly listeners = new Set<(urgent: boolean) => void>();
  private readonly eventListeners = new Set<(event: StreamEvent) => void>();
  private simulated: Record<string, boolean> = {};
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
    this.dispatch({ type: "reset" });
    this.publish();
  }

  /** Which models answer with a simulator (live answers carry it before the stored ones do). */
  setModels(models: readonly { id: string; simulated: boolean }[]): void {
    this.simulated = {
      ...this.simulated,
      ...Object.fromEntries(models.map((model) => [model.id, model.simulated])),
    };
  }

  private dispatch(action: StreamAction): void {
    this.state = streamReducer(this.state, action);
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

  // --- actions --------------------------------------------------------------------------------

  /** Sends a message; false when the socket is closed for good (signed out). */
  send(input: SendInput): boolean {
    const requestId = newRequestId();
    const frame: SendAction = {
      action: "chat.send",
      request_id: requestId,
      ...(input.conversationId
        ? { conversation_id: input.conversationId }
        : {}),
      models: input.models,
      content: input.content,
      params: input.params,
      verify: input.verify,
      ...(input.verify
        ? input.judge
          ? { judge: input.judge }
          : {}
        : { judge: null }),
      ...(input.pick ? { pick: input.pick } : {}),
      ...(input.assistantId ? { assistant_id: input.assistantId } : {}),
      ...(input.editOf !== null ? { edit_of: input.editOf } : {}),
      ...(input.attachments.length
        ? { attachments: input.attachments.map((file) => file.upload_id) }
        : {}),
    };
    if (!this.client.send(frame)) return false;
    const pending: PendingSend = {
      ...input,
      requestId,
      createdAt: new Date().toISOString(),
      frame,
    };
    this.dispatch({ type: "sent", pending });
    // What the user just did shows in the same render as their click.
    this.publish(true);
    this.expireLater(requestId);
    return true;
  }

  private expireLater(requestId: string): void {
    setTimeout(() => {
      if (!this.state.pending.some((item) => item.requestId === requestId))
        return;
      if (this.client.getStatus() !== "connected") {
        this.expireLater(requestId);
        return;
      }
      this.onRejected({
        type: "chat.rejected",
        request_id: requestId,
        code: "no_answer",
        message: "",
      });
    }, ACK_TIMEOUT_MS);
  }

  /** Stops every model still answering in `conversationId` (null: the new conversation being sent). */
  stopAll(conversationId: string | null): void {
    const requests = new Set<string>();
    for (const pending of this.state.pending) {
      if (pending.conversationId === conversationId)
        requests.add(pending.requestId);
    }
    for (const turn of Object.values(this.state.turns)) {
      if (
        turn.conversationId === conversationId &&
        Object.values(turn.answers).some((a) => !isFinal(a.status))
      ) {
        requests.add(turn.requestId);
      }
    }
    for (const requestId of requests) {
      const frame: StopAction = { action: "chat.stop", request_id: requestId };
      this.client.send(frame);
    }
    this.dispatch({ type: "stop-asked", ids: [...requests] });
    this.publish(true);
  }

  stopModel(requestId: string, model: string): void {
    const frame: StopAction = {
      action: "chat.stop",
      request_id: requestId,
      model,
    };
    this.client.send(frame);
    this.dispatch({ type: "stop-asked", ids: [`${requestId}:${model}`] });
    this.publish(true);
  }

  retry(conversationId: string, turn: number, model: string): void {
    const frame: RetryAction = {
      action: "chat.retry",
      conversation_id: conversationId,
      turn,
      model,
    };
    if (!this.client.send(frame)) return;
    const key = retryKey(conversationId, turn, model);
    this.dispatch({ type: "retry-asked", key });
    this.publish(true);
  }

  dismissRejection(): void {
    if (!this.state.rejection) return;
    this.dispatch({ type: "rejection-dismissed" });
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
        // A first delta may come before `chat.started` (announced while the fan-out starts): a
        // turn this tab sent needs no reading back.
        this.ensureTurn(key, frame, !this.sentHere(frame.request_id));
        this.dispatch({ type: "delta", key, frame, simulated: this.simulated });
        return;
      case "chat.done":
      case "chat.error": {
        const created = this.ensureTurn(key, frame);
        this.dispatch({
          type: "answer-ended",
          key,
          frame,
          created,
          simulated: this.simulated,
        });
        if (this.state.turns[key]?.answers[frame.model]?.resync)
          void this.refreshTurn(key);
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
        this.dispatch({ type: "verifying", key });
        return;
      case "chat.verdict":
        this.ensureTurn(key, frame);
        this.dispatch({ type: "verdict", key, verdict: frame.verdict });
        return;
      case "chat.finished":
        this.onFinished(
          key,
          frame.conversation_id,
          frame.turn,
          frame.request_id,
        );
        return;
    }
  }

  private concerns(
    key: string,
    requestId: string,
    conversationId: string,
  ): boolean {
    return (
      this.state.turns[key] !== undefined ||
      this.sentHere(requestId) ||
      this.queryClient.getQueryData(chatKeys.conversation(conversationId)) !==
        undefined
    );
  }

  /** The live turn for a frame of a turn this tab did not start; true when it had to be made. */
  private ensureTurn(
    key: string,
    frame: { request_id: string; conversation_id: string; turn: number },
    readIfUnknown = true,
  ): boolean {
    if (this.state.turns[key]) return false;
    this.dispatch({
      type: "turn-seen",
      key,
      frame,
      now: new Date().toISOString(),
    });
    if (readIfUnknown && !this.cachedTurn(frame.conversation_id, frame.turn)) {
      void this.queryClient.invalidateQueries({
        queryKey: chatKeys.conversation(frame.conversation_id),
      });
    }
    return true;
  }

  private sentHere(requestId: string): boolean {
    return this.state.pending.some((item) => item.requestId === requestId);
  }

  private onStarted(
    key: string,
    frame: Extract<ServerFrame, { type: "chat.started" }>,
  ): void {
    const pending = this.state.pending.find(
      (item) => item.requestId === frame.request_id,
    );
    // The user's own message needs no reading back.
    this.ensureTurn(key, frame, !pending);
    this.dispatch({ type: "started", key, frame, simulated: this.simulated });
    if (!pending) return;
    if (pending.pick) this.markChosen(frame.conversation_id, pending.pick);
    // A new version branches the conversation: read the branch now shown (the old one stays stored).
    if (pending.editOf !== null)
      void this.queryClient.invalidateQueries({
        queryKey: chatKeys.conversation(frame.conversation_id),
      });
    if (pending.conversationId === null) {
      this.addToSidebar(frame.conversation_id, pending);
      // The page moves to the new conversation (a transition): it must find the turn there.
      this.publish();
      this.emit({
        kind: "created",
        conversationId: frame.conversation_id,
        requestId: frame.request_id,
      });
    }
  }

  private onFinished(
    key: string,
    conversationId: string,
    turnNumber: number,
    requestId: string,
  ): void {
    const existed = this.state.turns[key] !== undefined;
    this.ensureTurn(key, {
      request_id: requestId,
      conversation_id: conversationId,
      turn: turnNumber,
    });
    this.dispatch({ type: "finished", key, requestId });
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

  private onRejected(
    frame: Extract<ServerFrame, { type: "chat.rejected" }>,
  ): void {
    const rejection: Rejection = { code: frame.code, message: frame.message };
    const pending = this.state.pending.find(
      (item) => item.requestId === frame.request_id,
    );
    this.dispatch({ type: "rejected", requestId: frame.request_id, rejection });
    if (frame.code === "request_not_found") return;
    if (frame.code === "model_unavailable")
      void this.queryClient.invalidateQueries({ queryKey: chatKeys.models });
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
    this.dispatch({ type: "reconnected" });
    // A send whose `chat.started` was lost is sent again: the server answers a known request id
    // with its `chat.started` instead of starting another turn.
    for (const pending of this.state.pending) this.client.send(pending.frame);
    void this.queryClient.invalidateQueries({
      queryKey: ["chat", "conversation"],
    });
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
        if (
          current?.finished &&
          !Object.values(current.answers).some((answer) => answer.resync)
        ) {
          await this.finalize(key, stored);
        }
      }
    } finally {
      this.refreshing.delete(key);
    }
  }

  private applyStored(key: string, stored: Turn): void {
    this.dispatch({ type: "stored-read", key, stored });
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
        Object.values(current.answers).every((answer) =>
          isFinal(answer.status),
        ) &&
        storedTurnComplete(stored, current.models)
      ) {
        this.dispatch({ type: "turn-dropped", key: turn.key, only: current });
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
    if (current.editOf !== null) {
      // A new version: the branch is read again, and the overlay goes once that read holds it finished.
      void this.queryClient.invalidateQueries({ queryKey });
      return;
    }
    const built = stored ?? this.build(current);
    this.queryClient.setQueryData<ConversationDetail>(queryKey, (detail) =>
      detail ? upsertTurn(detail, built) : detail,
    );
    this.dispatch({ type: "turn-dropped", key, only: current });
    if (fetching) void this.queryClient.invalidateQueries({ queryKey });
  }

  private cachedTurn(conversationId: string, turn: number): Turn | undefined {
    return this.queryClient
      .getQueryData<ConversationDetail>(chatKeys.conversation(conversationId))
      ?.turns.find((item) => item.turn === turn);
  }

  private build(turn: LiveTurn): Turn {
    return finishedTurn(
      turn,
      this.cachedTurn(turn.conversationId, turn.turn),
      this.simulated,
    );
  }

  // --- cache side effects ----------------------------------------------------------------------

  private markChosen(conversationId: string, pick: Pick): void {
    this.queryClient.setQueryData<ConversationDetail>(
      chatKeys.conversation(conversationId),
      (detail) =>
        detail
          ? {
              ...detail,
              turns: detail.turns.map((turn) =>
                turn.turn === pick.turn
                  ? { ...turn, chosen_model: pick.model }
                  : turn,
              ),
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
      pinned: false,
    };
    this.queryClient.setQueryData<
      InfiniteData<ConversationPage, string | null>
    >(chatKeys.list(""), (data) => {
      if (
        !data ||
        data.pages.some((page) =>
          page.items.some((entry) => entry.id === conversationId),
        )
      )
        return data;
      const [first, ...rest] = data.pages;
      return {
        ...data,
        pages: [
          {
            items: [item, ...(first?.items ?? [])],
            next_cursor: first?.next_cursor ?? null,
          },
          ...rest,
        ],
      };
    });
  }
}
