import { describe, expect, it } from "vitest";
import { hitPath, snippetParts } from "./messageSearch";

describe("snippetParts", () => {
  it("marks the highlighted ranges in order", () => {
    const parts = snippetParts("…la photosynthèse des érables", [
      { start: 22, end: 28 },
      { start: 4, end: 14 },
    ]);
    expect(parts).toEqual([
      { text: "…la ", marked: false },
      { text: "photosynth", marked: true },
      { text: "èse des ", marked: false },
      { text: "érable", marked: true },
      { text: "s", marked: false },
    ]);
  });

  it("ignores ranges outside the snippet or overlapping one already marked", () => {
    expect(
      snippetParts("abc", [
        { start: 1, end: 9 },
        { start: 2, end: 3 },
        { start: 5, end: 6 },
      ]),
    ).toEqual([
      { text: "a", marked: false },
      { text: "bc", marked: true },
    ]);
    expect(snippetParts("abc", [])).toEqual([{ text: "abc", marked: false }]);
  });
});

describe("hitPath", () => {
  it("opens the conversation at the turn", () => {
    expect(hitPath({ conversation_id: "c1", turn: 3 })).toBe("/chat/c1?turn=3");
  });
});
