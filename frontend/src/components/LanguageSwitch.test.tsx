import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../i18n";
import { AuthContext, type AuthContextValue, type User } from "../lib/auth";
import { ada } from "../test/fixtures";
import { LanguageSwitch } from "./LanguageSwitch";

function renderSwitch(user: User | null): void {
  const auth = { user } as AuthContextValue;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={new QueryClient()}>
      <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
    </QueryClientProvider>
  );
  render(<LanguageSwitch />, { wrapper });
}

function fakeFetch() {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string, init: RequestInit) => {
      calls.push({
        method: init.method ?? "GET",
        url,
        body: typeof init.body === "string" ? JSON.parse(init.body) : null,
      });
      return Promise.resolve(
        new Response(JSON.stringify({ language: "fr" }), {
          status: 200,
          headers: { "Content-Type": "application/json" },
        }),
      );
    }),
  );
  return calls;
}

describe("LanguageSwitch", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en");
  });

  it("saves the choice to the account when signed in", async () => {
    const calls = fakeFetch();
    renderSwitch(ada);
    fireEvent.change(screen.getByTestId("lang-switch"), {
      target: { value: "fr" },
    });
    await waitFor(() => {
      expect(calls).toHaveLength(1);
    });
    expect(calls[0]).toMatchObject({
      method: "PATCH",
      url: "/api/account/settings",
      body: { language: "fr" },
    });
    expect(document.documentElement.lang).toBe("fr");
  });

  it("only changes the screen when signed out", () => {
    const calls = fakeFetch();
    renderSwitch(null);
    fireEvent.change(screen.getByTestId("lang-switch"), {
      target: { value: "fr" },
    });
    expect(document.documentElement.lang).toBe("fr");
    expect(calls).toHaveLength(0);
  });
});
