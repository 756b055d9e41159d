import { act, screen } from "@testing-library/react";
import { renderWithQueries } from "../../test/render";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../i18n";
import type { Quota } from "../../lib/quota";
import { QuotaGauges } from "./QuotaGauges";

const quota: Quota = {
  plan: "free",
  period_start: "2026-12-01T00:00:00Z",
  resets_at: "2027-01-01T00:00:00Z",
  max_paid_models_per_turn: 3,
  cost_cap_micro_usd: null,
  gauges: [
    { name: "cost", unit: "micro_usd", used: 120_000, limit: 1_000_000 },
    { name: "tokens", unit: "tokens", used: 5_000, limit: 100_000 },
  ],
};

function serve(): void {
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string) => {
      const body = url.startsWith("/api/account/quota")
        ? quota
        : { currency: "eur", items: [] };
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status: 200,
          headers: { "Content-Type": "application/json" },
        }),
      );
    }),
  );
}

function show(): void {
  renderWithQueries(<QuotaGauges />);
}

describe("QuotaGauges", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en");
  });

  it("says under the gauges that the user's own keys and simulated models do not count, in English and French", async () => {
    serve();
    show();
    const english = (await screen.findByTestId("quota-what-counts"))
      .textContent;
    expect(screen.getAllByTestId("quota-gauge")).toHaveLength(2);
    expect(english).toMatch(/your own API keys/);
    expect(english).toMatch(/simulated models/);
    expect(english).toMatch(/free and outside these quotas/);

    act(() => {
      setLanguage("fr");
    });
    const french = (await screen.findByTestId("quota-what-counts")).textContent;
    expect(french).toMatch(/vos propres clés d’API/);
    expect(french).toMatch(/modèles simulés/);
    expect(french).toMatch(/gratuites et hors de ces quotas/);
  });
});
