import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import type { Language } from "../../i18n";
import { assistantsApi } from "../../lib/assistants";

/** The assistants the chat offers: the built-ins and the caller's first page of their own. */
export function useChatAssistants(language: Language) {
  const query = useQuery({
    // Not `assistantKeys.list`: that key holds the assistants page's paged data.
    queryKey: ["assistants", "chat", language] as const,
    queryFn: ({ signal }) => assistantsApi.list(language, null, { signal }),
    staleTime: 60_000,
  });
  const data = query.data;
  const assistants = useMemo(
    () => (data ? [...data.builtin, ...data.own] : []),
    [data],
  );
  // Kept by identity between renders: the turns (memoised) read names from it.
  const names = useMemo<ReadonlyMap<string, string>>(
    () =>
      new Map(assistants.map((assistant) => [assistant.id, assistant.name])),
    [assistants],
  );
  return { assistants, names, query };
}

const ACTIVE_KEY = "webox.chat.assistant";

function readActive(): string | null {
  try {
    return sessionStorage.getItem(ACTIVE_KEY);
  } catch {
    return null;
  }
}

/** The active assistant's id, kept for the tab's session: it stays on while the user visits the prompt library. */
export function useActiveAssistant(): [
  string | null,
  (id: string | null) => void,
] {
  const [id, setId] = useState<string | null>(readActive);
  const update = useCallback((next: string | null) => {
    setId(next);
    try {
      if (next === null) sessionStorage.removeItem(ACTIVE_KEY);
      else sessionStorage.setItem(ACTIVE_KEY, next);
    } catch {
      // Storage refused (private browsing): the choice lasts as long as the page.
    }
  }, []);
  return [id, update];
}
