import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../i18n";
import { AgentMetrics } from "./AgentMetrics";
import type { AgentRow } from "./api";

const ventes: AgentRow = {
  agent_id: "ventes",
  name: "Ventes",
  builtin: true,
  days: 7,
  runs: 4,
  succeeded: 3,
  failed: 1,
  success_rate: 0.75,
  median_steps: 2,
  cost_micro_usd: 90_000,
  cost_per_success_micro_usd: 30_000,
  tool_calls: 8,
  tool_errors: 2,
  tool_error_rate: 0.25,
  p50_duration_ms: 2000,
  p95_duration_ms: 10_000,
};

function serve(agents: AgentRow[]): string[] {
  const urls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string) => {
      urls.push(url);
      return Promise.resolve(
        new Response(JSON.stringify({ days: 7, agents }), {
          status: 200,
          headers: { "Content-Type": "application/json" },
        }),
      );
    }),
  );
  return urls;
}

function show(): void {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider
      client={
        new QueryClient({ defaultOptions: { queries: { retry: false } } })
      }
    >
      {children}
    </QueryClientProvider>
  );
  render(<AgentMetrics days={7} />, { wrapper });
}

describe("AgentMetrics", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en");
  });

  it("shows each agent's rates, cost per success and durations for the period, in French", async () => {
    setLanguage("fr");
    const urls = serve([ventes]);
    show();
    const row = await screen.findByTestId("agent-metrics-row");
    expect(urls[0]).toBe("/api/usage/agents?days=7");
    const cells = within(row)
      .getAllByRole("cell")
      .map((cell) => cell.textContent.replace(/\s/g, " "));
    expect(cells[0]).toBe("VentesIntégré");
    expect(cells.slice(1, 4)).toEqual(["4", "75 %", "2"]);
    expect(cells[4]).toContain("0,03");
    expect(cells[5]).toBe("25 %");
    expect(cells[6]).toBe("2 s / 10 s");
    expect(
      screen.getByRole("columnheader", { name: "Coût par réussite" }),
    ).toBeTruthy();
  });

  it("says when no agent worked in the period", async () => {
    serve([]);
    show();
    expect((await screen.findByTestId("agent-metrics-empty")).textContent).toBe(
      "No agent worked in this period.",
    );
  });
});
