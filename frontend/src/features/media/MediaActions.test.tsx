import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MediaItem } from "./api";
import { MediaActions } from "./MediaActions";

const item: MediaItem = {
  media_id: "m".repeat(32),
  job_id: "j".repeat(32),
  kind: "image",
  model: "flux-schnell",
  prompt: "un chat",
  content_type: "image/png",
  size: 1234,
  url: "/media/m.png",
  download_url: "/media/m.png?download=1",
  created_at: "2026-12-01T09:00:00Z",
  width: 1024,
  height: 1024,
  duration_s: null,
  group_id: null,
  transcript: null,
  simulated: true,
};

describe("MediaActions share", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("asks how long the public link lives, a week unless changed, before creating it", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((_url: string, init: RequestInit) => {
        bodies.push(typeof init.body === "string" ? JSON.parse(init.body) : null);
        const link = { url: "https://webox.example/s/abc" };
        return Promise.resolve(
          new Response(JSON.stringify(link), {
            status: 201,
            headers: { "Content-Type": "application/json" },
          }),
        );
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MediaActions item={item} />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByTestId("media-share"));
    expect(bodies).toHaveLength(0);
    const expiry = screen.getByTestId<HTMLSelectElement>("media-share-expiry");
    expect(expiry.value).toBe("168");
    fireEvent.change(expiry, { target: { value: "24" } });
    fireEvent.click(screen.getByTestId("media-share-create"));
    await waitFor(() => {
      expect(screen.getByTestId("media-share-link")).toBeTruthy();
    });
    expect(bodies).toEqual([
      {
        kind: "media",
        target_id: item.media_id,
        visibility: "public",
        expires_in_hours: 24,
      },
    ]);
  });
});
