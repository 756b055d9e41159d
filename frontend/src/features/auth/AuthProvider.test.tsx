import {
  QueryClient,
  QueryClientProvider,
  useQuery,
} from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getLanguage, setLanguage } from "../../i18n";
import { api } from "../../lib/api";
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

  describe("a public page's query while the server refuses to refresh the session", () => {
    function json(status: number, body: unknown): Response {
      return new Response(JSON.stringify(body), {
        status,
        headers: { "Content-Type": "application/json" },
      });
    }

    function PublicPage() {
      const page = useQuery({
        queryKey: ["public", "page"],
        queryFn: () => api.get<{ text: string }>("/api/public"),
        retry: false,
      });
      return <p>{page.data?.text ?? "loading"}</p>;
    }

    function renderPage() {
      render(
        <QueryClientProvider client={new QueryClient()}>
          <MemoryRouter>
            <AuthProvider>
              <PublicPage />
            </AuthProvider>
          </MemoryRouter>
        </QueryClientProvider>,
      );
    }

    /** Answers the public page only after the refresh was refused (a slow server). */
    function stubSlowServer() {
      let refused: () => void = () => undefined;
      const afterRefusal = new Promise<void>((resolve) => {
        refused = resolve;
      });
      vi.stubGlobal(
        "fetch",
        vi.fn(async (path: string) => {
          if (path === "/api/auth/me")
            return json(401, { code: "not_authenticated", detail: "sign in" });
          if (path === "/api/auth/refresh") {
            setTimeout(refused, 0);
            return json(401, {
              code: "refresh_token_invalid",
              detail: "no session",
            });
          }
          await afterRefusal;
          return json(200, { text: "the page" });
        }),
      );
    }

    it("still shows the page to a visitor who never signed in", async () => {
      stubSlowServer();
      renderPage();
      expect(await screen.findByText("the page")).toBeTruthy();
    });

    it("reads the page again when the session ends during its request", async () => {
      const user = { id: "u1", email: "a@example.com", language: "en" };
      let publicCalls = 0;
      vi.stubGlobal(
        "fetch",
        vi.fn((path: string) => {
          if (path === "/api/auth/me") return Promise.resolve(json(200, user));
          if (path === "/api/auth/refresh")
            return Promise.resolve(
              json(401, { code: "refresh_token_invalid", detail: "gone" }),
            );
          return Promise.resolve(
            ++publicCalls === 1
              ? json(401, { code: "token_expired", detail: "expired" })
              : json(200, { text: "the page" }),
          );
        }),
      );
      renderPage();
      expect(await screen.findByText("the page")).toBeTruthy();
      expect(publicCalls).toBe(2);
    });
  });
});
