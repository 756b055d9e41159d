import { describe, expect, it } from "vitest";
import { streamReducer } from "./stream";

const frame = (seq: number, text: string, step_id = "ventes") => ({
  task_id: "t",
  seq,
  type: "task.delta" as const,
  step_id,
  text,
});

describe("streamReducer", () => {
  it("appends each step's text in order", () => {
    let state = streamReducer({}, frame(1, "Bon"));
    state = streamReducer(state, frame(2, "jour"));
    state = streamReducer(state, frame(3, "Hi", "marketing"));
    expect(state.ventes?.text).toBe("Bonjour");
    expect(state.marketing?.text).toBe("Hi");
  });

  it("ignores a frame seen again", () => {
    const state = streamReducer(
      streamReducer({}, frame(4, "a")),
      frame(4, "a"),
    );
    expect(state.ventes?.text).toBe("a");
  });
});
