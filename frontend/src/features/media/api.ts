// The media API contract (webox.media): types from the generated OpenAPI schemas (`Schema<…>`) where they match what the pages read.
import { api, withQuery, type RequestOptions, type Schema } from "../../lib/api";

export interface ImageModel {
  id: string;
  vendor: string;
  name: string;
  sizes: string[];
  styles?: string[];
  max_count: number;
  seed?: boolean;
  negative_prompt?: boolean;
  variations?: boolean;
  edits?: boolean;
  simulated?: boolean;
}

/** A model's own voice (`id`; older catalogues said `voice_id`). */
export interface ModelVoice {
  id?: string;
  voice_id?: string;
  name: string;
}

export interface SpeechModel {
  id: string;
  vendor: string;
  name?: string;
  formats: string[];
  voices?: ModelVoice[];
  simulated?: boolean;
}

export interface TranscriptionModel {
  id: string;
  vendor: string;
  name?: string;
  simulated?: boolean;
}

export interface MediaModels {
  image: ImageModel[];
  speech: SpeechModel[];
  transcription: TranscriptionModel[];
}

export interface Voice {
  voice_id: string;
  name: string;
  provider: string;
  category: "premade" | "cloned" | (string & {});
  preview_url?: string | null;
  /** Cloned voices are `pending` until the vendor has them. */
  status?: "pending" | "ready" | "failed";
}

export type UploadKind = "image" | "audio";

export type UploadTicket = Schema<"UploadOut">;

export type UploadInfo = Schema<"UploadInfo">;

export type MediaKind = "image" | "audio" | "transcript";

export type Segment = Schema<"Segment">;

export type Transcript = Schema<"Transcript">;

export type MediaItem = Schema<"MediaItemOut">;

export type JobKind = "image" | "variation" | "edit" | "speech" | "voice_clone" | "transcription";
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(["succeeded", "failed", "cancelled"]);

export type JobError = Schema<"JobError">;

export interface Job {
  job_id: string;
  kind: JobKind;
  model: string;
  status: JobStatus;
  progress: number;
  params?: Record<string, unknown>;
  error: JobError | null;
  outputs: MediaItem[];
  group_id?: string | null;
  created_at?: string;
  updated_at?: string;
  /** Not from the server: the last progress message, and the audio chunks pushed while it runs. */
  message?: string;
  chunks?: string[];
  /** How many outputs the user deleted since (they leave the job's view too). */
  removed?: number;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type MediaSource = { upload_id: string } | { media_id: string };

export type ImageRequest = Schema<"ImageCreate">;

export type VariationRequest = Schema<"VariationCreate">;

export type EditRequest = Schema<"EditCreate">;

export interface SpeechRequest {
  model: string;
  voice: string;
  text: string;
  format: string;
}

export type VoiceCloneRequest = Schema<"VoiceCreate">;

export interface ShareLink {
  id: string;
  url: string;
  token: string;
}

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
  itemList: (kind: MediaKind, q: string) => ["media", "items", kind, q] as const,
};

const path = (prefix: string, id: string) => `${prefix}/${encodeURIComponent(id)}`;
interface Accepted {
  job_id: string;
  status?: JobStatus;
}

export const mediaApi = {
  models: (options?: RequestOptions) => api.get<MediaModels>("/api/media/models", options),
  voices: (options?: RequestOptions) => api.get<{ items: Voice[] }>("/api/media/voices", options),
  createVoice: (body: VoiceCloneRequest) => api.post<Accepted>("/api/media/voices", body),
  deleteVoice: (id: string) => api.delete(path("/api/media/voices", id)),

  startUpload: (body: { kind: UploadKind; filename: string; content_type: string; size: number }) =>
    api.post<UploadTicket>("/api/media/uploads", body),
  completeUpload: (id: string) => api.post<UploadInfo>(`${path("/api/media/uploads", id)}/complete`),

  generateImages: (body: ImageRequest) => api.post<Accepted>("/api/media/images", body),
  varyImage: (body: VariationRequest) => api.post<Accepted>("/api/media/images/variations", body),
  editImage: (body: EditRequest) => api.post<Accepted>("/api/media/images/edits", body),
  speak: (body: SpeechRequest) => api.post<Accepted>("/api/media/speech", body),
  transcribe: (body: { upload_id: string; language?: string }) => api.post<Accepted>("/api/media/transcriptions", body),

  job: (id: string, options?: RequestOptions) => api.get<Job>(path("/api/media/jobs", id), options),
  cancelJob: (id: string) => api.post<Job>(`${path("/api/media/jobs", id)}/cancel`),

  items: (
    params: {
      kind: MediaKind;
      q: string;
      cursor: string | null;
      limit?: number;
    },
    options?: RequestOptions,
  ) => api.get<Page<MediaItem>>(withQuery("/api/media/items", params), options),
  item: (id: string, options?: RequestOptions) => api.get<MediaItem>(path("/api/media/items", id), options),
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
export function safeMediaUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
