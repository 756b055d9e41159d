// The media API contract (webox.media): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import {
  api,
  withQuery,
  type RequestOptions,
  type Schema,
} from "../../lib/api";

export type ImageModel = Schema<"ImageModel">;

/** A model's own voice. */
export type ModelVoice = Schema<"VoiceRef">;

export type SpeechModel = Schema<"SpeechModel">;

export type TranscriptionModel = Schema<"TranscriptionModel">;

export type MediaModels = Schema<"ModelCatalogue">;

/** Cloned voices are `pending` until the vendor has them. */
export type Voice = Schema<"VoiceOut">;

export type { UploadInfo, UploadKind } from "../../lib/mediaUpload";

export type MediaKind = MediaItem["kind"];

export type Segment = Schema<"Segment">;

export type Transcript = Schema<"Transcript">;

export type MediaItem = Schema<"MediaItemOut">;

export type JobKind = Schema<"JobOut">["kind"];
export type JobStatus = Schema<"JobOut">["status"];
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>([
  "succeeded",
  "failed",
  "cancelled",
]);

export type JobError = Schema<"JobError">;

/** A job as the pages follow it: the server's job plus what its socket frames brought since. */
export type Job = Schema<"JobOut"> & {
  /** The audio chunks pushed while it runs. */
  chunks?: string[];
  /** How many outputs the user deleted since (they leave the job's view too). */
  removed?: number;
};

export type MediaPage = Schema<"MediaPage">;

export type MediaSource = { upload_id: string } | { media_id: string };

export type ImageRequest = Schema<"ImageCreate">;

export type VariationRequest = Schema<"VariationCreate">;

export type EditRequest = Schema<"EditCreate">;

export type SpeechRequest = Schema<"SpeechCreate">;

export type VoiceCloneRequest = Schema<"VoiceCreate">;

export type ShareLink = Schema<"LinkOut">;

export const IMAGE_TYPES = "image/png,image/jpeg,image/webp";
export const AUDIO_TYPES =
  "audio/mpeg,audio/mp3,audio/wav,audio/x-wav,audio/ogg,audio/webm,audio/mp4,audio/x-m4a,audio/flac,.mp3,.wav,.ogg,.webm,.m4a,.flac";
export const MAX_PROMPT = 4000;
export const MAX_SPEECH_TEXT = 5000;
export const MAX_SAMPLES = 5;

export const mediaKeys = {
  all: ["media"] as const,
  models: ["media", "models"] as const,
  voices: ["media", "voices"] as const,
  job: (id: string) => ["media", "job", id] as const,
  items: ["media", "items"] as const,
  itemList: (kind: MediaKind, q: string) =>
    ["media", "items", kind, q] as const,
};

const path = (prefix: string, id: string) =>
  `${prefix}/${encodeURIComponent(id)}`;
type Accepted = Schema<"JobAccepted">;

export const mediaApi = {
  models: (options?: RequestOptions) =>
    api.get<MediaModels>("/api/media/models", options),
  voices: (options?: RequestOptions) =>
    api.get<Schema<"VoiceList">>("/api/media/voices", options),
  createVoice: (body: VoiceCloneRequest) =>
    api.post<Accepted>("/api/media/voices", body),
  deleteVoice: (id: string) => api.delete(path("/api/media/voices", id)),

  generateImages: (body: ImageRequest) =>
    api.post<Accepted>("/api/media/images", body),
  varyImage: (body: VariationRequest) =>
    api.post<Accepted>("/api/media/images/variations", body),
  editImage: (body: EditRequest) =>
    api.post<Accepted>("/api/media/images/edits", body),
  speak: (body: SpeechRequest) => api.post<Accepted>("/api/media/speech", body),
  transcribe: (body: Schema<"TranscriptionCreate">) =>
    api.post<Accepted>("/api/media/transcriptions", body),

  job: (id: string, options?: RequestOptions) =>
    api.get<Job>(path("/api/media/jobs", id), options),
  cancelJob: (id: string) =>
    api.post<Job>(`${path("/api/media/jobs", id)}/cancel`),

  items: (
    params: {
      kind: MediaKind;
      q: string;
      cursor: string | null;
      limit?: number;
    },
    options?: RequestOptions,
  ) => api.get<MediaPage>(withQuery("/api/media/items", params), options),
  item: (id: string, options?: RequestOptions) =>
    api.get<MediaItem>(path("/api/media/items", id), options),
  deleteItem: (id: string) => api.delete(path("/api/media/items", id)),

  share: (mediaId: string, expiresInHours: number | null) =>
    api.post<ShareLink>("/api/share-links", {
      kind: "media",
      target_id: mediaId,
      visibility: "public",
      expires_in_hours: expiresInHours,
    }),
};

/** A fresh id tying the jobs of one request together (one job per model). */
export function newGroupId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** Only http(s) and same-origin URLs reach `src`/`href`: media URLs come from the server, not from markup. */
export function safeMediaUrl(
  url: string | null | undefined,
): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === "https:" || parsed.protocol === "http:"
      ? parsed.href
      : undefined;
  } catch {
    return undefined;
  }
}
