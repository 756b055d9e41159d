import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { answer, chatModel } from "../../test/fixtures";
import type { Answer } from "./api";
import { AnswerColumn } from "./AnswerColumn";
import type { ChatActions } from "./view";

function renderColumn(
  value: Answer,
  options: { requestId?: string | null; stopping?: boolean } = {},
) {
  const actions: ChatActions = { stop: vi.fn(), retry: vi.fn(), pick: vi.fn() };
  render(
    <AnswerColumn
      answer={value}
      model={chatModel({ id: value.model, display_name: "GPT-4o" })}
      conversationId="c1"
      turn={2}
      requestId={options.requestId ?? "r1"}
      fastest={false}
      cheapest={false}
      chosen={false}
      retrying={false}
      stopping={options.stopping ?? false}
      actions={actions}
      layout="side"
    />,
  );
  return actions;
}

describe("AnswerColumn", () => {
  it("lets the user stop a model that is still answering", async () => {
    const actions = renderColumn(
      answer({ model: "gpt-4o", status: "streaming", text: "Bonjour" }),
    );

    await userEvent.click(screen.getByTestId("answer-stop"));

    expect(actions.stop).toHaveBeenCalledWith("r1", "gpt-4o");
    expect(screen.queryByTestId("answer-retry")).toBeNull();
  });

  it("disables the stop button once a stop was asked", () => {
    renderColumn(
      answer({ model: "gpt-4o", status: "streaming", text: "Bon" }),
      { stopping: true },
    );

    expect(screen.getByTestId("answer-stop").hasAttribute("disabled")).toBe(
      true,
    );
  });

  it("shows a failed answer's error and retries that model of that turn", async () => {
    const actions = renderColumn(
      answer({
        model: "gpt-4o",
        status: "error",
        error: { code: "provider_timeout", message: "Timed out" },
      }),
    );

    expect(screen.getByTestId("answer-error")).toBeDefined();
    await userEvent.click(screen.getByTestId("answer-retry"));

    expect(actions.retry).toHaveBeenCalledWith("c1", 2, "gpt-4o");
  });

  it("keeps a stopped answer's text and offers to retry it", async () => {
    renderColumn(
      answer({ model: "gpt-4o", status: "stopped", text: "Début de réponse" }),
    );

    expect((await screen.findByTestId("answer-text")).textContent).toContain(
      "Début de réponse",
    );
    expect(screen.getByTestId("answer-retry")).toBeDefined();
    expect(screen.queryByTestId("answer-stop")).toBeNull();
  });

  it("names its status for a finished answer", () => {
    renderColumn(answer({ model: "gpt-4o", status: "done", text: "Fini" }));

    expect(screen.getByTestId("answer-status").textContent).not.toBe("");
    expect(screen.getByRole("region", { name: /GPT-4o/ })).toBeDefined();
  });
});
