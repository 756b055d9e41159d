import { describe, expect, it } from "vitest";
import type { Turn } from "./api";
import type { ServerFrame } from "./protocol";
import {
  EMPTY_STREAM,
  emptyAnswer,
  finishedTurn,
  streamReducer,
  turnKey,
  type PendingSend,
  type StreamAction,
  type StreamState,
} from "./streamState";

type FrameOf<T extends ServerFrame["type"]> = Extract<ServerFrame, { type: T }>;

const CONVERSATION = "c1";
const REQUEST = "r1";
const KEY = turnKey(CONVERSATION, 1);
const base = { request_id: REQUEST, conversation_id: CONVERSATION, turn: 1 };
const simulated = { "gpt-4o": false, "claude-sonnet": true };

const started = (models: string[]): StreamAction => ({
  type: "started",
  key: KEY,
  frame: { ...base, type: "chat.started", models },
  simulated,
});
const delta = (model: string, seq: number, text: string): StreamAction => ({
  type: "delta",
  key: KEY,
  frame: { ...base, type: "chat.delta", model, seq, text },
  simulated,
});
const done = (
  model: string,
  status: "done" | "stopped" = "done",
): StreamAction => ({
  type: "answer-ended",
  key: KEY,
  created: false,
  simulated,
  frame: {
    ...base,
    type: "chat.done",
    model,
    status,
    usage: { input_tokens: 3, output_tokens: 5 },
    cost: 0.001,
    ttft_ms: 120,
    duration_ms: 900,
  } satisfies FrameOf<"chat.done">,
});

function run(
  actions: StreamAction[],
  from: StreamState = EMPTY_STREAM,
): StreamState {
  return actions.reduce(streamReducer, from);
}

/** A turn this tab sent, acknowledged by `chat.started` for `models`. */
function streaming(models: string[]): StreamState {
  return run([
    { type: "turn-seen", key: KEY, frame: base, now: "2026-01-01T00:00:00Z" },
    started(models),
  ]);
}

describe("streamReducer", () => {
  it("appends deltas in seq order and ignores a replayed or late one", () => {
    // Given a column that received 1, 2 and 3, then 2 again (a replay after a re-send)
    const state = run(
      [
        delta("gpt-4o", 1, "Bon"),
        delta("gpt-4o", 2, "jour"),
        delta("gpt-4o", 3, " !"),
        delta("gpt-4o", 2, "jour"),
      ],
      streaming(["gpt-4o"]),
    );

    // Then the text is said once, in order, and the column is not marked for resync
    const answer = state.turns[KEY]?.answers["gpt-4o"];
    expect(answer?.text).toBe("Bonjour !");
    expect(answer?.seq).toBe(3);
    expect(answer?.status).toBe("streaming");
    expect(answer?.resync).toBe(false);
  });

  it("marks a column for resync when deltas arrive out of order", () => {
    const state = run(
      [delta("gpt-4o", 2, "jour"), delta("gpt-4o", 1, "Bon")],
      streaming(["gpt-4o"]),
    );

    const answer = state.turns[KEY]?.answers["gpt-4o"];
    // The second delta came first: what streamed is incomplete until the stored answer replaces it.
    expect(answer?.resync).toBe(true);
    expect(answer?.text).toBe("jour");
  });

  it("marks a column for resync on a gap in seq, and the stored answer replaces what streamed", () => {
    const gapped = run(
      [delta("gpt-4o", 1, "Un"), delta("gpt-4o", 3, " trois")],
      streaming(["gpt-4o"]),
    );
    expect(gapped.turns[KEY]?.answers["gpt-4o"]?.resync).toBe(true);

    const ended = run([done("gpt-4o")], gapped);
    const stored: Turn = {
      turn: 1,
      request_id: REQUEST,
      content: "Compte",
      models: ["gpt-4o"],
      params: {},
      chosen_model: null,
      verify: false,
      created_at: "2026-01-01T00:00:00Z",
      answers: [
        { ...emptyAnswer("gpt-4o"), status: "done", text: "Un deux trois" },
      ],
      verdict: null,
    };
    const repaired = streamReducer(ended, {
      type: "stored-read",
      key: KEY,
      stored,
    });

    const answer = repaired.turns[KEY]?.answers["gpt-4o"];
    expect(answer?.text).toBe("Un deux trois");
    expect(answer?.resync).toBe(false);
    expect(answer?.seq).toBe(3);
  });

  it("marks every running column for resync on a reconnect mid-turn, not the finished ones", () => {
    const state = run(
      [
        delta("gpt-4o", 1, "Bon"),
        delta("claude-sonnet", 1, "Salut"),
        done("claude-sonnet"),
        { type: "reconnected" },
      ],
      streaming(["gpt-4o", "claude-sonnet"]),
    );

    expect(state.turns[KEY]?.answers["gpt-4o"]?.resync).toBe(true);
    expect(state.turns[KEY]?.answers["claude-sonnet"]?.resync).toBe(false);
    expect(state.turns[KEY]?.answers["claude-sonnet"]?.status).toBe("done");
  });

  it("keeps the stream when the server repeats chat.started for a re-sent request", () => {
    const state = run(
      [delta("gpt-4o", 1, "Bon"), started(["gpt-4o"])],
      streaming(["gpt-4o"]),
    );

    expect(state.turns[KEY]?.answers["gpt-4o"]?.text).toBe("Bon");
  });

  it("ends a stopped column with its partial text and forgets that it was asked to stop", () => {
    const state = run(
      [
        delta("gpt-4o", 1, "Début"),
        { type: "stop-asked", ids: [`${REQUEST}:gpt-4o`] },
        done("gpt-4o", "stopped"),
      ],
      streaming(["gpt-4o", "claude-sonnet"]),
    );

    const answer = state.turns[KEY]?.answers["gpt-4o"];
    expect(answer?.status).toBe("stopped");
    expect(answer?.text).toBe("Début");
    expect(answer?.usage.output_tokens).toBe(5);
    expect(state.stopping).toEqual([]);
    // The other column keeps answering.
    expect(state.turns[KEY]?.answers["claude-sonnet"]?.status).toBe("pending");
  });

  it("ignores deltas after a column ended, unless a retry starts it again at seq 1", () => {
    const ended = run(
      [delta("gpt-4o", 1, "Vieux"), done("gpt-4o")],
      streaming(["gpt-4o"]),
    );

    expect(
      run([delta("gpt-4o", 2, " reste")], ended).turns[KEY]?.answers["gpt-4o"]
        ?.text,
    ).toBe("Vieux");
    const retried = run([delta("gpt-4o", 1, "Neuf")], ended).turns[KEY]
      ?.answers["gpt-4o"];
    expect(retried?.text).toBe("Neuf");
    expect(retried?.status).toBe("streaming");
  });

  it("takes a sent message off the pending list when it starts, with its content, assistant and simulator flag", () => {
    const pending: PendingSend = {
      requestId: REQUEST,
      conversationId: CONVERSATION,
      content: "Bonjour",
      models: ["claude-sonnet"],
      params: { temperature: 0.2 },
      verify: false,
      pick: null,
      editOf: null,
      createdAt: "2026-01-01T00:00:01Z",
      frame: {
        action: "chat.send",
        request_id: REQUEST,
        models: ["claude-sonnet"],
        content: "Bonjour",
        assistant_id: "redacteur",
      },
    };
    const state = run([
      { type: "sent", pending },
      { type: "turn-seen", key: KEY, frame: base, now: "2026-01-01T00:00:02Z" },
      started(["claude-sonnet"]),
    ]);

    expect(state.pending).toEqual([]);
    const turn = state.turns[KEY];
    expect(turn?.content).toBe("Bonjour");
    expect(turn?.params).toEqual({ temperature: 0.2 });
    expect(turn?.createdAt).toBe("2026-01-01T00:00:01Z");
    // Shown on the turn before the stored conversation is read again.
    expect(turn?.assistantId).toBe("redacteur");
    expect(turn?.answers["claude-sonnet"]?.simulated).toBe(true);
  });

  it("gives a rejected message back and keeps the rejection until dismissed", () => {
    const pending: PendingSend = {
      requestId: REQUEST,
      conversationId: null,
      content: "Bonjour",
      models: ["gpt-4o"],
      params: {},
      verify: false,
      pick: null,
      editOf: null,
      createdAt: "2026-01-01T00:00:01Z",
      frame: {
        action: "chat.send",
        request_id: REQUEST,
        models: ["gpt-4o"],
        content: "Bonjour",
      },
    };
    const rejected = run([
      { type: "sent", pending },
      {
        type: "rejected",
        requestId: REQUEST,
        rejection: { code: "quota_exceeded", message: "Quota" },
      },
    ]);

    expect(rejected.pending).toEqual([]);
    expect(rejected.rejection).toEqual({
      code: "quota_exceeded",
      message: "Quota",
    });
    expect(
      streamReducer(rejected, { type: "rejection-dismissed" }).rejection,
    ).toBeNull();
  });

  it("drops a finished turn only when it did not change since it was read", () => {
    const state = streaming(["gpt-4o"]);
    const seen = state.turns[KEY];
    const changed = run([delta("gpt-4o", 1, "x")], state);

    expect(
      streamReducer(changed, { type: "turn-dropped", key: KEY, only: seen })
        .turns[KEY],
    ).toBeDefined();
    expect(
      streamReducer(state, { type: "turn-dropped", key: KEY, only: seen })
        .turns[KEY],
    ).toBeUndefined();
  });

  it("keeps what the stored turn says (assistant, parameters, versions) when a finished live turn enters the cache", () => {
    const live = run([delta("gpt-4o", 1, "Bonjour")], streaming(["gpt-4o"]))
      .turns[KEY];
    if (!live) throw new Error("no live turn");
    const stored: Turn = {
      turn: 1,
      request_id: REQUEST,
      content: "Écris un article",
      models: ["gpt-4o"],
      params: { system: "Tu es Rédacteur", temperature: 0.7 },
      chosen_model: null,
      verify: false,
      created_at: "2026-01-01T00:00:01Z",
      assistant_id: "redacteur",
      assistant_name: "Rédacteur",
      versions: [1],
      judge: null,
      answers: [emptyAnswer("gpt-4o")],
      verdict: null,
    };

    const built = finishedTurn(live, stored, simulated);

    expect(built.assistant_id).toBe("redacteur");
    expect(built.assistant_name).toBe("Rédacteur");
    expect(built.params).toEqual(stored.params);
    expect(built.versions).toEqual([1]);
    expect(built.answers[0]?.text).toBe("Bonjour");
    expect(built.answers[0]).not.toHaveProperty("seq");
  });

  it("names the assistant this tab sent a finished turn with when the conversation was never read", () => {
    const seen = streaming(["gpt-4o"]).turns[KEY];
    if (!seen) throw new Error("no live turn");
    const live = {
      ...seen,
      assistantId: "redacteur",
      assistantName: "Rédacteur",
    };

    const built = finishedTurn(live, undefined, simulated);

    expect(built.assistant_id).toBe("redacteur");
    expect(built.assistant_name).toBe("Rédacteur");
  });
});
