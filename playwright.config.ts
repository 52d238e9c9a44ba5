import { defineConfig } from '@playwright/test';

// Debian's Chromium by default (no browser download here); set TIERBOOK_CHROMIUM to use another.
const executablePath = process.env.TIERBOOK_CHROMIUM ?? '/usr/bin/chromium';
// TIERBOOK_PORT serves the tests elsewhere when 4173 is busy (two checkouts testing at once).
const port = Number(process.env.TIERBOOK_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL,
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
