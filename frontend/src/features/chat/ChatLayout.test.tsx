import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answer, chatModel } from "../../test/fixtures";
import { ChatHeader } from "./ChatHeader";
import { useChatLayout } from "./layout";
import { TurnAnswers } from "./TurnAnswers";
import type { ChatActions, TurnView } from "./view";

const MODELS = Array.from({ length: 12 }, (_, index) => `model-${index + 1}`);
const BY_ID = new Map(
  MODELS.map((id, index) => [
    id,
    chatModel({ id, display_name: `Model ${index + 1}` }),
  ]),
);
const ACTIONS: ChatActions = { stop: vi.fn(), retry: vi.fn(), pick: vi.fn() };

const VIEW: TurnView = {
  key: "c1:1",
  conversationId: "c1",
  turn: 1,
  versions: [1],
  requestId: "r1",
  content: "Compare",
  models: MODELS,
  params: { temperature: null, max_tokens: null, system: null },
  chosenModel: null,
  verify: false,
  assistantId: null,
  assistantName: null,
  createdAt: "2026-12-01T10:00:00Z",
  answers: MODELS.map((model) =>
    answer({ model, text: `First line from ${model}` }),
  ),
  verdict: null,
  verifying: false,
  live: false,
  attachments: [],
};

/** The chat page's header and one turn, laid out as the user chose. */
function Chat({ userId }: { userId: string }) {
  const [layout, setLayout] = useChatLayout(userId);
  return (
    <>
      <ChatHeader
        title="Twelve"
        drawerOpen={false}
        onOpenDrawer={vi.fn()}
        historyCollapsed={false}
        onToggleHistory={vi.fn()}
        layout={layout}
        onLayoutChange={setLayout}
        actions={null}
      />
      <TurnAnswers
        view={VIEW}
        byId={BY_ID}
        actions={ACTIONS}
        retrying={[]}
        stopping={[]}
        layout={layout}
      />
    </>
  );
}

const columns = () =>
  screen.getAllByTestId("answer-column").map((column) => column.dataset.model);

afterEach(() => {
  localStorage.clear();
});

describe("the chat's layout switch", () => {
  it("shows the twelve answers in a grid by default", () => {
    render(<Chat userId="u1" />);

    expect(screen.getByTestId("turn-answers").dataset.layout).toBe("grid");
    expect(screen.getByTestId("layout-grid").getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect(columns()).toEqual(MODELS);
  });

  it("puts them side by side in one row, with chips to jump to each", async () => {
    render(<Chat userId="u1" />);

    await userEvent.click(screen.getByTestId("layout-side"));

    expect(screen.getByTestId("turn-answers").dataset.layout).toBe("side");
    expect(columns()).toEqual(MODELS);
    const jump = screen.getByRole("navigation", { name: "Answers" });
    expect(within(jump).getAllByRole("button")).toHaveLength(12);
  });

  it("focuses one answer and switches to another from its tab", async () => {
    render(<Chat userId="u1" />);

    await userEvent.click(screen.getByTestId("layout-focus"));

    expect(columns()).toEqual(["model-1"]);
    const tabs = screen.getAllByRole("tab");
    expect(tabs).toHaveLength(12);
    expect(tabs[0]?.getAttribute("aria-selected")).toBe("true");

    await userEvent.click(screen.getByRole("tab", { name: "Model 7" }));
    expect(columns()).toEqual(["model-7"]);
    expect(screen.getByRole("tabpanel").textContent).toContain(
      "First line from model-7",
    );

    fireEvent.keyDown(screen.getByRole("tablist"), { key: "ArrowRight" });
    expect(columns()).toEqual(["model-8"]);
  });

  it("remembers each user's choice on this device", async () => {
    const first = render(<Chat userId="u1" />);
    await userEvent.click(screen.getByTestId("layout-focus"));
    first.unmount();

    const again = render(<Chat userId="u1" />);
    expect(screen.getByTestId("turn-answers").dataset.layout).toBe("focus");
    again.unmount();

    render(<Chat userId="u2" />);
    expect(screen.getByTestId("turn-answers").dataset.layout).toBe("grid");
  });
});
