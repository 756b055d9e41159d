// The signed-in user's media library images, for pickers outside the media studio (the blog editor).
import { useQuery } from "@tanstack/react-query";
import { api, withQuery, type Schema } from "./api";

export type LibraryImage = Schema<"MediaItemOut">;

// Item URLs are presigned for about five minutes: a picker left open refreshes them before they lapse.
const URL_REFRESH_MS = 4 * 60_000;
const PICKER_LIMIT = 48;

/** The newest images of the library (loaded only while `enabled`, e.g. while a picker is open). */
export function useLibraryImages(enabled: boolean) {
  return useQuery({
    queryKey: ["media", "items", "image", "picker"] as const,
    queryFn: ({ signal }) =>
      api.get<Schema<"MediaPage">>(
        withQuery("/api/media/items", { kind: "image", limit: PICKER_LIMIT }),
        { signal },
      ),
    enabled,
    refetchInterval: URL_REFRESH_MS,
  });
}
