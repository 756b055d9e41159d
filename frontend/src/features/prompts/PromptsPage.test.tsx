import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LANGUAGES, setLanguage, translate } from "../../i18n";
import { AuthContext, type AuthContextValue } from "../../lib/auth";
import { ada } from "../../test/fixtures";
import { PromptsPage } from "./PromptsPage";

/** Nothing published, no category, no prompt of the library: every list answers empty. */
function serveNothing(): string[] {
  const urls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((url: string) => {
      urls.push(url);
      const body = url.startsWith("/api/prompts/categories")
        ? []
        : { items: [], next_cursor: null };
      return Promise.resolve(
        new Response(JSON.stringify(body), {
          status: 200,
          headers: { "Content-Type": "application/json" },
        }),
      );
    }),
  );
  return urls;
}

function show(): void {
  const auth = { user: ada } as AuthContextValue;
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider
      client={
        new QueryClient({ defaultOptions: { queries: { retry: false } } })
      }
    >
      <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
    </QueryClientProvider>
  );
  render(<PromptsPage />, { wrapper });
}

describe("PromptsPage", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLanguage("en");
  });

  it.each(LANGUAGES)(
    "says in an empty marketplace how to publish the first prompt (%s)",
    async (language) => {
      setLanguage(language);
      const urls = serveNothing();
      show();

      await userEvent.click(screen.getByTestId("prompts-tab-market"));

      const empty = await screen.findByTestId("prompts-empty");
      expect(
        urls.some((url) => url.startsWith("/api/prompts/marketplace")),
      ).toBe(true);
      const text = empty.textContent;
      // Where to go and which button to press, named as the page names them.
      expect(text).toContain(translate(language, "prompts.tabs.mine"));
      expect(text).toContain(translate(language, "prompts.market.publish"));
      expect(text).not.toBe(translate(language, "prompts.empty"));
    },
  );
});
