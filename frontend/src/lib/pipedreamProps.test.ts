import { describe, expect, it } from "vitest";
import { editableProps, propText, propValue, toProps, type Prop } from "./pipedreamProps";

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
    expect(
      toProps(PROPS, {
        conversations: "C1, C2\nC3",
        max: "12",
        text: " Bonjour ",
      }),
    ).toEqual({
      ok: true,
      props: { conversations: ["C1", "C2", "C3"], max: 12, text: "Bonjour" },
    });
  });

  it("leaves out an empty optional prop and refuses an empty required one", () => {
    expect(toProps(PROPS, { conversations: "C1", text: "x" })).toEqual({
      ok: true,
      props: { conversations: ["C1"], text: "x" },
    });
    expect(toProps(PROPS, { conversations: "C1" })).toEqual({
      ok: false,
      prop: "text",
      reason: "required",
    });
  });

  it("refuses a non-integer", () => {
    expect(toProps(PROPS, { conversations: "C1", text: "x", max: "douze" })).toEqual({ ok: false, prop: "max", reason: "integer" });
  });
});

describe("propValue and propText", () => {
  const list = {
    name: "to",
    type: "string[]",
    label: null,
    description: null,
    optional: false,
    app: null,
  };
  const count = {
    name: "n",
    type: "integer",
    label: null,
    description: null,
    optional: true,
    app: null,
  };

  it("keeps references as text and splits lists on lines", () => {
    expect(propValue(list, "{{email}}\nb@example.com\n")).toEqual(["{{email}}", "b@example.com"]);
    expect(propValue(count, "12")).toBe(12);
    expect(propValue(count, "{{n}}")).toBe("{{n}}");
    expect(propValue(count, "  ")).toBeUndefined();
  });

  it("shows a list one item a line", () => {
    expect(propText(["a", "b"])).toBe("a\nb");
    expect(propText(undefined)).toBe("");
  });
});
