import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { setLanguage } from "../i18n";

// Each test renders into a fresh document.
afterEach(() => {
  cleanup();
});

// jsdom has no layout: columns that follow a stream observe their visibility.
class NoIntersectionObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
  takeRecords(): [] {
    return [];
  }
}
globalThis.IntersectionObserver ??= NoIntersectionObserver as unknown as typeof IntersectionObserver;

// The tests read the English catalogue.
setLanguage("en");
