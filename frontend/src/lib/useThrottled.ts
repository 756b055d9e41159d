import { useEffect, useState } from "react";

/** `value`, changing at most once every `intervalMs` (at once when `intervalMs` is 0). */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState({ value, at: 0 });
  useEffect(() => {
    if (Object.is(shown.value, value)) return;
    // Unthrottled, the value is returned as is and this only catches up for the next throttled run.
    const wait = intervalMs === 0 ? 0 : Math.max(0, shown.at + intervalMs - Date.now());
    const timer = setTimeout(() => {
      setShown({ value, at: Date.now() });
    }, wait);
    return () => {
      clearTimeout(timer);
    };
  }, [value, intervalMs, shown]);
  return intervalMs === 0 ? value : shown.value;
}
