import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { answer, chatModel } from "../../test/fixtures";
import { TurnView } from "./TurnView";
import type { TurnView as TurnData } from "./view";

const VIEW: TurnData = {
  key: "c1:1",
  conversationId: "c1",
  turn: 1,
  versions: [1],
  requestId: "r1",
  content: "Bonjour",
  models: ["gpt-4o"],
  params: { temperature: null, max_tokens: null, system: null },
  chosenModel: null,
  verify: false,
  assistantId: null,
  assistantName: null,
  createdAt: "2026-12-01T10:00:00Z",
  answers: [answer({ model: "gpt-4o", text: "Salut" })],
  verdict: null,
  verifying: false,
  live: false,
  attachments: [],
};

function renderTurn(view: TurnData) {
  render(
    <TurnView
      view={view}
      byId={new Map([["gpt-4o", chatModel({ id: "gpt-4o" })]])}
      actions={{ stop: vi.fn(), retry: vi.fn(), pick: vi.fn() }}
      retrying={[]}
      stopping={[]}
      assistantNames={new Map()}
      layout="grid"
      messageActions={{
        edit: vi.fn(),
        regenerate: vi.fn(),
        showVersion: vi.fn(),
      }}
      last
      busy={false}
      selectionCount={1}
    />,
  );
  return screen.getByTestId("turn-details").textContent;
}

describe("TurnView", () => {
  it("says nothing of parameters left to the model's default (no « température null »)", () => {
    const details = renderTurn(VIEW);
    expect(details).not.toMatch(/null|température|jetons/);
  });

  it("states the parameters the user chose", () => {
    const details = renderTurn({
      ...VIEW,
      params: { temperature: 0.2, max_tokens: 300, system: null },
    });
    expect(details).toMatch(/0[.,]2/);
    expect(details).toMatch(/300/);
    expect(details).not.toMatch(/null/);
  });

  it("names the assistant it was sent with, without waiting on the assistants' list", () => {
    const details = renderTurn({ ...VIEW, assistantId: "redacteur", assistantName: "Rédacteur" });
    expect(details).toMatch(/Rédacteur/);
  });
});
