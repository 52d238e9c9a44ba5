// The built app served locally and a headless Debian Chromium driving it: shared by the UI benchmarks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export interface App {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startApp(port: number): Promise<App> {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.TIERBOOK_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  for (let tries = 0; ; tries++) {
    try { await fetch(url); break; } catch { if (tries > 100) throw new Error('server did not start'); await new Promise((r) => setTimeout(r, 200)); }
  }
  return {
    url,
    browser,
    async close() {
      await browser.close();
      try { process.kill(-server.pid!); } catch { /* gone */ }
    },
  };
}

/** Replace one `## title` section of bench/RESULTS.md, keeping the others in place (new ones at the end). */
export function writeSection(title: string, body: string): void {
  const results = 'bench/RESULTS.md';
  const text = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
  const marker = `\n## ${title}`;
  const at = text.indexOf(marker);
  const section = `${marker}\n\n${body.trim()}\n`;
  if (at < 0) return writeFileSync(results, `${text.trimEnd()}\n${section}`);
  const end = text.indexOf('\n## ', at + marker.length);
  writeFileSync(results, `${text.slice(0, at).trimEnd()}\n${section}${end < 0 ? '' : text.slice(end)}`);
}
