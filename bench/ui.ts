// npm run bench:ui [-- --customers 100000,1000000 --moves 60]
// Drives the built app in headless Chromium: loads synthetic orders through "Open data files", then
// drags "Loyal: minimum purchases" and measures input event -> every chart repainted (the page's
// 'tierbook:painted' mark after the next frame), and main-thread long tasks while dragging.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp, writeSection } from './app';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '100000,1000000' }, moves: { type: 'string', default: '60' } } });
const SIZES = values.customers!.split(',').filter(Boolean).map(Number);
const MOVES = Number(values.moves);

/** Orders only, 1–6 rows per customer over two years: enough to spread every framework's labels. */
async function ordersFor(customers: number): Promise<string> {
  const dir = join('bench/.data', `ui-${customers}`);
  const file = join(dir, 'orders.csv');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = createWriteStream(file);
  out.write('customer_id,order_date,amount\n');
  const day0 = Date.UTC(2023, 0, 1);
  let chunk = '';
  for (let c = 0; c < customers; c++) {
    const n = 1 + Math.floor(-Math.log(1 - rand()) * 2);
    for (let k = 0; k < n; k++) {
      chunk += `C${c},${new Date(day0 + Math.floor(rand() * 730) * 86_400_000).toISOString().slice(0, 10)},${(5 + rand() * 200).toFixed(2)}\n`;
    }
    if (chunk.length > 1 << 20) { if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r())); chunk = ''; }
  }
  out.write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  return file;
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function main() {
  const app = await startApp(Number(process.env.TIERBOOK_PORT ?? 4181));
  const browser = app.browser;
  const lines: string[] = [];
  try {
    // First chart on screen after page load, on the bundled sample data; then at once the first move
    // (frame-aligned, like a drag): served by the worker's early recount while DuckDB-WASM starts.
    const first: number[] = [];
    const phases: number[][] = [];
    const cold: { input: number; painted: number; ready: number | null; ladder: string }[] = [];
    for (let k = 0; k < 5; k++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript('window.__name = (f) => f');
      await page.goto(app.url);
      await page.locator('svg[aria-label="Customer ladder"]').waitFor();
      // Navigation start → the frame after the first chart was drawn (Chart.svelte's mark): what the user
      // sees, not when this script's check got to run on a busy main thread.
      await page.waitForFunction(() => performance.getEntriesByName('tierbook:first-chart').length > 0);
      first.push(Math.round(await page.evaluate(() => performance.getEntriesByName('tierbook:first-chart')[0].startTime)));
      cold.push(await page.evaluate(async () => {
        const slider = document.querySelector<HTMLInputElement>('input[aria-label="Loyal: minimum purchases"]')!;
        const painted = new Promise<number>((resolve) => {
          const obs = new PerformanceObserver((l) => {
            for (const e of l.getEntries()) if (e.name === 'tierbook:painted') { obs.disconnect(); resolve(e.startTime); }
          });
          obs.observe({ type: 'mark' });
        });
        await new Promise((res) => requestAnimationFrame(res));
        const input = performance.now();
        slider.value = '2';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        const at = await painted;
        const ready = performance.getEntriesByName('tierbook:duckdb-ready')[0];
        const repeat = document.querySelector('tr[data-rung="repeat"] [data-testid="rung-count"]')?.textContent ?? '';
        return { input, painted: at, ready: ready ? ready.startTime : null, ladder: repeat };
      }));
      await page.waitForFunction(() => performance.getEntriesByName('tierbook:sample-loaded').length > 0, undefined, { timeout: 60_000 });
      phases.push(await page.evaluate(() => ['tierbook:duckdb-ready', 'tierbook:sample-loaded'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN)));
      await page.close();
    }
    lines.push(`- First chart on screen after page load (sample data, 6,000 customers; navigation start → the frame after the first chart is drawn, the cells below it mounting a few a frame after it): median ${q(first, 0.5)} ms, max ${Math.max(...first)} ms (target ≤ 1,500 ms); the first chart is the sample's snapshot baked at build time; the live engine takes over when DuckDB-WASM is ready (${q(phases.map((p) => p[0]), 0.5).toFixed(0)} ms) and the sample is loaded (${q(phases.map((p) => p[1]), 0.5).toFixed(0)} ms) (medians, from navigation start).`);
    const early = cold.filter((c) => c.ready === null || c.ready > c.painted).length;
    const moved = cold.filter((c) => c.ladder === '1174').length;
    lines.push(`- Cold start, the first move made as soon as the first chart is on screen (loyal from 2 purchases): page load → first move repainted median ${q(cold.map((c) => c.painted), 0.5).toFixed(0)} ms, max ${Math.max(...cold.map((c) => c.painted)).toFixed(0)} ms; input → every chart repainted median ${q(cold.map((c) => c.painted - c.input), 0.5).toFixed(1)} ms, max ${Math.max(...cold.map((c) => c.painted - c.input)).toFixed(1)} ms (target ≤ 100 ms, before DuckDB-WASM is ready); ${early} of ${cold.length} served before DuckDB-WASM was ready (the worker recounts from the sample's columns baked at build time), ${moved} of ${cold.length} showing the engine's count (1,174 repeat buyers).`);
    for (const n of SIZES) {
      const file = await ordersFor(n);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // tsx names functions with a `__name` helper; functions sent to the page need it there too.
      await page.addInitScript('window.__name = (f) => f');
      await page.goto(app.url);
      await page.locator('svg[aria-label="Customer ladder"]').waitFor();
      await page.setInputFiles('input[type=file]', file);
      await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
      await page.getByTestId('customers').filter({ hasText: n.toLocaleString('en-US') }).waitFor({ timeout: 600_000 });
      await page.getByRole('region', { name: 'Customer ladder', exact: true }).scrollIntoViewIfNeeded();
      const r = await page.evaluate(async (moves) => {
        const slider = document.querySelector<HTMLInputElement>('input[aria-label="Loyal: minimum purchases"]')!;
        const long: number[] = [];
        new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration))).observe({ type: 'longtask', buffered: false });
        // Resolves at the next 'tierbook:painted' mark with its time and the 'tierbook:drawn' mark's before it.
        const nextPaint = () => new Promise<{ answered: number; drawn: number; painted: number }>((resolve) => {
          let drawn = NaN;
          let answered = NaN;
          const obs = new PerformanceObserver((l) => {
            for (const e of l.getEntries()) {
              if (e.name === 'tierbook:answered') answered = e.startTime;
              if (e.name === 'tierbook:drawn') drawn = e.startTime;
              if (e.name === 'tierbook:painted') { obs.disconnect(); resolve({ answered, drawn, painted: e.startTime }); }
            }
          });
          obs.observe({ type: 'mark' });
        });
        const frame = () => new Promise<number>((res) => requestAnimationFrame(res));
        const latencies: number[] = [];
        const drawn: number[] = [];
        const answered: number[] = [];
        for (let k = 0; k < moves; k++) {
          // Chromium delivers a drag's input events aligned to frames; so does the bench.
          await frame();
          const marks = nextPaint();
          const t0 = performance.now();
          slider.value = String(2 + (k % 8));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          const m = await marks;
          drawn.push(m.drawn - t0);
          answered.push(m.answered - t0);
          latencies.push(m.painted - t0);
        }
        // A burst: 20 moves without waiting; only the newest may paint.
        const before = performance.getEntriesByName('tierbook:painted').length;
        const painted = nextPaint();
        const t0 = performance.now();
        for (let k = 0; k < 20; k++) { slider.value = String(2 + (k % 8)); slider.dispatchEvent(new Event('input', { bubbles: true })); }
        await painted;
        await new Promise((res) => setTimeout(res, 500));
        const burst = performance.getEntriesByName('tierbook:painted').slice(-1)[0].startTime - t0;
        await new Promise((res) => setTimeout(res, 300));
        return { latencies, drawn, answered, long, burst, paintsInBurst: performance.getEntriesByName('tierbook:painted').length - before };
      }, MOVES);
      // The first moves overlap what follows a load (the predicted-value fit in slices, the engine's and the
      // page's first work on the new data): said apart from the moves after them.
      const EARLY = Math.min(20, Math.floor(MOVES / 3));
      const early = r.drawn.slice(0, EARLY);
      const settled = r.drawn.slice(EARLY);
      lines.push(`- ${n.toLocaleString('en-US')} customers: input → every chart redrawn and laid out p50 ${q(r.drawn, 0.5).toFixed(1)} ms, p95 ${q(r.drawn, 0.95).toFixed(1)} ms, max ${Math.max(...r.drawn).toFixed(1)} ms (the first ${EARLY} moves, made as soon as the load showed its counts: p50 ${q(early, 0.5).toFixed(1)}, max ${Math.max(...early).toFixed(1)} ms; the ${settled.length} after them: p50 ${q(settled, 0.5).toFixed(1)}, p95 ${q(settled, 0.95).toFixed(1)}, max ${Math.max(...settled).toFixed(1)} ms); of which input → the worker's answer in the page p50 ${q(r.answered, 0.5).toFixed(1)}, p95 ${q(r.answered, 0.95).toFixed(1)} ms and answer → redrawn p50 ${q(r.drawn.map((d, i) => d - r.answered[i]), 0.5).toFixed(1)}, p95 ${q(r.drawn.map((d, i) => d - r.answered[i]), 0.95).toFixed(1)} ms; → on screen at the next frame p50 ${q(r.latencies, 0.5).toFixed(1)} ms, p95 ${q(r.latencies, 0.95).toFixed(1)} ms (${MOVES} frame-aligned moves); long tasks while dragging: ${r.long.length} (longest ${r.long.length ? Math.max(...r.long).toFixed(0) : 0} ms); a burst of 20 moves painted ${r.paintsInBurst} time(s), ${r.burst.toFixed(0)} ms to the last.`);
      await page.close();
    }
  } finally {
    await app.close();
  }
  writeSection('Live notebook (npm run bench:ui)', `Targets: p95 ≤ 16 ms at 100k customers, ≤ 33 ms at 1M (issue 14); the first move after page load on the sample repainted within 100 ms, before DuckDB-WASM is ready; no main-thread task over 50 ms while dragging. "Redrawn" is input event → every chart on screen (or within 200 px of it) has its new SVG in the DOM, laid out (the 'tierbook:drawn' mark; charts further off redraw once the moves rest for 250 ms, docs/architecture.md); "on screen" adds the wait for the next frame (the 'tierbook:painted' mark in the next requestAnimationFrame), so with frame-aligned input it is one frame (16.7 ms) when the work fits in the frame, two when it does not.\n\n${lines.join('\n')}`);
  console.log(lines.join('\n'));
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
