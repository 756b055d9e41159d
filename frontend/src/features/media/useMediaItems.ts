import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { mediaApi, mediaKeys, type MediaKind } from "./api";

// Item URLs are presigned for about five minutes: refresh the pages before they lapse.
const URL_REFRESH_MS = 4 * 60_000;

/** The user's items of one kind, newest first, page by page, optionally searched by prompt/text. */
export function useMediaItems(kind: MediaKind, q: string, limit = 24) {
  return useInfiniteQuery({
    queryKey: mediaKeys.itemList(kind, q),
    queryFn: ({ pageParam, signal }) => mediaApi.items({ kind, q, cursor: pageParam, limit }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: URL_REFRESH_MS,
  });
}
