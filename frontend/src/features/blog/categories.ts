// The category tree as the studio shows it: depth-first, each child under its parent.
import type { Category } from "./api";

export interface TreeRow {
  category: Category;
  depth: number;
}

/** Depth-first rows, siblings by name; a category whose parent is missing shows at the top level. */
export function categoryTree(categories: readonly Category[]): TreeRow[] {
  const slugs = new Set(categories.map((c) => c.slug));
  const children = new Map<string | null, Category[]>();
  for (const category of categories) {
    const parent =
      category.parent && slugs.has(category.parent) ? category.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    const level = [...(children.get(parent) ?? [])].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const category of level) {
      if (seen.has(category.slug)) continue;
      seen.add(category.slug);
      rows.push({ category, depth });
      walk(category.slug, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/** A category and everything under it: what cannot become its parent. */
export function subtree(
  categories: readonly Category[],
  slug: string,
): Set<string> {
  const family = new Set([slug]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of categories) {
      if (
        category.parent &&
        family.has(category.parent) &&
        !family.has(category.slug)
      ) {
        family.add(category.slug);
        grew = true;
      }
    }
  }
  return family;
}

/** A URL segment from a name: ASCII, lower case, hyphens (as the API's slugs). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
}
