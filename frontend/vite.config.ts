import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the SPA with hot reload and forwards API and WebSocket
// calls to the local Python server (`make dev`), so cookies stay same-origin.
const backend = process.env.WEBOX_DEV_BACKEND ?? "http://127.0.0.1:8000";
// Every REST route is under /api; /v1 is the OpenAI-compatible gateway.
const apiPrefixes = ["/api", "/v1"];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: {
      ...Object.fromEntries(apiPrefixes.map((prefix) => [prefix, { target: backend, changeOrigin: false }])),
      "/ws": { target: backend.replace(/^http/, "ws"), ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
