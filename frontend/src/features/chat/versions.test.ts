import { describe, expect, it } from "vitest";
import type { ConversationDetail, Turn } from "./api";
import { EMPTY_STREAM, type LiveTurn, type PendingSend } from "./streamState";
import { before, versionInfo } from "./versions";
import { turnViews } from "./view";

function turn(n: number, content: string, versions: number[] = [n]): Turn {
  return {
    turn: n,
    parent: n - 1 || null,
    versions,
    request_id: `r${n}`,
    content,
    models: ["gpt-4o"],
    params: {},
    chosen_model: null,
    verify: false,
    created_at: "2026-12-01T09:00:00Z",
    answers: [],
    verdict: null,
  };
}

const detail: ConversationDetail = {
  id: "c1",
  title: "Essai",
  created_at: "2026-12-01T09:00:00Z",
  updated_at: "2026-12-01T09:00:00Z",
  turn_count: 3,
  last_models: ["gpt-4o"],
  pinned: false,
  turns: [turn(1, "Un"), turn(2, "Deux", [2, 4]), turn(3, "Trois")],
};

describe("versionInfo", () => {
  it("places a turn among its message's versions", () => {
    expect(versionInfo(4, [2, 4, 7])).toEqual({
      index: 2,
      count: 3,
      previous: 2,
      next: 7,
    });
    expect(versionInfo(2, [2, 4])).toEqual({
      index: 1,
      count: 2,
      previous: null,
      next: 4,
    });
  });

  it("counts a turn without versions as the only one", () => {
    expect(versionInfo(5, undefined)).toEqual({
      index: 1,
      count: 1,
      previous: null,
      next: null,
    });
    expect(versionInfo(5, [])).toEqual({
      index: 1,
      count: 1,
      previous: null,
      next: null,
    });
  });
});

describe("a new version on its way", () => {
  it("shows the turns before the edited one only", () => {
    expect(before(detail.turns, 2).map((item) => item.content)).toEqual(["Un"]);
    expect(before(detail.turns, null)).toBe(detail.turns);
    expect(before(detail.turns, 9)).toBe(detail.turns);
  });

  it("puts the edit in place of the edited turn and what followed it", () => {
    const pending: PendingSend = {
      requestId: "r-edit",
      conversationId: "c1",
      content: "Deux, autrement",
      models: ["gpt-4o"],
      params: {},
      verify: false,
      pick: null,
      editOf: 2,
      createdAt: "2026-12-01T09:05:00Z",
      frame: {
        action: "chat.send",
        request_id: "r-edit",
        models: ["gpt-4o"],
        content: "Deux, autrement",
        edit_of: 2,
      },
    };
    const views = turnViews("c1", detail, {
      ...EMPTY_STREAM,
      pending: [pending],
    });
    expect(views.map((view) => view.content)).toEqual([
      "Un",
      "Deux, autrement",
    ]);
    expect(
      turnViews("c1", detail, EMPTY_STREAM).map((view) => view.versions),
    ).toEqual([[1], [2, 4], [3]]);
  });

  it("leaves out a finished new version once another version is shown", () => {
    const finished: LiveTurn = {
      key: "c1:4",
      conversationId: "c1",
      turn: 4,
      requestId: "r-edit",
      content: "Deux, autrement",
      params: {},
      verify: false,
      createdAt: "2026-12-01T09:05:00Z",
      models: ["gpt-4o"],
      answers: {},
      verifying: false,
      verdict: null,
      finished: true,
      editOf: 2,
      assistantId: null,
    };
    const views = turnViews("c1", detail, {
      ...EMPTY_STREAM,
      turns: { [finished.key]: finished },
    });
    expect(views.map((view) => view.content)).toEqual(["Un", "Deux", "Trois"]);
    const streaming = { ...finished, finished: false };
    const during = turnViews("c1", detail, {
      ...EMPTY_STREAM,
      turns: { [finished.key]: streaming },
    });
    expect(during.map((view) => view.content)).toEqual([
      "Un",
      "Deux, autrement",
    ]);
  });
});
