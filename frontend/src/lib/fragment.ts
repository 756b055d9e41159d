import { useEffect, useState } from "react";

/** A value the server put in the URL fragment (`#name=…`): a fragment never reaches a server log, a
 * proxy or a Referer header, so single-use secrets (a reset link's token, a 2FA step token) travel
 * there. Once read it is taken out of the address bar (and so out of the history). */
export function useFragmentParam(name: string): string | null {
  const [value] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get(name));
  useEffect(() => {
    if (value !== null) window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  }, [value]);
  return value;
}
