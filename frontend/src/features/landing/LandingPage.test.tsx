import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  setLanguage,
  translate,
  type Language,
  type MessageKey,
} from "../../i18n";
import { FEATURES } from "../../navigation";
import { LandingPage } from "./LandingPage";

// The landing page's own sentences (long enough that one language's never appears in the other's page).
const SENTENCES: MessageKey[] = [
  "landing.sign_in",
  "landing.headline",
  "landing.subtitle",
  "landing.register",
  "landing.have_account",
  "landing.promises.compare",
  "landing.promises.verify",
  "landing.promises.keys",
  "landing.features_title",
  "landing.footer",
  "landing.preview.question",
  "landing.preview.verdict",
];

function show(): void {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>{children}</MemoryRouter>
    </QueryClientProvider>
  );
  render(<LandingPage />, { wrapper });
}

function expectPageIn(language: Language, other: Language): void {
  const page = screen.getByTestId("landing").textContent;
  for (const key of SENTENCES) {
    expect(page).toContain(translate(language, key));
    expect(page).not.toContain(translate(other, key));
  }
  for (const { id } of FEATURES) {
    expect(page).toContain(translate(language, `features.${id}.description`));
  }
  expect(page).not.toContain("landing.");
  expect(document.title).toContain(translate(language, "landing.title"));
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
    translate(language, "landing.headline"),
  );
}

describe("LandingPage", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en");
  });

  it("speaks French to a French visitor and English once the visitor switches", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    setLanguage("fr");
    show();
    expectPageIn("fr", "en");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      "Toutes les IA, une seule question, la meilleure réponse.",
    );

    fireEvent.change(screen.getByTestId("lang-switch"), {
      target: { value: "en" },
    });

    expectPageIn("en", "fr");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(
      "Every AI, one question, the best answer.",
    );
    expect(screen.getByTestId("landing-sign-in").textContent).toBe("Sign in");
    // A signed-out visitor's choice stays in the browser.
    expect(fetch).not.toHaveBeenCalled();
  });
});
