import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { chatModel } from "../../test/fixtures";
import type { Verdict } from "./api";
import { VerdictPanel } from "./VerdictPanel";

const BY_ID = new Map([
  ["gpt-4o", chatModel({ id: "gpt-4o", display_name: "GPT-4o" })],
  [
    "claude-sonnet",
    chatModel({
      id: "claude-sonnet",
      vendor: "anthropic",
      display_name: "Claude Sonnet",
    }),
  ],
]);

const VERDICT: Verdict = {
  judge_model: "gpt-4o",
  agreement: 72,
  shared_points: ["Paris is the capital"],
  contradictions: [
    {
      topic: "Population",
      claims: { "gpt-4o": "2.1 million", "claude-sonnet": "2.2 million" },
    },
  ],
  fused_answer: "Paris, about 2.1 million people.",
  simulated: false,
  error: null,
};

describe("VerdictPanel", () => {
  it("shows nothing for a turn that is not verified", () => {
    const { container } = render(
      <VerdictPanel verdict={null} verifying={false} byId={BY_ID} />,
    );

    expect(container.innerHTML).toBe("");
  });

  it("says the answers are being compared while the judge works", () => {
    render(<VerdictPanel verdict={null} verifying byId={BY_ID} />);

    expect(screen.getByTestId("verdict-panel").dataset.state).toBe("verifying");
    expect(screen.getByTestId("verdict-pending")).toBeDefined();
  });

  it("shows the judge, the shared points and each model's claim on a contradiction", () => {
    render(<VerdictPanel verdict={VERDICT} verifying={false} byId={BY_ID} />);

    expect(screen.getByTestId("verdict-panel").dataset.state).toBe("done");
    expect(screen.getByTestId("verdict-judge").textContent).toContain("GPT-4o");
    expect(screen.getByTestId("verdict-shared").textContent).toContain(
      "Paris is the capital",
    );
    const table = screen.getByTestId("verdict-contradictions");
    expect(within(table).getByText("Population")).toBeDefined();
    expect(within(table).getByText("2.2 million")).toBeDefined();
    expect(within(table).getByText("Claude Sonnet")).toBeDefined();
  });

  it("folds and unfolds its body", async () => {
    render(<VerdictPanel verdict={VERDICT} verifying={false} byId={BY_ID} />);

    await userEvent.click(screen.getByTestId("verdict-toggle"));
    expect(screen.queryByTestId("verdict-shared")).toBeNull();
    await userEvent.click(screen.getByTestId("verdict-toggle"));
    expect(screen.getByTestId("verdict-shared")).toBeDefined();
  });

  it("explains a judge that failed instead of showing a score", () => {
    render(
      <VerdictPanel
        verdict={{
          ...VERDICT,
          error: { code: "provider_timeout", message: "Timed out" },
        }}
        verifying={false}
        byId={BY_ID}
      />,
    );

    expect(screen.getByTestId("verdict-panel").dataset.state).toBe("error");
    expect(screen.getByTestId("verdict-error")).toBeDefined();
    expect(screen.queryByTestId("verdict-shared")).toBeNull();
  });
});
