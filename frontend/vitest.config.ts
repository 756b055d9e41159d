import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Reducer and component tests (`npm run test`): jsdom, Testing Library, no browser.
// The journeys stay in tests/e2e (Chromium against the local stack).
export default defineConfig({
  plugins: [react()],
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
