import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { startTransition, useEffect, useState } from "react";
import { ChatStream } from "./stream";
import type { StreamState } from "./streamState";

// One stream for the tab, attached once: answers keep streaming in while the user visits another
// page, and are there when they come back.
let shared: { client: QueryClient; stream: ChatStream; owner: string } | null =
  null;

function sharedStream(client: QueryClient, owner: string): ChatStream {
  if (shared?.client !== client) {
    const stream = new ChatStream(client);
    stream.attach();
    shared = { client, stream, owner };
  } else if (shared.owner !== owner) {
    shared.stream.reset();
    shared.owner = owner;
  }
  return shared.stream;
}

/**
 * The tab's chat stream, for the signed-in user `owner`, and its current state.
 *
 * Streamed text renders as a transition: typing stays responsive while twelve columns fill, and a
 * navigation (itself a transition) is never starved by the frames arriving many times a second, as
 * it would be by the synchronous renders of `useSyncExternalStore`.
 */
export function useChatStream(owner: string): [ChatStream, StreamState] {
  const client = useQueryClient();
  const [stream] = useState(() => sharedStream(client, owner));
  const [state, setState] = useState(stream.getSnapshot);
  useEffect(
    () =>
      stream.subscribe((urgent) => {
        const next = stream.getSnapshot();
        if (urgent) setState(next);
        else
          startTransition(() => {
            setState(next);
          });
      }),
    [stream],
  );
  return [stream, state];
}
