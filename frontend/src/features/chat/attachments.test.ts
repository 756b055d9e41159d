import { describe, expect, it } from "vitest";
import {
  attachmentsReducer,
  kindOf,
  readyFiles,
  refusal,
  type Attachment,
} from "./attachments";

const MB = 1024 * 1024;

function uploading(key: string, filename: string): Attachment {
  return {
    key,
    filename,
    kind: "document",
    status: "uploading",
    uploadId: null,
    error: null,
  };
}

describe("attachments", () => {
  it("takes images by type and documents by extension, nothing else", () => {
    expect(kindOf({ name: "photo.JPG", type: "image/jpeg" })).toBe("image");
    expect(kindOf({ name: "notes.md", type: "" })).toBe("document");
    expect(kindOf({ name: "devis.pdf", type: "application/pdf" })).toBe(
      "document",
    );
    expect(kindOf({ name: "anim.gif", type: "image/gif" })).toBeNull();
    expect(
      kindOf({ name: "setup.exe", type: "application/octet-stream" }),
    ).toBeNull();
  });

  it("refuses a fifth file, a file over 10 MB and a type it cannot read", () => {
    expect(refusal({ name: "a.txt", type: "text/plain", size: 10 }, 4)).toBe(
      "count",
    );
    expect(
      refusal({ name: "a.txt", type: "text/plain", size: 10 * MB + 1 }, 0),
    ).toBe("size");
    expect(
      refusal({ name: "a.zip", type: "application/zip", size: 10 }, 0),
    ).toBe("type");
    expect(
      refusal({ name: "a.png", type: "image/png", size: 10 * MB }, 3),
    ).toBeNull();
  });

  it("sends only the uploaded files, in the order they were added", () => {
    let state = attachmentsReducer([], {
      type: "added",
      attachment: uploading("a1", "un.md"),
    });
    state = attachmentsReducer(state, {
      type: "added",
      attachment: uploading("a2", "deux.txt"),
    });
    state = attachmentsReducer(state, {
      type: "added",
      attachment: uploading("a3", "trois.pdf"),
    });
    state = attachmentsReducer(state, {
      type: "uploaded",
      key: "a2",
      uploadId: "u2",
    });
    state = attachmentsReducer(state, {
      type: "uploaded",
      key: "a1",
      uploadId: "u1",
    });
    state = attachmentsReducer(state, {
      type: "failed",
      key: "a3",
      error: "Illisible",
    });
    expect(readyFiles(state)).toEqual([
      { upload_id: "u1", filename: "un.md", kind: "document" },
      { upload_id: "u2", filename: "deux.txt", kind: "document" },
    ]);
    state = attachmentsReducer(state, { type: "removed", key: "a1" });
    expect(readyFiles(state).map((file) => file.upload_id)).toEqual(["u2"]);
    expect(attachmentsReducer(state, { type: "cleared" })).toEqual([]);
  });
});
