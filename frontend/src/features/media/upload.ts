// An upload (lib/mediaUpload) as React state, for the studio's forms.
import { useCallback, useRef, useState } from "react";
import { uploadMedia, type UploadInfo, type UploadKind } from "../../lib/mediaUpload";

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
