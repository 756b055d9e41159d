import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getLanguage, setLanguage } from "../../i18n";
import { AuthProvider } from "./AuthProvider";

describe("AuthProvider", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en");
  });

  it("shows the app in the account's language on a device that had another one", async () => {
    setLanguage("en");
    const me = {
      id: "u1",
      email: "a@example.com",
      name: "A",
      role: "user",
      mfa_enabled: false,
      email_verified: true,
      language: "fr",
      created_at: "2026-01-01T00:00:00Z",
    };
    vi.stubGlobal(
      "fetch",
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify(me), {
            status: 200,
            headers: { "Content-Type": "application/json" },
          }),
        ),
      ),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <AuthProvider>
            <p>app</p>
          </AuthProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await waitFor(() => {
      expect(getLanguage()).toBe("fr");
    });
  });
});
