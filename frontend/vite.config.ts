import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the SPA with hot reload and forwards API and WebSocket
// calls to the local Python server (`make dev`), so cookies stay same-origin.
const backend = process.env.WEBOX_DEV_BACKEND ?? "http://127.0.0.1:8000";
// Add a feature's API prefix here when it gets one.
const apiPrefixes = ["/auth", "/v1", "/conversations", "/models", "/usage", "/timeline", "/account", "/billing"];

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
