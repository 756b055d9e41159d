import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { chatModel } from "../../test/fixtures";
import { claimsOf } from "./claims";
import { ContradictionList } from "./ContradictionList";

const MODELS = Array.from({ length: 12 }, (_, index) => `model-${index + 1}`);
const BY_ID = new Map(
  MODELS.map((id, index) => [
    id,
    chatModel({ id, display_name: `Model ${index + 1}` }),
  ]),
);

// Twelve models on one claim: nine say 1889, two 1887 (one in other words' spacing and case), one 1900.
const TOWER = {
  topic: "Year the Eiffel Tower was finished",
  claims: Object.fromEntries(
    MODELS.map((model, index) => [
      model,
      index < 9
        ? "In 1889."
        : index === 9
          ? "In 1887."
          : index === 10
            ? "in  1887."
            : "In 1900.",
    ]),
  ),
};

function nth(elements: HTMLElement[], index: number): HTMLElement {
  const element = elements[index];
  if (!element) throw new Error(`no element ${index}`);
  return element;
}

describe("ContradictionList", () => {
  it("groups the models that make the same claim, the most backed claim first", () => {
    expect(
      claimsOf(TOWER).map(({ claim, models }) => [claim, models.length]),
    ).toEqual([
      ["In 1889.", 9],
      ["In 1887.", 2],
      ["In 1900.", 1],
    ]);
  });

  it("lists each claim with the names of the models that say it, for twelve models", () => {
    render(
      <ContradictionList
        items={[
          TOWER,
          {
            topic: "Height",
            claims: { "model-1": "330 m", "model-5": "300 m" },
          },
        ]}
        byId={BY_ID}
      />,
    );

    const items = screen.getAllByTestId("contradiction");
    const [tower, height] = [nth(items, 0), nth(items, 1)];
    expect(within(tower).getByRole("heading").textContent).toBe(
      "Year the Eiffel Tower was finished",
    );
    const claims = within(tower).getAllByTestId("contradiction-claim");
    expect(claims).toHaveLength(3);
    expect(
      within(nth(claims, 0)).getAllByTestId("contradiction-model"),
    ).toHaveLength(9);
    expect(within(nth(claims, 1)).getByText("In 1887.")).toBeDefined();
    expect(
      within(nth(claims, 1))
        .getAllByTestId("contradiction-model")
        .map((chip) => chip.textContent),
    ).toEqual(["Model 10", "Model 11"]);
    expect(
      within(nth(claims, 2)).getByLabelText("Said by 1 model(s)").textContent,
    ).toBe("Model 12");
    // A model that says nothing on a topic is not listed under it.
    expect(
      within(height)
        .getAllByTestId("contradiction-model")
        .map((chip) => chip.textContent),
    ).toEqual(["Model 1", "Model 5"]);
  });
});
