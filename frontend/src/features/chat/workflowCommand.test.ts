import { describe, expect, it } from "vitest";
import { matchingChoices, parseWorkflowCommand, type WorkflowChoice } from "./workflowCommand";

describe("parseWorkflowCommand", () => {
  it("opens the menu from the second letter of the command on", () => {
    expect(parseWorkflowCommand("/")).toBeNull();
    expect(parseWorkflowCommand("/w")).toBe("");
    expect(parseWorkflowCommand("/WORK")).toBe("");
    expect(parseWorkflowCommand("/workflow")).toBe("");
  });

  it("reads the search after the command", () => {
    expect(parseWorkflowCommand("/workflow  article seo ")).toBe("article seo");
    expect(parseWorkflowCommand("  /Workflow blog")).toBe("blog");
  });

  it("leaves ordinary messages and other commands alone", () => {
    expect(parseWorkflowCommand("Bonjour /workflow")).toBeNull();
    expect(parseWorkflowCommand("/workflows")).toBeNull();
    expect(parseWorkflowCommand("/wx")).toBeNull();
    expect(parseWorkflowCommand("/w est une commande")).toBeNull();
  });
});

describe("matchingChoices", () => {
  const choice = (source: WorkflowChoice["source"], title: string): WorkflowChoice => ({ source, id: title, title, variables: [] });
  const choices = [choice("builtin", "Article de blog SEO"), choice("own", "Résumé d'équipe"), choice("own", "Article pour LinkedIn")];

  it("puts the user's own workflows before the built-in ones", () => {
    expect(matchingChoices(choices, "").map((c) => c.title)).toEqual(["Résumé d'équipe", "Article pour LinkedIn", "Article de blog SEO"]);
  });

  it("keeps those holding every word, accents and case ignored", () => {
    expect(matchingChoices(choices, "ARTICLE seo").map((c) => c.title)).toEqual(["Article de blog SEO"]);
    expect(matchingChoices(choices, "resume equipe").map((c) => c.title)).toEqual(["Résumé d'équipe"]);
    expect(matchingChoices(choices, "podcast")).toEqual([]);
  });
});
