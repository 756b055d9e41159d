import { describe, expect, it } from "vitest";
import { formatVariables, parseVariables } from "./variables";

describe("run form variables as text", () => {
  it("reads a date's bounds and a library file, and writes them back the same", () => {
    const text = "jour:date:Jour:2025-01-01|2025-12-31\ndepuis:date:Depuis:|2025-06-30\ndoc:file:Document";
    const variables = parseVariables(text);
    expect(variables).toEqual([
      {
        name: "jour",
        type: "date",
        label: "Jour",
        required: true,
        min_date: "2025-01-01",
        max_date: "2025-12-31",
      },
      {
        name: "depuis",
        type: "date",
        label: "Depuis",
        required: true,
        max_date: "2025-06-30",
      },
      { name: "doc", type: "file", label: "Document", required: true },
    ]);
    expect(formatVariables(variables)).toBe(text);
  });

  it("keeps an unknown type as short text", () => {
    expect(parseVariables("x:image:X")[0]?.type).toBe("text");
  });
});
