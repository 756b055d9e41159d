import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DictationButton } from "./DictationButton";

describe("DictationButton", () => {
  it("says clearly that dictation is impossible in a browser without a recorder (jsdom has none)", async () => {
    const onText = vi.fn();
    render(<DictationButton onText={onText} disabled={false} />);

    await userEvent.click(screen.getByTestId("dictation-toggle"));

    expect(screen.getByRole("alert").textContent).toMatch(/micro/i);
    expect(
      screen.getByTestId("dictation-toggle").getAttribute("data-status"),
    ).toBe("idle");
    expect(onText).not.toHaveBeenCalled();
  });
});
