import { describe, expect, it } from "vitest";
import { chatModel } from "../test/fixtures";
import { MAX_MODELS, usable, withModel } from "./models";

const MODELS = Array.from({ length: 14 }, (_, index) => chatModel({ id: `m${index}` }));

describe("withModel (continue with this model)", () => {
  it("keeps every other model of the selection for the next turn", () => {
    expect(withModel(["m0", "m1", "m2"], "m1")).toEqual(["m0", "m1", "m2"]);
    expect(withModel(["m0", "m2"], "m5")).toEqual(["m0", "m2", "m5"]);
  });

  it("never lets the picked model fall out when twelve are already chosen", () => {
    const twelve = MODELS.slice(0, MAX_MODELS).map((model) => model.id);

    const next = usable(withModel(twelve, "m13"), MODELS);

    expect(next).toHaveLength(MAX_MODELS);
    expect(next).toContain("m13");
    expect(next).toEqual([...twelve.slice(0, MAX_MODELS - 1), "m13"]);
  });
});
