import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { UserMessage, type MessageActions } from "./UserMessage";
import type { TurnView } from "./view";

const VIEW: TurnView = {
  key: "c1:4",
  conversationId: "c1",
  turn: 4,
  requestId: "r4",
  content: "Deux, autrement",
  models: ["gpt-4o"],
  params: {},
  chosenModel: null,
  verify: false,
  assistantId: null,
  assistantName: null,
  createdAt: "2026-12-01T09:00:00Z",
  answers: [],
  verdict: null,
  verifying: false,
  live: false,
  versions: [2, 4],
  attachments: [],
};

function renderMessage(options: { last?: boolean; busy?: boolean } = {}) {
  const actions: MessageActions = {
    edit: vi.fn(),
    regenerate: vi.fn(),
    showVersion: vi.fn(),
  };
  render(
    <UserMessage
      view={VIEW}
      details="1 déc."
      actions={actions}
      last={options.last ?? true}
      busy={options.busy ?? false}
      selectionCount={2}
    />,
  );
  return actions;
}

describe("UserMessage", () => {
  it("sends the edited text as a new version, to the turn's models unless the selection is asked for", async () => {
    const actions = renderMessage();
    await userEvent.click(screen.getByTestId("message-edit"));
    const field = screen.getByTestId("message-editor-input");
    await userEvent.clear(field);
    await userEvent.type(field, "Deux, enfin");
    await userEvent.click(screen.getByTestId("message-editor-send"));
    expect(actions.edit).toHaveBeenCalledWith(VIEW, "Deux, enfin", false);
    expect(screen.queryByTestId("message-editor")).toBeNull();

    await userEvent.click(screen.getByTestId("message-edit"));
    await userEvent.click(screen.getByTestId("message-editor-selection"));
    await userEvent.click(screen.getByTestId("message-editor-send"));
    expect(actions.edit).toHaveBeenLastCalledWith(
      VIEW,
      "Deux, autrement",
      true,
    );
  });

  it("switches between the versions of the message", async () => {
    const actions = renderMessage();
    expect(screen.getByTestId("version-position").textContent).toBe(
      "Version 2/2",
    );
    expect(screen.getByTestId("version-next")).toHaveProperty("disabled", true);
    await userEvent.click(screen.getByTestId("version-previous"));
    expect(actions.showVersion).toHaveBeenCalledWith(2);
  });

  it("names the files the message carried", () => {
    render(
      <UserMessage
        view={{
          ...VIEW,
          attachments: [
            { filename: "devis.pdf", kind: "document" },
            { filename: "photo.png", kind: "image" },
          ],
        }}
        details=""
        actions={{ edit: vi.fn(), regenerate: vi.fn(), showVersion: vi.fn() }}
        last
        busy={false}
        selectionCount={1}
      />,
    );
    expect(screen.getByTestId("turn-attachments").textContent).toBe(
      "devis.pdfphoto.png",
    );
  });

  it("regenerates every answer of the last turn", async () => {
    const actions = renderMessage();
    await userEvent.click(screen.getByTestId("regenerate-all"));
    expect(actions.regenerate).toHaveBeenCalledWith(VIEW);
  });

  it("keeps edit, regenerate and the version switch off while answers are on their way", () => {
    renderMessage({ busy: true });
    for (const id of ["message-edit", "regenerate-all", "version-previous"]) {
      expect(screen.getByTestId(id)).toHaveProperty("disabled", true);
    }
  });

  it("has no regenerate button on an earlier turn", () => {
    renderMessage({ last: false });
    expect(screen.queryByTestId("regenerate-all")).toBeNull();
  });
});
