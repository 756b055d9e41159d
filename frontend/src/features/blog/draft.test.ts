import { describe, expect, it } from "vitest";
import {
  EMPTY_DRAFT,
  draftReducer,
  imageMarkdown,
  insertAt,
  insertSuggestion,
  parseTags,
  toInput,
} from "./draft";

describe("insertSuggestion", () => {
  it("appends a paragraph to the body with a blank line", () => {
    const draft = { ...EMPTY_DRAFT, body: "Premier paragraphe.\n" };
    expect(insertSuggestion(draft, "continue", " Suite. ").body).toBe(
      "Premier paragraphe.\n\nSuite.\n",
    );
  });

  it("replaces the title without its quotes", () => {
    expect(insertSuggestion(EMPTY_DRAFT, "title", "« Un titre »").title).toBe(
      "Un titre",
    );
  });

  it("fills the meta description and leaves the body alone", () => {
    const draft = { ...EMPTY_DRAFT, body: "Corps" };
    const next = insertSuggestion(
      draft,
      "meta_description",
      "Une description.",
    );
    expect(next.meta_description).toBe("Une description.");
    expect(next.body).toBe("Corps");
  });
});

describe("draftReducer", () => {
  it("marks edits dirty and a save clean", () => {
    const edited = draftReducer(
      { draft: EMPTY_DRAFT, dirty: false },
      { type: "set", field: "title", value: "T" },
    );
    expect(edited).toEqual({
      draft: { ...EMPTY_DRAFT, title: "T" },
      dirty: true,
    });
    expect(draftReducer(edited, { type: "saved" }).dirty).toBe(false);
  });
});

describe("toInput", () => {
  it("drops cover fields when there is no cover and parses tags", () => {
    const input = toInput({
      ...EMPTY_DRAFT,
      title: " T ",
      cover_alt: "x",
      tags: "a, b, a, ",
    });
    expect(input.title).toBe("T");
    expect(input.cover_alt).toBeNull();
    expect(input.tags).toEqual(["a", "b"]);
    expect(parseTags("")).toEqual([]);
  });
});

describe("images", () => {
  it("writes the image as Markdown whose alt text and address cannot break out", () => {
    expect(imageMarkdown("Un phare [la nuit]", "/blog/images/ab.png")).toBe(
      "![Un phare \\[la nuit\\]](/blog/images/ab.png)",
    );
    expect(imageMarkdown("x", "/blog/images/a (1).png")).toBe(
      "![x](/blog/images/a%20%281%29.png)",
    );
  });

  it("inserts a paragraph of its own at the cursor", () => {
    expect(insertAt("Avant.Après.", 6, "![a](/i.png)")).toBe(
      "Avant.\n\n![a](/i.png)\n\nAprès.",
    );
    expect(insertAt("Avant.\n\nAprès.", 8, "![a](/i.png)")).toBe(
      "Avant.\n\n![a](/i.png)\n\nAprès.",
    );
    expect(insertAt("", 0, "![a](/i.png)")).toBe("![a](/i.png)\n");
    expect(insertAt("Fin.", 99, "![a](/i.png)")).toBe("Fin.\n\n![a](/i.png)\n");
  });

  it("sets the cover with its size and marks the draft unsaved", () => {
    const next = draftReducer(
      { draft: EMPTY_DRAFT, dirty: false },
      {
        type: "cover",
        url: "/blog/images/ab.png",
        alt: "Un phare",
        width: 1024,
        height: 768,
      },
    );
    expect(next.dirty).toBe(true);
    expect(toInput({ ...next.draft, title: "T" })).toMatchObject({
      cover_url: "/blog/images/ab.png",
      cover_alt: "Un phare",
      cover_width: 1024,
      cover_height: 768,
    });
  });
});
