import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithQueries } from "../../test/render";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Conversation } from "./api";
import { ConversationSidebar } from "./ConversationSidebar";

function conversation(
  id: string,
  title: string,
  updatedAt: string,
): Conversation {
  return {
    id,
    title,
    created_at: "2026-12-01T08:00:00Z",
    updated_at: updatedAt,
    turn_count: 1,
    last_models: ["gpt-4o"],
    pinned: false,
  };
}

/** GET /api/conversations (pinned or not, newest first) and PUT/DELETE …/pin over a small store. */
function serve(conversations: Conversation[]): string[] {
  const calls: string[] = [];
  const json = (body: unknown) =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      }),
    );
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string, init: RequestInit) => {
      const method = init.method ?? "GET";
      calls.push(`${method} ${url}`);
      const { pathname, searchParams } = new URL(url, "http://webox.test");
      const pin = /^\/api\/conversations\/(\w+)\/pin$/.exec(pathname);
      if (pin) {
        const item = conversations.find((c) => c.id === pin[1]);
        if (!item) return Promise.resolve(new Response(null, { status: 404 }));
        item.pinned = method === "PUT";
        return json(item);
      }
      const pinned = searchParams.get("pinned") === "true";
      const items = conversations
        .filter((c) => c.pinned === pinned)
        .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      return json({ items, next_cursor: null });
    }),
  );
  return calls;
}

function show(): void {
  renderWithQueries(<ConversationSidebar activeId={null} />);
}

const titles = () =>
  screen.getAllByTestId("conversation-title").map((title) => title.textContent);
const item = (title: string) =>
  screen
    .getAllByTestId("conversation-item")
    .find((element) => within(element).queryByText(title) !== null) ??
  document.body;

describe("ConversationSidebar", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("lists a pinned conversation first, under Pinned and marked so, and puts it back once unpinned", async () => {
    const calls = serve([
      conversation("c1", "Launch plan", "2026-12-03T10:00:00Z"),
      conversation("c2", "Budget", "2026-12-02T10:00:00Z"),
    ]);
    show();
    await screen.findByText("Budget");
    expect(titles()).toEqual(["Launch plan", "Budget"]);
    expect(screen.queryByTestId("pinned-list")).toBeNull();
    expect(screen.queryByText("Pinned")).toBeNull();

    await userEvent.click(
      within(item("Budget")).getByRole("button", { name: "Pin “Budget”" }),
    );

    const pinned = await screen.findByTestId("pinned-list");
    expect(calls).toContain("PUT /api/conversations/c2/pin");
    expect(within(pinned).getByText("Budget")).toBeTruthy();
    expect(screen.getByText("Pinned")).toBeTruthy();
    expect(screen.getByText("Recent")).toBeTruthy();
    expect(titles()).toEqual(["Budget", "Launch plan"]);
    const unpin = within(pinned).getByRole("button", {
      name: "Unpin “Budget”",
    });
    expect(unpin.getAttribute("aria-pressed")).toBe("true");

    await userEvent.click(unpin);

    await waitFor(() => {
      expect(screen.queryByTestId("pinned-list")).toBeNull();
    });
    expect(calls).toContain("DELETE /api/conversations/c2/pin");
    expect(screen.queryByText("Pinned")).toBeNull();
    expect(titles()).toEqual(["Launch plan", "Budget"]);
    expect(
      within(item("Budget"))
        .getByRole("button", { name: "Pin “Budget”" })
        .getAttribute("aria-pressed"),
    ).toBe("false");
  });
});
