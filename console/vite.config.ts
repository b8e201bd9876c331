/// <reference types="vitest/config" />
import { cpSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// /docs and /redoc are served by the gateway from these copies: no CDN, the page works offline.
const VENDOR: Array<[string, string]> = [
  ["node_modules/swagger-ui-dist/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui-bundle.js"],
  ["node_modules/swagger-ui-dist/swagger-ui.css", "vendor/swagger-ui/swagger-ui.css"],
  ["node_modules/swagger-ui-dist/LICENSE", "vendor/swagger-ui/LICENSE"],
  ["node_modules/redoc/bundles/redoc.standalone.js", "vendor/redoc/redoc.standalone.js"],
  ["node_modules/redoc/LICENSE", "vendor/redoc/LICENSE"],
];

function vendorDocs(): Plugin {
  return {
    name: "wie-vendor-docs",
    apply: "build",
    writeBundle(options) {
      const out = options.dir ?? resolve(import.meta.dirname, "dist");
      for (const [from, to] of VENDOR) {
        const target = resolve(out, to);
        mkdirSync(resolve(target, ".."), { recursive: true });
        cpSync(resolve(import.meta.dirname, from), target);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), vendorDocs()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
