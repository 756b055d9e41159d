// The verdict's contradictions, claim by claim.
import type { Verdict } from "./api";

export type Contradiction = Verdict["contradictions"][number];

/** A topic's claims, each with the models that make it (the same words from several models count once), most backed first. */
export function claimsOf(
  item: Contradiction,
): { claim: string; models: string[] }[] {
  const groups = new Map<string, { claim: string; models: string[] }>();
  for (const [model, claim] of Object.entries(item.claims)) {
    const key = claim.trim().replace(/\s+/g, " ").toLowerCase();
    const group = groups.get(key);
    if (group) group.models.push(model);
    else groups.set(key, { claim: claim.trim(), models: [model] });
  }
  return [...groups.values()].sort((a, b) => b.models.length - a.models.length);
}
