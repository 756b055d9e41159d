import { describe, expect, it } from "vitest";
import { draftOutput } from "./draft";

describe("draftOutput", () => {
  it("reads an accepted draft and drops malformed problems", () => {
    const read = draftOutput({
      accepted: true,
      draft: { title: "Résumé", starts_on: "manual", trigger: null, schedule: null, steps: [{ kind: "prompt", prompt: "x" }], save_to: "result" },
      problems: [{ where: "step1", message: "m" }, { where: 3 }],
      apps: ["slack", 4],
      unsupported: null,
    });
    expect(read?.draft?.title).toBe("Résumé");
    expect(read?.problems).toEqual([{ where: "step1", message: "m" }]);
    expect(read?.apps).toEqual(["slack"]);
  });

  it("is null for another task's output", () => {
    expect(draftOutput({ suggestions: [] })).toBeNull();
  });
});
