// The built app served locally and a headless Debian Chromium driving it: shared by the UI benchmarks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';

/**
 * Resident memory of this benchmark's Chromium (its processes are descendants of this one; other
 * engineers' browsers on the same machine are not counted), in MiB (Linux ps).
 */
export function chromiumRssMiB(): number {
  try {
    const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
    const children = new Map<number, number[]>();
    for (const [pid, ppid] of rows) children.set(Number(ppid), [...(children.get(Number(ppid)) ?? []), Number(pid)]);
    const mine = new Set<number>();
    const walk = (pid: number) => { for (const c of children.get(pid) ?? []) if (!mine.has(c)) { mine.add(c); walk(c); } };
    walk(process.pid);
    return rows.filter(([pid, , , comm]) => mine.has(Number(pid)) && /chrom/i.test(comm)).reduce((a, [, , rss]) => a + Number(rss), 0) / 1024;
  } catch {
    return NaN;
  }
}

export interface App {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The app (or, with `config`, another Vite build such as the bench page's bench/vite.config.ts) built and served. */
export async function startApp(port: number, config?: string): Promise<App> {
  const withConfig = config ? ['--config', config] : [];
  execFileSync('npx', ['vite', 'build', ...withConfig, '--logLevel', 'error'], { stdio: 'inherit' });
  const server: ChildProcess = spawn('npx', ['vite', 'preview', ...withConfig, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
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

/** bench:time's generated orders for n customers under `data`, or null (said) where they are not generated yet. */
export function timeOrders(data: string, n: number): string | null {
  const file = join(data, `time-${n}`, 'orders.csv');
  if (existsSync(file)) return file;
  console.log(`${file}: missing (run npm run bench:time -- --parts data first); skipped`);
  return null;
}
