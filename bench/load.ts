// npm run bench:load [-- --rows 1000000,5000000,10000000,20000000]
// Loads large order files through the built app as a user does (Open → Load) in headless Chromium and
// records the time to the first counts and the peak memory of the browser's processes (RSS, sampled).
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromiumRssMiB, startApp, writeSection } from './app';
import { ordersFile } from './orders-file';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000,5000000,10000000,20000000' } } });
const SIZES = values.rows!.split(',').map(Number);

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof startApp>>['browser']['newPage']>>;

/**
 * Where the load's time went, from the page's marks: the worker's phases (its own clock), the rest of the
 * ask → answer in the page's clock (the file handed over, the snapshot built and sent), and answer → the frame
 * showing it. Playwright's check polls (every 500 ms after the first second), so its time is coarser.
 */
async function loadSplit(page: Page): Promise<{ onScreen: number; text: string } | null> {
  await page.waitForFunction(() => performance.getEntriesByName('tierbook:load-painted').length >= performance.getEntriesByName('tierbook:load-asked').length);
  const m = await page.evaluate(() => {
    const asked = performance.getEntriesByName('tierbook:load-asked').at(-1);
    const answered = performance.getEntriesByName('tierbook:load-answered').at(-1) as PerformanceMark | undefined;
    const painted = performance.getEntriesByName('tierbook:load-painted').at(-1);
    return asked && answered && painted ? { ask: answered.startTime - asked.startTime, drawn: painted.startTime - answered.startTime, timings: answered.detail } : null;
  });
  if (!m?.timings) return null;
  const t = m.timings as { totalMs?: number; phases: Record<string, number> };
  const phases = Object.entries(t.phases).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ');
  const worker = t.totalMs ?? 0;
  return { onScreen: m.ask + m.drawn, text: ` In the worker ${(worker / 1000).toFixed(2)} s (${phases} ms); the rest of Load → answer ${Math.round(m.ask - worker)} ms (the file handed to the worker, the snapshot built and sent); answer → the frame showing it ${Math.round(m.drawn)} ms.` };
}

async function main() {
  const app = await startApp(Number(process.env.TIERBOOK_BENCH_PORT ?? 4182));
  const lines: string[] = [];
  try {
    for (const rows of SIZES) {
      const file = await ordersFile(rows);
      const page = await app.browser.newPage();
      await page.goto(app.url);
      await page.getByTestId('customers').filter({ hasText: '6,000' }).waitFor({ timeout: 60_000 });
      const before = chromiumRssMiB();
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, chromiumRssMiB()); }, 250);
      await page.setInputFiles('input[type=file]', file);
      await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).waitFor();
      const t0 = Date.now();
      await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
      const customers = Math.floor(rows / 10).toLocaleString('en-US');
      // Either the counts or an error (a file the tab cannot hold is refused with a message, never a hang).
      const failed = await Promise.race([
        page.getByTestId('customers').filter({ hasText: customers }).waitFor({ timeout: 1_800_000 }).then(() => null),
        page.getByRole('alert').filter({ hasText: 'orders.csv' }).first().waitFor({ timeout: 1_800_000 }).then(() => page.getByRole('alert').filter({ hasText: 'orders.csv' }).first().innerText()),
      ]);
      const ms = Date.now() - t0;
      clearInterval(sampler);
      if (failed) {
        lines.push(`- ${rows.toLocaleString('en-US')} rows (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB CSV): not loaded after ${(ms / 1000).toFixed(1)} s: "${failed}"; Chromium resident memory peak ${peak.toFixed(0)} MiB.`);
        console.log(lines[lines.length - 1]);
        await page.close();
        continue;
      }
      const split = await loadSplit(page);
      const responsive = await page.evaluate(() => new Promise<number>((r) => { const t = performance.now(); requestAnimationFrame(() => r(performance.now() - t)); }));
      lines.push(`- ${rows.toLocaleString('en-US')} rows (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB CSV, ${customers} customers): Load → counts on screen ${split ? `${(split.onScreen / 1000).toFixed(2)} s (the page's clock; ${(ms / 1000).toFixed(1)} s until the bench's check saw them)` : `${(ms / 1000).toFixed(1)} s`}; Chromium resident memory ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB while loading; next frame after the load ${responsive.toFixed(0)} ms.${split?.text ?? ''}`);
      console.log(lines[lines.length - 1]);
      await page.close();
    }
  } finally {
    await app.close();
  }
  writeSection('Large files in the browser (npm run bench:load)', `Orders CSV opened through "Open data files" and loaded (in 16 MiB pieces, into a catalog of its own; files of 128 MiB or more stored compressed and built in parts of 2.5M rows); memory is the resident set of the benchmark's own Chromium processes, sampled every 250 ms.\n\n${lines.join('\n')}`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
