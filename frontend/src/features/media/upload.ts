// Browser uploads: ask the API for a presigned POST, send the file straight to storage, then let
// the API check the bytes (`complete`), which answers the sniffed type and dimensions.
import { useCallback, useRef, useState } from "react";
import { mediaApi, type UploadInfo, type UploadKind } from "./api";

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
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
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
  const contentType = file.type || (kind === "image" ? "image/png" : "audio/mpeg");
  const ticket = await mediaApi.startUpload({ kind, filename: filename.slice(0, 200), content_type: contentType, size: file.size });
  await postForm(ticket.url, ticket.fields, file, filename, onProgress, signal);
  onProgress(1);
  return mediaApi.completeUpload(ticket.upload_id);
}

export interface UploadState {
  /** 0–1 while sending, null when idle. */
  progress: number | null;
  error: unknown;
  busy: boolean;
}

/** `upload(kind, file)` with its progress and error as React state; a new upload cancels the last. */
export function useUpload(): UploadState & {
  upload: (kind: UploadKind, file: Blob, filename: string) => Promise<UploadInfo | null>;
  reset: () => void;
} {
  const [state, setState] = useState<UploadState>({ progress: null, error: null, busy: false });
  const current = useRef<AbortController | null>(null);

  const upload = useCallback(async (kind: UploadKind, file: Blob, filename: string) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setState({ progress: 0, error: null, busy: true });
    try {
      const info = await uploadMedia(
        kind,
        file,
        filename,
        (progress) => {
          if (!controller.signal.aborted) setState((old) => ({ ...old, progress }));
        },
        controller.signal,
      );
      if (controller.signal.aborted) return null;
      setState({ progress: null, error: null, busy: false });
      return info;
    } catch (error) {
      if (controller.signal.aborted) return null;
      setState({ progress: null, error, busy: false });
      return null;
    }
  }, []);

  const reset = useCallback(() => {
    current.current?.abort();
    setState({ progress: null, error: null, busy: false });
  }, []);

  return { ...state, upload, reset };
}
