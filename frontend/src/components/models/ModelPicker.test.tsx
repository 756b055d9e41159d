import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { chatModel } from "../../test/fixtures";
import { ModelPicker } from "./ModelPicker";

const MODELS = [
  chatModel({ id: "gpt-4o", display_name: "GPT-4o" }),
  chatModel({
    id: "claude-sonnet",
    vendor: "anthropic",
    display_name: "Claude Sonnet",
    simulated: true,
  }),
  chatModel({
    id: "gemini-pro",
    vendor: "google",
    display_name: "Gemini Pro",
    available: false,
  }),
];
const BY_ID = new Map(MODELS.map((model) => [model.id, model]));

function renderPicker(selected: string[] = []) {
  const onChange = vi.fn<(selected: string[]) => void>();
  const onClose = vi.fn();
  render(
    <ModelPicker models={MODELS} byId={BY_ID} loading={false} error={null} selected={selected} onChange={onChange} onClose={onClose} />,
    { wrapper: MemoryRouter },
  );
  return { onChange, onClose };
}

const option = (id: string) => within(document.querySelector<HTMLElement>(`[data-model="${id}"]`) ?? document.body).getByRole("checkbox");

describe("ModelPicker", () => {
  it("groups the models by vendor with their names as the companies write them", () => {
    renderPicker();

    const vendors = screen.getAllByTestId("model-group").map((group) => group.dataset.vendor);
    expect(vendors).toContain("anthropic");
    expect(screen.getByText("Anthropic")).toBeDefined();
    expect(screen.getByText("OpenAI")).toBeDefined();
  });

  it("adds a model to the selection when its box is ticked", async () => {
    const { onChange } = renderPicker(["gpt-4o"]);

    await userEvent.click(option("claude-sonnet"));

    expect(onChange).toHaveBeenCalledWith(["gpt-4o", "claude-sonnet"]);
  });

  it("offers no unavailable model, not even through select all", async () => {
    const { onChange } = renderPicker();

    expect((option("gemini-pro") as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId("model-lock-reason").textContent).toBe("No API key for Google: add your own.");
    await userEvent.click(screen.getByTestId("model-select-all"));

    expect(onChange).toHaveBeenLastCalledWith(["gpt-4o", "claude-sonnet"]);
  });

  it("counts the selection and clears it", async () => {
    const { onChange } = renderPicker(["gpt-4o", "claude-sonnet"]);

    expect(screen.getByTestId("model-count").textContent).toContain("2");
    await userEvent.click(screen.getByTestId("model-clear"));

    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it("closes on its close button", async () => {
    const { onClose } = renderPicker();

    await userEvent.click(screen.getByTestId("model-picker-close"));

    expect(onClose).toHaveBeenCalledOnce();
  });

  it("locks what the plan excludes and stops at the plan's number of paid models", async () => {
    const paid = [
      chatModel({
        id: "gpt-4o",
        display_name: "GPT-4o",
        key_source: "platform",
      }),
      chatModel({
        id: "gpt-4o-mini",
        display_name: "GPT-4o mini",
        key_source: "platform",
      }),
      chatModel({
        id: "claude-opus",
        vendor: "anthropic",
        display_name: "Claude Opus",
        key_source: "platform",
        in_plan: false,
      }),
      chatModel({
        id: "mistral",
        vendor: "mistral",
        display_name: "Mistral",
        key_source: "simulated",
        simulated: true,
      }),
    ];
    const onChange = vi.fn<(selected: string[]) => void>();
    render(
      <ModelPicker
        models={paid}
        byId={new Map(paid.map((model) => [model.id, model]))}
        loading={false}
        error={null}
        selected={["gpt-4o"]}
        onChange={onChange}
        onClose={vi.fn()}
        maxPaid={1}
      />,
      { wrapper: MemoryRouter },
    );

    expect(screen.getByTestId("model-plan-limit").textContent).toContain("1");
    expect((option("claude-opus") as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId("model-locked").textContent).toBe("Not in your plan");
    expect((option("gpt-4o-mini") as HTMLInputElement).disabled).toBe(true);
    // Each locked model says why, and the picker says how many paid models this message uses.
    const reasons = screen
      .getAllByTestId("model-lock-reason")
      .map((reason) => [reason.closest("[data-model]")?.getAttribute("data-model"), reason.dataset.reason]);
    expect(reasons).toEqual([
      ["gpt-4o-mini", "paid_limit"],
      ["claude-opus", "plan"],
    ]);
    expect(screen.getByTestId("model-paid-count").textContent).toBe("1/1 paid by WeBox");
    expect(within(screen.getByTestId("model-unlock")).getByRole("link", { name: "see the plans" }).getAttribute("href")).toBe(
      "/settings/billing",
    );
    expect((option("mistral") as HTMLInputElement).disabled).toBe(false);
    await userEvent.click(screen.getByTestId("model-select-all"));
    expect(onChange).toHaveBeenLastCalledWith(["gpt-4o", "mistral"]);
  });
});
