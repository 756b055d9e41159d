import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { loadCatalogue, setLanguage } from "../i18n";

// Tests switch to English synchronously: its catalogue (its own chunk in the app) is loaded first.
await loadCatalogue("en");

// Each test renders into a fresh document.
afterEach(() => {
  cleanup();
});

// jsdom has no layout: columns that follow a stream observe their visibility.
class NoIntersectionObserver {
  observe(): void {
    // Never reports: every column counts as in view.
  }
  unobserve(): void {
    // Nothing observed.
  }
  disconnect(): void {
    // Nothing observed.
  }
  takeRecords(): [] {
    return [];
  }
}
if (!("IntersectionObserver" in globalThis)) {
  globalThis.IntersectionObserver = NoIntersectionObserver as unknown as typeof IntersectionObserver;
}

// The tests read the English catalogue.
setLanguage("en");
