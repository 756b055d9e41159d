import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, draftReducer, insertSuggestion, parseTags, toInput } from "./draft";

describe("insertSuggestion", () => {
  it("appends a paragraph to the body with a blank line", () => {
    const draft = { ...EMPTY_DRAFT, body: "Premier paragraphe.\n" };
    expect(insertSuggestion(draft, "continue", " Suite. ").body).toBe("Premier paragraphe.\n\nSuite.\n");
  });

  it("replaces the title without its quotes", () => {
    expect(insertSuggestion(EMPTY_DRAFT, "title", "« Un titre »").title).toBe("Un titre");
  });

  it("fills the meta description and leaves the body alone", () => {
    const draft = { ...EMPTY_DRAFT, body: "Corps" };
    const next = insertSuggestion(draft, "meta_description", "Une description.");
    expect(next.meta_description).toBe("Une description.");
    expect(next.body).toBe("Corps");
  });
});

describe("draftReducer", () => {
  it("marks edits dirty and a save clean", () => {
    const edited = draftReducer({ draft: EMPTY_DRAFT, dirty: false }, { type: "set", field: "title", value: "T" });
    expect(edited).toEqual({ draft: { ...EMPTY_DRAFT, title: "T" }, dirty: true });
    expect(draftReducer(edited, { type: "saved" }).dirty).toBe(false);
  });
});

describe("toInput", () => {
  it("drops cover fields when there is no cover and parses tags", () => {
    const input = toInput({ ...EMPTY_DRAFT, title: " T ", cover_alt: "x", tags: "a, b, a, " });
    expect(input.title).toBe("T");
    expect(input.cover_alt).toBeNull();
    expect(input.tags).toEqual(["a", "b"]);
    expect(parseTags("")).toEqual([]);
  });
});
