import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { noForeignUrls } from './scripts/no-foreign-urls.ts';
import { serviceWorker } from './scripts/service-worker.ts';
import { securityHeaders } from './scripts/security-headers.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  plugins: [svelte(), noForeignUrls(), serviceWorker(), securityHeaders()],
  resolve: {
    // 1.32.0's `blocking` export resolves, for browsers, to a file that does not exist (TOOLCHAIN.md).
    alias: { '@duckdb/duckdb-wasm/blocking': here('./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs') },
  },
  worker: { format: 'es', plugins: () => [noForeignUrls()] },
  // `npm start` / `npm run preview` serve here: 4173, or TIERBOOK_PORT (the Playwright tests read it too);
  // `npm start -- --port 5000` also works. A busy port is an error, never a silent move to another one.
  preview: { port: Number(process.env.TIERBOOK_PORT || 4173), strictPort: true },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // duckdb-wasm's emscripten glue uses direct eval; it is vendored code we do not change.
      onLog(level, log, handler) {
        if (log.code === 'EVAL') return;
        handler(level, log);
      },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
  },
});
