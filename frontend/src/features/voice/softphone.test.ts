import { describe, expect, it } from "vitest";
import { currentAnswer, initialPhone, phoneReducer, type PhoneState } from "./softphone";

function run(events: Parameters<typeof phoneReducer>[1][]): PhoneState {
  return events.reduce(phoneReducer, initialPhone);
}

describe("phoneReducer", () => {
  it("builds an answer from tokens until the last one", () => {
    const state = run([
      { type: "dial" },
      { type: "frame", frame: { type: "greeting", text: "Bonjour" } },
      { type: "said", text: "Allô ?" },
      { type: "frame", frame: { type: "text", token: "Oui, ", last: false } },
      { type: "frame", frame: { type: "text", token: "bonjour.", last: true } },
    ]);
    expect(state.status).toBe("connected");
    expect(state.lines.map((l) => l.text)).toEqual(["Bonjour", "Allô ?", "Oui, bonjour."]);
    expect(currentAnswer(state)).toBeNull();
  });

  it("stops an interrupted answer and ignores tokens still in flight", () => {
    const state = run([
      { type: "dial" },
      { type: "frame", frame: { type: "text", token: "Un long ", last: false } },
      { type: "interrupted" },
      { type: "frame", frame: { type: "text", token: "discours", last: false } },
    ]);
    expect(state.lines).toHaveLength(1);
    expect(state.lines[0]).toMatchObject({ text: "Un long ", interrupted: true, done: true });
  });

  it("records a transfer and the end of the call", () => {
    const state = run([{ type: "dial" }, { type: "frame", frame: { type: "transfer", to: "+33611111111" } }, { type: "frame", frame: { type: "ended" } }]);
    expect(state.transferredTo).toBe("+33611111111");
    expect(state.status).toBe("ended");
  });
});
