import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalogue, translate, type Language } from "../i18n";
import { ApiError } from "./api";
import {
  CODES_NOT_SHOWN,
  CODE_MESSAGES,
  describeCode,
  describeError,
} from "./problem";

// The app's tsconfig has no Node types and Vite serves no file from outside the frontend folder
// (`?raw`), so Node's fs is loaded here, at test time, with the two functions the test needs.
interface NodeFs {
  readFileSync: (path: string, encoding: "utf8") => string;
}
interface NodeUrl {
  fileURLToPath: (url: string) => string;
}

/** A file's text, by its path relative to this test file. */
async function readFromTest(relative: string): Promise<string> {
  const [fsModule, urlModule] = ["node:fs", "node:url"];
  const { readFileSync } = (await import(
    /* @vite-ignore */ fsModule
  )) as NodeFs;
  const { fileURLToPath } = (await import(
    /* @vite-ignore */ urlModule
  )) as NodeUrl;
  return readFileSync(
    fileURLToPath(new URL(relative, import.meta.url).href),
    "utf8",
  );
}

// The server documents each error it may answer as a problem example (`code` with `type`, `title`
// and `status`) in the OpenAPI document the SPA's types are generated from.
async function documentedCodes(): Promise<Set<string>> {
  const document: unknown = JSON.parse(
    await readFromTest("../../../docs/openapi.json"),
  );
  const codes = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (
      typeof record.code === "string" &&
      "type" in record &&
      "title" in record &&
      "status" in record
    ) {
      codes.add(record.code);
    }
    Object.values(record).forEach(walk);
  };
  walk(document);
  return codes;
}

describe("server error codes", () => {
  beforeAll(async () => {
    await loadCatalogue("en");
  });

  it("reads problem codes from docs/openapi.json", async () => {
    const codes = await documentedCodes();
    expect(codes.size).toBeGreaterThan(100);
    expect(codes).toContain("not_authenticated");
  });

  it("has a message for every documented code a person may meet", async () => {
    const skipped = new Set(CODES_NOT_SHOWN);
    const missing = [...(await documentedCodes())]
      .filter((code) => !skipped.has(code) && !(code in CODE_MESSAGES))
      .sort();
    expect(missing).toEqual([]);
  });

  it("does not both skip and translate a code", () => {
    expect(CODES_NOT_SHOWN.filter((code) => code in CODE_MESSAGES)).toEqual([]);
  });

  it.each<Language>(["fr", "en"])(
    "finds every mapped message in the %s catalogue",
    (language) => {
      const absent = Object.entries(CODE_MESSAGES)
        .filter(([, key]) => {
          const text = translate(language, key);
          return text === key || text.trim() === "";
        })
        .map(([code, key]) => `${code} -> ${key}`);
      expect(absent).toEqual([]);
    },
  );

  it("says a mapped code in the user's language rather than the server's detail", () => {
    const t = (key: Parameters<typeof translate>[1]) => translate("fr", key);
    const error = new ApiError({
      status: 404,
      code: "blog.post_not_found",
      detail: "No such post",
    });
    expect(describeError(error, t).message).toBe(
      translate("fr", "errors.blog.post_not_found"),
    );
    expect(
      describeCode("tasks.finished", "The task has already finished", t),
    ).toBe(translate("fr", "errors.tasks.finished"));
  });
});
