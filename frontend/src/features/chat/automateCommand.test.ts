import { describe, expect, it } from "vitest";
import { parseAutomateCommand } from "./automateCommand";

describe("parseAutomateCommand", () => {
  it("reads what follows the command, in French or English", () => {
    expect(parseAutomateCommand("/automatiser chaque lundi")).toBe("chaque lundi");
    expect(parseAutomateCommand("  /Automate ")).toBe("");
    expect(parseAutomateCommand("/automatisation")).toBeNull();
    expect(parseAutomateCommand("automatiser")).toBeNull();
    expect(parseAutomateCommand("Bonjour /automatiser")).toBeNull();
  });
});
