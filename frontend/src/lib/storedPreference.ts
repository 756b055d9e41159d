// Choices remembered on this device (localStorage), read once and written on change.
import { useCallback, useState } from "react";

/** The JSON stored under `key`, or null when absent, unreadable or refused. */
export function readStored(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

/** Stores `value` as JSON under `key`. */
export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private browsing may refuse storage: the choice still holds for this page.
  }
}

/** A value kept in localStorage under `key`, read when the key changes; `parse` rejects what is not a `T`. */
export function useStoredPreference<T>(key: string, parse: (value: unknown) => T | null, fallback: T): [T, (value: T) => void] {
  const [state, setState] = useState<{ key: string; value: T }>(() => ({
    key,
    value: parse(readStored(key)) ?? fallback,
  }));
  // Another key (another user on this device): read its own value.
  let current = state;
  if (state.key !== key) {
    current = { key, value: parse(readStored(key)) ?? fallback };
    setState(current);
  }
  const update = useCallback(
    (next: T) => {
      setState({ key, value: next });
      writeStored(key, next);
    },
    [key],
  );
  return [current.value, update];
}
