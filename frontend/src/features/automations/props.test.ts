import { describe, expect, it } from "vitest";
import type { Prop } from "./api";
import { editableProps, toProps } from "./props";

const prop = (name: string, type: string, optional = false): Prop => ({
  name,
  type,
  optional,
  label: name,
  description: null,
  app: type === "app" ? "slack" : null,
});

const PROPS = [prop("slack", "app"), prop("conversations", "string[]"), prop("max", "integer", true), prop("text", "string")];

describe("toProps", () => {
  it("leaves the app prop to the account", () => {
    expect(editableProps(PROPS).map((p) => p.name)).toEqual(["conversations", "max", "text"]);
  });

  it("types each value from the component's definition", () => {
    expect(toProps(PROPS, { conversations: "C1, C2\nC3", max: "12", text: " Bonjour " })).toEqual({
      ok: true,
      props: { conversations: ["C1", "C2", "C3"], max: 12, text: "Bonjour" },
    });
  });

  it("leaves out an empty optional prop and refuses an empty required one", () => {
    expect(toProps(PROPS, { conversations: "C1", text: "x" })).toEqual({ ok: true, props: { conversations: ["C1"], text: "x" } });
    expect(toProps(PROPS, { conversations: "C1" })).toEqual({ ok: false, prop: "text", reason: "required" });
  });

  it("refuses a non-integer", () => {
    expect(toProps(PROPS, { conversations: "C1", text: "x", max: "douze" })).toEqual({ ok: false, prop: "max", reason: "integer" });
  });
});
