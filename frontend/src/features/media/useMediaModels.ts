import { useQuery } from "@tanstack/react-query";
import { mediaApi, mediaKeys } from "./api";

/** The media catalogue (image, speech and transcription models), cached for the session. */
export function useMediaModels() {
  return useQuery({
    queryKey: mediaKeys.models,
    queryFn: ({ signal }) => mediaApi.models({ signal }),
    staleTime: 5 * 60_000,
  });
}
