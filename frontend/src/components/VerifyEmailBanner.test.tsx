import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { VerifyEmailBanner } from "./VerifyEmailBanner";

describe("VerifyEmailBanner", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("sends the verification link again and says where", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string, init: RequestInit) => {
        calls.push(`${init.method ?? "GET"} ${url}`);
        return Promise.resolve(new Response(null, { status: 204 }));
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <VerifyEmailBanner email="ada@example.com" />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId("verify-email-banner").textContent).toContain("ada@example.com");
    fireEvent.click(screen.getByTestId("verify-email-resend"));
    expect(await screen.findByText("A new link is on its way to ada@example.com.")).toBeTruthy();
    expect(calls).toEqual(["POST /api/auth/email/verification"]);
  });
});
