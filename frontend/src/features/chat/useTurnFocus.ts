// `/chat/:id?turn=N` (a message search result) opens the conversation at that turn: on the branch
// holding it (another version of a message is shown first when needed), scrolled to it.
import { useEffect, useRef, type RefObject } from "react";
import { useSearchParams } from "react-router";
import type { TurnView } from "./view";

/** The turn asked for by the address, or null. */
export function wantedTurn(params: URLSearchParams): number | null {
  const value = Number(params.get("turn"));
  return Number.isInteger(value) && value > 0 ? value : null;
}

export function useTurnFocus(
  views: readonly TurnView[],
  loaded: boolean,
  showVersion: (turn: number) => void,
  scrollerRef: RefObject<HTMLDivElement | null>,
  /** Cleared once the asked turn is shown, so the page does not then jump to the newest turn. */
  anchorRef: RefObject<boolean>,
): void {
  const [params, setParams] = useSearchParams();
  const wanted = wantedTurn(params);
  const asked = useRef<number | null>(null);
  useEffect(() => {
    if (wanted === null || !loaded) return;
    if (!views.some((view) => view.turn === wanted)) {
      // Not on the branch shown: show the one holding it (once; a turn that does not exist stays unshown).
      if (asked.current !== wanted) {
        asked.current = wanted;
        showVersion(wanted);
      }
      return;
    }
    const element = scrollerRef.current?.querySelector<HTMLElement>(
      `[data-turn="${wanted}"]`,
    );
    if (!element) return;
    anchorRef.current = false;
    element.scrollIntoView({ block: "start" });
    element.setAttribute("data-focused", "true");
    const next = new URLSearchParams(params);
    next.delete("turn");
    setParams(next, { replace: true });
  }, [
    wanted,
    loaded,
    views,
    showVersion,
    scrollerRef,
    anchorRef,
    params,
    setParams,
  ]);
}
