import { describe, expect, it } from "vitest";
import { hostList, toolCallOf } from "./format";

describe("toolCallOf", () => {
  it("reads the tool, its arguments and the agent of a waiting call", () => {
    const input = {
      agent: { name: "Ops" },
      call: { id: "c1", name: "send_email", arguments: { to: "a@b.co" } },
      lang: "fr",
    };
    expect(toolCallOf(input)).toEqual({
      name: "send_email",
      arguments: { to: "a@b.co" },
      agent: "Ops",
    });
  });

  it("gives empty values for an input that is not a tool call", () => {
    expect(toolCallOf(null)).toEqual({ name: "", arguments: {}, agent: "" });
  });
});

describe("hostList", () => {
  it("splits on commas and spaces and lower-cases", () => {
    expect(
      hostList(" API.example.com, hooks.example.org:8443  x.io,,"),
    ).toEqual(["api.example.com", "hooks.example.org:8443", "x.io"]);
  });
});
