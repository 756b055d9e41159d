import { describe, expect, it } from "vitest";
import { EMPTY_TARGET, toTarget } from "./target";

describe("toTarget", () => {
  it("needs a prompt, a workflow, or an agent and its goal", () => {
    expect(toTarget(EMPTY_TARGET, "", "fr")).toBeNull();
    expect(toTarget({ ...EMPTY_TARGET, kind: "workflow" }, "", "fr")).toBeNull();
    expect(toTarget({ ...EMPTY_TARGET, kind: "agent", agentId: "ventes", goal: "  " }, "", "fr")).toBeNull();
  });

  it("keeps only the variables mapped", () => {
    const draft = {
      ...EMPTY_TARGET,
      kind: "workflow" as const,
      workflowId: "a".repeat(32),
      values: { sujet: "{{event.text}}", ton: " " },
    };
    expect(toTarget(draft, "", "fr")).toEqual({
      kind: "workflow",
      workflow_id: "a".repeat(32),
      values: { sujet: "{{event.text}}" },
    });
  });

  it("gives an agent its goal in the page's language", () => {
    const draft = {
      ...EMPTY_TARGET,
      kind: "agent" as const,
      agentId: "ventes",
      goal: " Réponds à {{event.text}} ",
    };
    expect(toTarget(draft, "", "en")).toEqual({
      kind: "agent",
      agent_id: "ventes",
      goal: "Réponds à {{event.text}}",
      lang: "en",
    });
  });

  it("mails a prompt's answer with the subject given", () => {
    expect(toTarget({ ...EMPTY_TARGET, prompt: "Résume" }, "Sujet", "fr")).toEqual({
      kind: "prompt_mail",
      prompt: "Résume",
      model: "gpt-4o-mini",
      subject: "Sujet",
    });
  });
});
