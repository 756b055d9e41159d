import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AutomationSchedule } from "./api";
import { SchedulesSection } from "./SchedulesSection";

const schedule: AutomationSchedule = {
  schedule_id: "s1",
  label: "Morning digest",
  expression: "cron(0 8 ? * MON-FRI *)",
  timezone: "Europe/Paris",
  paused: false,
  next_fire_at: "2026-12-07T07:00:00Z",
  created_at: "2026-12-01T09:00:00Z",
  target: { kind: "prompt_mail", prompt: "News", model: "gpt-4o-mini", subject: "Morning digest" },
};

function fakeApi(): string[] {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string, init: RequestInit) => {
      const method = init.method ?? "GET";
      calls.push(`${method} ${url}`);
      const body = method === "GET" ? JSON.stringify({ items: [schedule], limit: 20 }) : null;
      return Promise.resolve(new Response(body, { status: body ? 200 : 204, headers: { "Content-Type": "application/json" } }));
    }),
  );
  return calls;
}

function renderSection(): void {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SchedulesSection />
    </QueryClientProvider>,
  );
}

describe("SchedulesSection delete", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("asks first, and a cancel deletes nothing", async () => {
    const calls = fakeApi();
    renderSection();

    fireEvent.click(await screen.findByTestId("automations-schedule-delete"));
    expect(screen.getByText("Delete the schedule “Morning digest”?")).toBeTruthy();
    fireEvent.click(screen.getByTestId("automations-schedule-delete-cancel"));

    expect(screen.queryByText("Delete the schedule “Morning digest”?")).toBeNull();
    expect(calls.filter((call) => call.startsWith("DELETE"))).toEqual([]);
  });

  it("deletes the schedule once confirmed", async () => {
    const calls = fakeApi();
    renderSection();

    fireEvent.click(await screen.findByTestId("automations-schedule-delete"));
    fireEvent.click(screen.getByTestId("automations-schedule-delete-confirm"));

    await waitFor(() => {
      expect(calls).toContain("DELETE /api/automations/schedules/s1");
    });
  });
});
