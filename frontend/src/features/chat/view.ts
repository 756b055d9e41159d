// The turns of a conversation as shown: stored turns, with the live overlay and the sends not yet
// acknowledged on top.
import type {
  Answer,
  ChatParams,
  ConversationDetail,
  Turn,
  Verdict,
} from "./api";
import {
  emptyAnswer,
  turnKey,
  type LiveTurn,
  type PendingSend,
  type StreamState,
} from "./streamState";
import { before } from "./versions";
import type { AttachmentKind } from "./attachments";

export interface TurnView {
  key: string;
  conversationId: string | null;
  /** Null while the send is not acknowledged. */
  turn: number | null;
  requestId: string | null;
  content: string;
  models: string[];
  params: ChatParams;
  chosenModel: string | null;
  verify: boolean;
  /** The assistant the turn was sent with, or null. */
  assistantId: string | null;
  /** The assistant's name as it was when this page sent the turn (null: look it up by id). */
  assistantName: string | null;
  createdAt: string;
  answers: Answer[];
  verdict: Verdict | null;
  verifying: boolean;
  live: boolean;
  /** Every version of this message (turn numbers, oldest first). */
  versions: readonly number[];
  /** The files the message carried. */
  attachments: readonly { filename: string; kind: AttachmentKind }[];
}

// Stored turns keep their view object, so their columns do not render again while another streams.
const storedViews = new WeakMap<Turn, TurnView>();

function storedView(conversationId: string, turn: Turn): TurnView {
  let view = storedViews.get(turn);
  if (!view) {
    const byModel = new Map(
      turn.answers.map((answer) => [answer.model, answer]),
    );
    view = {
      key: turnKey(conversationId, turn.turn),
      conversationId,
      turn: turn.turn,
      requestId: turn.request_id,
      content: turn.content,
      models: turn.models,
      params: turn.params,
      chosenModel: turn.chosen_model,
      verify: turn.verify,
      assistantId: turn.assistant_id ?? null,
      assistantName: turn.assistant_name ?? null,
      createdAt: turn.created_at,
      answers: turn.models.map(
        (model) => byModel.get(model) ?? emptyAnswer(model),
      ),
      verdict: turn.verdict,
      verifying: false,
      live: false,
      versions: turn.versions ?? [turn.turn],
      attachments: turn.attachments ?? [],
    };
    storedViews.set(turn, view);
  }
  return view;
}

function liveView(live: LiveTurn, stored: Turn | undefined): TurnView {
  const models = [
    ...(stored?.models ?? []),
    ...live.models.filter((model) => !stored?.models.includes(model)),
  ];
  const byModel = new Map(
    stored?.answers.map((answer) => [answer.model, answer]),
  );
  return {
    key: live.key,
    conversationId: live.conversationId,
    turn: live.turn,
    requestId: live.requestId,
    content: stored?.content ?? live.content ?? "",
    models,
    params: stored?.params ?? live.params,
    chosenModel: stored?.chosen_model ?? null,
    verify: stored?.verify ?? live.verify,
    assistantId: stored?.assistant_id ?? live.assistantId,
    assistantName: stored?.assistant_name ?? live.assistantName ?? null,
    createdAt: stored?.created_at ?? live.createdAt,
    answers: models.map(
      (model) =>
        live.answers[model] ?? byModel.get(model) ?? emptyAnswer(model),
    ),
    verdict: live.verifying
      ? null
      : live.verdict !== undefined
        ? live.verdict
        : (stored?.verdict ?? null),
    verifying: live.verifying,
    live: true,
    versions: stored?.versions ?? [live.turn],
    attachments: stored?.attachments ?? live.attachments ?? [],
  };
}

function pendingView(pending: PendingSend): TurnView {
  return {
    key: pending.requestId,
    conversationId: pending.conversationId,
    turn: null,
    requestId: pending.requestId,
    content: pending.content,
    models: pending.models,
    params: pending.params,
    chosenModel: null,
    verify: pending.verify,
    assistantId: pending.frame.assistant_id ?? null,
    assistantName: pending.assistantName ?? null,
    createdAt: pending.createdAt,
    answers: pending.models.map((model) => emptyAnswer(model)),
    verdict: null,
    verifying: false,
    live: true,
    versions: [],
    attachments: pending.attachments ?? [],
  };
}

/** Every turn of `conversationId` (null: the new conversation), oldest first. */
export function turnViews(
  conversationId: string | null,
  detail: ConversationDetail | undefined,
  state: StreamState,
): TurnView[] {
  const views: TurnView[] = [];
  if (conversationId !== null) {
    const live = Object.values(state.turns).filter(
      (turn) => turn.conversationId === conversationId,
    );
    const liveByTurn = new Map(live.map((turn) => [turn.turn, turn]));
    const edit = editBeingSent(conversationId, state, detail);
    const storedTurns = before(
      detail?.id === conversationId ? detail.turns : [],
      edit,
    );
    for (const turn of storedTurns) {
      const overlay = liveByTurn.get(turn.turn);
      views.push(
        overlay ? liveView(overlay, turn) : storedView(conversationId, turn),
      );
      liveByTurn.delete(turn.turn);
    }
    // Turns that streamed in before the conversation was read again.
    // A finished new version missing from the stored branch belongs to another branch (the user switched).
    const unread = [...liveByTurn.values()].filter(
      (overlay) => overlay.editOf === null || !overlay.finished,
    );
    for (const overlay of unread.sort((a, b) => a.turn - b.turn))
      views.push(liveView(overlay, undefined));
  }
  for (const pending of state.pending) {
    if (pending.conversationId === conversationId)
      views.push(pendingView(pending));
  }
  return views;
}

/** The turn whose new version is on its way and not yet in the stored branch, or null. */
function editBeingSent(
  conversationId: string,
  state: StreamState,
  detail: ConversationDetail | undefined,
): number | null {
  const stored = new Set(
    detail?.id === conversationId ? detail.turns.map((turn) => turn.turn) : [],
  );
  const pending = state.pending.find(
    (item) => item.conversationId === conversationId && item.editOf !== null,
  );
  if (pending) return pending.editOf;
  const live = Object.values(state.turns).find(
    (turn) =>
      turn.conversationId === conversationId &&
      turn.editOf !== null &&
      !turn.finished &&
      !stored.has(turn.turn),
  );
  return live?.editOf ?? null;
}

/** What a column can ask for; one stable object for the whole page. */
export interface ChatActions {
  stop: (requestId: string, model: string) => void;
  retry: (conversationId: string, turn: number, model: string) => void;
  pick: (turn: number, model: string) => void;
}
