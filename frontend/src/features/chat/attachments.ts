// Files attached to a message: what the chat takes (its limits, said in the composer) and the list of
// attachments as a pure reducer. Uploads go through the media studio's path (`lib/mediaUpload`).

export const MAX_FILES = 4;
export const MAX_MEGABYTES = 10;
const MAX_BYTES = MAX_MEGABYTES * 1024 * 1024;
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
const DOCUMENT_EXTENSIONS = [
  ".pdf",
  ".docx",
  ".html",
  ".htm",
  ".md",
  ".markdown",
  ".txt",
];

/** The file picker's `accept`: the images and documents the server reads. */
export const ACCEPT = [...IMAGE_TYPES, ...DOCUMENT_EXTENSIONS].join(",");

export type AttachmentKind = "image" | "document";

/** An attachment as a sent message names it. */
export interface AttachedFile {
  upload_id: string;
  filename: string;
  kind: AttachmentKind;
}

export type Refusal = "count" | "size" | "type";

export interface Attachment {
  key: string;
  filename: string;
  kind: AttachmentKind;
  status: "uploading" | "ready" | "failed";
  uploadId: string | null;
  /** Why the upload failed, in the user's language. */
  error: string | null;
}

/** `image` or `document` by type and extension, or null when the chat cannot take the file. */
export function kindOf(file: {
  name: string;
  type: string;
}): AttachmentKind | null {
  if (IMAGE_TYPES.includes(file.type)) return "image";
  const name = file.name.toLowerCase();
  return DOCUMENT_EXTENSIONS.some((extension) => name.endsWith(extension))
    ? "document"
    : null;
}

/** Why `file` cannot be added to `count` attachments already there, or null. */
export function refusal(
  file: { name: string; type: string; size: number },
  count: number,
): Refusal | null {
  if (count >= MAX_FILES) return "count";
  if (kindOf(file) === null) return "type";
  return file.size > MAX_BYTES ? "size" : null;
}

export type AttachmentAction =
  | { type: "added"; attachment: Attachment }
  | { type: "uploaded"; key: string; uploadId: string }
  | { type: "failed"; key: string; error: string }
  | { type: "removed"; key: string }
  | { type: "cleared" };

export function attachmentsReducer(
  state: readonly Attachment[],
  action: AttachmentAction,
): readonly Attachment[] {
  switch (action.type) {
    case "added":
      return [...state, action.attachment];
    case "uploaded":
      return state.map((item) =>
        item.key === action.key
          ? { ...item, status: "ready", uploadId: action.uploadId }
          : item,
      );
    case "failed":
      return state.map((item) =>
        item.key === action.key
          ? { ...item, status: "failed", error: action.error }
          : item,
      );
    case "removed":
      return state.filter((item) => item.key !== action.key);
    case "cleared":
      return [];
  }
}

/** The attachments a send names: the uploaded ones, in order. */
export function readyFiles(state: readonly Attachment[]): AttachedFile[] {
  return state.flatMap((item) =>
    item.status === "ready" && item.uploadId
      ? [{ upload_id: item.uploadId, filename: item.filename, kind: item.kind }]
      : [],
  );
}
