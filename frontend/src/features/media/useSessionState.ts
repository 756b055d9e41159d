import { useEffect, useState } from "react";

/**
 * `useState` kept in this tab's sessionStorage, so the studio finds its running jobs again after a
 * trip to another page. `restore` validates what was stored (it is only ever our own JSON).
 */
export function useSessionState<T>(key: string, initial: T, restore: (value: unknown) => T | null) {
  const [state, setState] = useState<T>(() => {
    try {
      const raw = sessionStorage.getItem(key);
      if (!raw) return initial;
      return restore(JSON.parse(raw)) ?? initial;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify(state));
    } catch {
      // Storage full or refused: the state still lives for this page.
    }
  }, [key, state]);
  return [state, setState] as const;
}
