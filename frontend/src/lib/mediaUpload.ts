// Browser uploads to the media bucket: ask the API for a presigned POST, send the file straight to
// storage, then let the API check the bytes (`complete`), which answers the sniffed type and
// dimensions. The media studio and the chat's dictation and attachments upload this way.
import { endpoint, type Schema } from "./api";

export type UploadKind = Schema<"UploadCreate">["kind"];

export type UploadInfo = Schema<"UploadInfo">;

// When the browser names no type (a Markdown file often): the server reads the real one from the bytes.
const FALLBACK_TYPES: Record<UploadKind, string> = {
  image: "image/png",
  audio: "audio/mpeg",
  document: "application/octet-stream",
};

/** Storage refused the file (expired form, size outside the signed range, network). */
export class UploadError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`upload failed (${status})`);
    this.name = "UploadError";
    this.status = status;
  }
}

function postForm(
  url: string,
  fields: Record<string, string>,
  file: Blob,
  filename: string,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", file, filename); // S3 ignores every field after `file`
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new UploadError(xhr.status));
    };
    xhr.onerror = () => {
      reject(new UploadError(0));
    };
    xhr.onabort = () => {
      reject(new DOMException("aborted", "AbortError"));
    };
    signal?.addEventListener("abort", () => {
      xhr.abort();
    });
    xhr.send(form);
  });
}

/** Uploads `file` as `kind` and returns what the server found in it. */
export async function uploadMedia(
  kind: UploadKind,
  file: Blob,
  filename: string,
  onProgress: (fraction: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<UploadInfo> {
  const contentType = file.type || FALLBACK_TYPES[kind];
  const ticket = await endpoint("post", "/api/media/uploads", {
    body: {
      kind,
      filename: filename.slice(0, 200),
      content_type: contentType,
      size: file.size,
    },
  });
  await postForm(ticket.url, ticket.fields, file, filename, onProgress, signal);
  onProgress(1);
  return endpoint("post", "/api/media/uploads/{upload_id}/complete", {
    path: { upload_id: ticket.upload_id },
  });
}
