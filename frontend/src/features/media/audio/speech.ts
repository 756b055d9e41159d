import { useQuery } from "@tanstack/react-query";
import { mediaApi, mediaKeys, safeMediaUrl, type SpeechModel, type Voice } from "../api";

export interface VoiceChoice {
  id: string;
  name: string;
  cloned: boolean;
}

/** The voices a model can speak with: its own list, plus the vendor's (premade and the user's clones). */
export function voicesFor(model: SpeechModel | undefined, voices: readonly Voice[]): VoiceChoice[] {
  if (!model) return [];
  const choices: VoiceChoice[] = [];
  for (const voice of model.voices ?? []) {
    choices.push({ id: voice.id, name: voice.name, cloned: false });
  }
  const seen = new Set(choices.map((choice) => choice.id));
  for (const voice of voices) {
    if (voice.provider !== model.vendor || seen.has(voice.voice_id)) continue;
    if (voice.status === "pending" || voice.status === "failed") continue;
    seen.add(voice.voice_id);
    choices.push({ id: voice.voice_id, name: voice.name, cloned: voice.category === "cloned" });
  }
  return choices;
}

/** Premade vendor voices and the user's clones. */
export function useVoices() {
  return useQuery({ queryKey: mediaKeys.voices, queryFn: ({ signal }) => mediaApi.voices({ signal }), staleTime: 60_000 });
}

/** The chunks received so far, in order, up to the first one still missing. */
export function readyChunks(chunks: readonly (string | undefined)[] | undefined): string[] {
  const ready: string[] = [];
  for (const chunk of chunks ?? []) {
    const url = safeMediaUrl(chunk);
    if (!url) break;
    ready.push(url);
  }
  return ready;
}
