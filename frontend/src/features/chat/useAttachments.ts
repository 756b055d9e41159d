import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { uploadMedia } from "../../lib/mediaUpload";
import { describeError } from "../../lib/problem";
import {
  attachmentsReducer,
  kindOf,
  readyFiles,
  refusal,
  type Refusal,
} from "./attachments";

/** The composer's attachments: `add` checks the limits and uploads each file, `remove` and `clear`
 * drop them; `refused` says why the last file was not taken. */
export function useAttachments() {
  const { t } = useI18n();
  const [items, dispatch] = useReducer(attachmentsReducer, []);
  const [refused, setRefused] = useState<Refusal | null>(null);
  // Counts the files added in this very batch too, before the list renders again.
  const count = useRef(0);
  useEffect(() => {
    count.current = items.length;
  }, [items]);
  const next = useRef(0);

  const add = useCallback(
    (files: Iterable<File>) => {
      setRefused(null);
      for (const file of files) {
        const problem = refusal(file, count.current);
        const kind = kindOf(file);
        if (problem || !kind) {
          setRefused(problem ?? "type");
          continue;
        }
        next.current += 1;
        const key = `a${String(next.current)}`;
        count.current += 1;
        dispatch({
          type: "added",
          attachment: {
            key,
            filename: file.name,
            kind,
            status: "uploading",
            uploadId: null,
            error: null,
          },
        });
        uploadMedia(kind, file, file.name).then(
          (info) => {
            dispatch({ type: "uploaded", key, uploadId: info.upload_id });
          },
          (error: unknown) => {
            dispatch({
              type: "failed",
              key,
              error: describeError(error, t).message,
            });
          },
        );
      }
    },
    [t],
  );
  const remove = useCallback((key: string) => {
    dispatch({ type: "removed", key });
  }, []);
  const clear = useCallback(() => {
    dispatch({ type: "cleared" });
    setRefused(null);
  }, []);
  return {
    items,
    refused,
    uploading: items.some((item) => item.status === "uploading"),
    files: readyFiles(items),
    add,
    remove,
    clear,
  };
}
