import { describe, expect, it } from "vitest";
import { categoryTree, slugify, subtree } from "./categories";

const tree = [
  { slug: "modeles", name: "Modèles", parent: "guides" },
  { slug: "guides", name: "Guides", parent: null },
  { slug: "actualites", name: "Actualités", parent: null },
  { slug: "images", name: "Images", parent: "modeles" },
  { slug: "orpheline", name: "Orpheline", parent: "disparue" },
];

describe("categoryTree", () => {
  it("lists each child under its parent, depth first, siblings by name", () => {
    expect(
      categoryTree(tree).map((row) => [row.category.slug, row.depth]),
    ).toEqual([
      ["actualites", 0],
      ["guides", 0],
      ["modeles", 1],
      ["images", 2],
      ["orpheline", 0],
    ]);
  });
});

describe("subtree", () => {
  it("holds a category and its descendants, not its parent", () => {
    expect([...subtree(tree, "modeles")].sort()).toEqual(["images", "modeles"]);
  });
});

describe("slugify", () => {
  it("makes the segment the API accepts", () => {
    expect(slugify("  Nouveautés & Modèles ! ")).toBe("nouveautes-modeles");
  });
});
