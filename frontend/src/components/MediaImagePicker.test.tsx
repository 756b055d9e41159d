import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { setLanguage } from "../i18n";
import type { LibraryImage } from "../lib/libraryImages";
import { MediaImagePicker } from "./MediaImagePicker";

const lighthouse = {
  media_id: "a".repeat(34),
  kind: "image",
  model: "openai/gpt-image-1",
  prompt: "un phare",
  content_type: "image/png",
  size: 10,
  width: 1024,
  height: 1024,
  url: "https://media.example/presigned",
  download_url: "https://media.example/presigned?download",
  job_id: "b".repeat(32),
  created_at: "2026-01-01T00:00:00Z",
} as LibraryImage;

describe("MediaImagePicker", () => {
  it("hands back the chosen image only once it has its alt text", () => {
    setLanguage("en");
    const onPick = vi.fn();
    render(
      <MediaImagePicker
        images={[lighthouse]}
        loading={false}
        error={null}
        onPick={onPick}
        onClose={() => undefined}
      />,
    );
    const use = screen.getByTestId<HTMLButtonElement>("media-picker-use");
    expect(use.disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "un phare" }));
    expect(use.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("media-picker-alt"), {
      target: { value: "  " },
    });
    expect(use.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("media-picker-alt"), {
      target: { value: " A lighthouse at dusk " },
    });
    fireEvent.click(use);
    expect(onPick).toHaveBeenCalledWith(lighthouse, "A lighthouse at dusk");
  });

  it("says when the library has no image", () => {
    setLanguage("fr");
    render(
      <MediaImagePicker
        images={[]}
        loading={false}
        error={null}
        onPick={() => undefined}
        onClose={() => undefined}
      />,
    );
    expect(
      screen.getByText(/Aucune image dans votre médiathèque/).tagName,
    ).toBe("P");
  });
});
