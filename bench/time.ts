// npm run bench:time [-- --sizes 100000,1000000 --moves 40 --parts native,browser,ui] (--parts data: generate only)
// Issue 15 (customers over time), on the sample generator's orders (3 years, 2022–2024; ~11 rows a
// customer): the baseline replay and the monthly trend's per-date columns against the load's own model
// build in the same run (native DuckDB, one thread, as bench/run.ts; and DuckDB-WASM in the bench page's
// worker), their memory; then the built app in headless Chromium with the Movement, Trend and Cohort cells
// added: a threshold move's repaint (p50/p95) and the Trend cell following it. Writes its section of
// bench/RESULTS.md. Data goes to $TIERBOOK_BENCH_DATA (the system's temporary directory by default).
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { autoRoles, type Mapping } from '../src/engine/mapping';
import { buildTrendDate, trendDateBytes } from '../src/engine/live/trend';
import { trendNeed } from '../src/engine/live/trend-need';
import { defaultConfig } from '../src/engine/config';
import { dropReplay, replayModel, type Phases } from '../src/engine/pipeline';
import { Session } from '../src/engine/session';
import { addDays } from '../src/engine/time/periods';
import { openNodeDb } from '../src/node/duckdb';
import { loadRawFile } from '../src/node/load';
import type { Page } from '@playwright/test';
import { chromiumRssMiB, startApp, writeSection } from './app';
import { TAB_LIMIT, tabFile } from './orders-by-order';
import { addCell } from '../tests/e2e/helpers/add-cell';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000' }, moves: { type: 'string', default: '40' }, parts: { type: 'string', default: 'native,browser,ui' }, 'trend-sample': { type: 'string', default: '0' } } });
/**
 * Native only: replay this many of the trend's dates (evenly spread) and scale the time to all of them; 0 builds
 * all as the session does (one pass: live/trend-pass.ts). A sample measures the per-date replay, the session's
 * fallback (value by predicted_clv, orders that stop being purchases), not the pass.
 */
const TREND_SAMPLE = Number(values['trend-sample']);
const SIZES = values.sizes!.split(',').filter(Boolean).map(Number);
const MOVES = Number(values.moves);
const PARTS = new Set(values.parts!.split(','));
const DATA = process.env.TIERBOOK_BENCH_DATA ?? join(tmpdir(), 'tierbook-bench-data');
const PORT = Number(process.env.TIERBOOK_BENCH_PORT ?? 4183);
/** The generator holds a whole file in one string: above this many customers it runs in chunks. */
const CHUNK = 200_000;
const BASELINE_DAYS = 90; // the Movement cell's default baseline: 90 days back

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const MiB = (b: number) => (b / 2 ** 20).toFixed(0);
const s1 = (ms: number) => (ms / 1000).toFixed(1);

/** The generator's orders for `customers` customers; larger sizes are chunks of the generator with their ids prefixed. */
async function ordersFile(customers: number): Promise<string> {
  const dir = join(DATA, `time-${customers}`);
  const file = join(dir, 'orders.csv');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const gen = (out: string, n: number, seed: number) => execFileSync('npx', ['tsx', 'scripts/generate-sample.ts', '--out', out, '--customers', String(n), '--seed', String(seed)], { stdio: 'inherit' });
  console.log(`generating orders for ${customers} customers…`);
  if (customers <= CHUNK) {
    gen(dir, customers, 7);
    return file;
  }
  const out = createWriteStream(`${file}.part`);
  for (let i = 0; i * CHUNK < customers; i++) {
    const part = join(DATA, `time-chunk-${i}`);
    gen(part, Math.min(CHUNK, customers - i * CHUNK), 7 + i);
    let first = true;
    for await (const line of createInterface({ input: createReadStream(join(part, 'orders.csv')) })) {
      if (first) { first = false; if (i === 0) out.write(`${line}\n`); continue; }
      // order_id,customer_id,...: both ids made unique to the chunk (an empty customer id stays empty).
      const a = line.indexOf(','), b = line.indexOf(',', a + 1);
      const cid = line.slice(a + 1, b);
      if (!out.write(`${line[0]}${i}_${line.slice(1, a)},${cid ? `C${i}_${cid.slice(1)}` : ''}${line.slice(b)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    rmSync(part, { recursive: true, force: true });
  }
  await new Promise<void>((r) => out.end(() => r()));
  renameSync(`${file}.part`, file);
  return file;
}

interface Builds {
  customers: number;
  asOf: string;
  ingestMs: number;
  modelMs: number;
  baselineMs: number;
  trendMs: number;
  dates: number;
  trendBytes: number;
  customerDates: number;
  /** Memory at: after the load, after the baseline, after the trend (bytes or MiB, as labelled). */
  mem: Record<string, [number, number, number]>;
  /** Per move: the trend's recount (all dates) and the cohorts query. */
  trendMoveMs: number[];
  cohortsMoveMs: number[];
  phases?: { model: Phases; replay: Phases; date: string };
  /** Dates actually built when the trend was sampled (--trend-sample): its time is scaled, its memory is theirs. */
  sampled?: number;
  /** The file the engine read: the generated one, or (the page, over the tab's limit) its by-order version. */
  read: string;
}

/** The Session on native DuckDB (one thread), as the command line runs it. */
async function native(file: string): Promise<Builds> {
  const db = await openNodeDb({ threads: 1 });
  try {
    const duck = async () => Number((await db.rows<{ b: number }>('SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS DOUBLE) AS b FROM duckdb_memory()'))[0].b);
    const heap = () => { gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    let t = performance.now();
    const { columns } = await loadRawFile(db, 'orders', file);
    const ingestMs = performance.now() - t;
    const session = new Session(db, (sql) => db.columns(sql));
    const mapping: Mapping = { orders: { columns, roles: autoRoles('orders', columns) } };
    t = performance.now();
    const out = await session.load(mapping, { version: 1 });
    if (!out.ok) throw new Error(out.error);
    const modelMs = performance.now() - t - out.summary.recountMs;
    const modelPhases = { ...session.phases };
    const asOf = out.summary.asOf;
    const baselineAsOf = addDays(asOf, -BASELINE_DAYS);
    const d0 = await duck(), h0 = heap();
    t = performance.now();
    const b = await session.apply({ version: 1, time: { baselineAsOf } });
    const baselineMs = performance.now() - t - (b.ok ? b.summary.recountMs : 0);
    if (!b.ok || !b.summary.movement || b.summary.movement.problem) throw new Error(`baseline: ${b.ok ? b.summary.movement?.problem : b.error}`);
    const d1 = await duck(), h1 = heap();
    t = performance.now();
    const plan = await session.trendPlan('ladder'); // as the Trend cell asks: the ladder's columns only
    let trendMs: number, answer: { bytes: number; customerDates: number }, sampled: number | undefined;
    if (TREND_SAMPLE > 0) {
      // Some dates only, each built, measured and dropped: the time scaled to every pending date (said so in RESULTS).
      const pick = Array.from({ length: Math.min(TREND_SAMPLE, plan.pending.length) }, (_, k) => plan.pending[Math.floor((k + 0.5) * plan.pending.length / Math.min(TREND_SAMPLE, plan.pending.length))]);
      answer = { bytes: 0, customerDates: 0 };
      for (const date of pick) {
        const td = await buildTrendDate(db, (sql) => db.columns(sql), mapping, date, undefined, undefined, trendNeed('ladder', defaultConfig()));
        answer.bytes += trendDateBytes(td);
        answer.customerDates += td.cols.n;
      }
      trendMs = (performance.now() - t) * plan.pending.length / pick.length;
      sampled = pick.length;
    } else {
      for (const date of plan.pending) await session.buildTrendDate(date);
      trendMs = performance.now() - t;
      answer = session.trendSeries('ladder');
    }
    const d2 = await duck(), h2 = heap();
    const trendMoveMs: number[] = [], cohortsMoveMs: number[] = [];
    for (let k = 0; k < (sampled ? 3 : 10); k++) {
      await session.apply({ version: 1, time: { baselineAsOf }, ladder: { loyalMinPurchases: 2 + (k % 8) } });
      t = performance.now();
      if (!sampled) session.trendSeries('ladder');
      trendMoveMs.push(performance.now() - t);
      t = performance.now();
      await session.cohorts();
      cohortsMoveMs.push(performance.now() - t);
    }
    // Where one replay's time goes: the series' middle date, phase by phase (dropped after).
    const mid = plan.dates[Math.floor(plan.dates.length / 2)];
    const replayPhases: Phases = {};
    const r = await replayModel(db, mapping, mid, replayPhases);
    await dropReplay(db, r.tables);
    return {
      read: file, customers: out.summary.customers, asOf, ingestMs, modelMs, baselineMs, trendMs, dates: plan.dates.length, trendBytes: answer.bytes, customerDates: answer.customerDates,
      mem: { 'DuckDB memory (duckdb_memory())': [d0, d1, d2], 'Node heap + array buffers': [h0, h1, h2] }, trendMoveMs: sampled ? [NaN] : trendMoveMs, cohortsMoveMs, sampled,
      phases: { model: modelPhases, replay: replayPhases, date: mid },
    };
  } finally {
    db.close();
  }
}

type BenchWindow = { bench: Record<string, (...a: never[]) => Promise<never>> };

/** DuckDB-WASM in the bench page's worker (the app's worker and API), one load, the baseline, the trend. */
async function browser(files: string[]): Promise<Record<string, Builds>> {
  const app = await startApp(PORT, 'bench/vite.config.ts');
  const results: Record<string, Builds> = {};
  try {
    for (const file of files) {
      const page = await app.browser.newPage();
      await page.goto(app.url);
      await page.evaluate(() => (window as never as BenchWindow).bench.init());
      await page.evaluate(() => (window as never as BenchWindow).bench.warmUp());
      const read = await tabFile(file); // over the tab's limit (the 1M file): one line per order
      await page.setInputFiles('#files', read);
      const load = await page.evaluate(() => (window as never as { bench: { load(): Promise<{ ingestMs: number; modelMs: number; customers: number; asOf: string }> } }).bench.load());
      const duck = () => page.evaluate(() => (window as never as { bench: { duckdbBytes(): Promise<number> } }).bench.duckdbBytes());
      let peak = chromiumRssMiB();
      const sampler = setInterval(() => { peak = Math.max(peak, chromiumRssMiB()); }, 250);
      const r0 = chromiumRssMiB(), d0 = await duck(), p0 = peak;
      step(`browser ${read}: loaded, ${load.customers} customers, model build ${s1(load.modelMs)} s; Chromium resident ${chromiumRssMiB().toFixed(0)} MiB`);
      const base = await page.evaluate((d) => (window as never as { bench: { baseline(d: string): Promise<{ ms: number; problem: string | null }> } }).bench.baseline(d), addDays(load.asOf, -BASELINE_DAYS));
      if (base.problem) throw new Error(`baseline: ${base.problem}`);
      const r1 = chromiumRssMiB(), d1 = await duck(), p1 = peak;
      step(`browser: baseline ${s1(base.ms)} s; Chromium resident ${chromiumRssMiB().toFixed(0)} MiB`);
      const trend = await page.evaluate(() => (window as never as { bench: { trend(): Promise<{ ms: number; dates: number; bytes: number; customerDates: number }> } }).bench.trend());
      const r2 = chromiumRssMiB(), d2 = await duck(), p2 = peak;
      clearInterval(sampler);
      const trendMoveMs: number[] = [], cohortsMoveMs: number[] = [];
      for (let k = 0; k < 10; k++) {
        const m = await page.evaluate((v) => (window as never as { bench: { timeCellsOnMove(v: number): Promise<{ trendMs: number; cohortsMs: number }> } }).bench.timeCellsOnMove(v), 2 + (k % 8));
        trendMoveMs.push(m.trendMs);
        cohortsMoveMs.push(m.cohortsMs);
      }
      results[file] = {
        read, customers: load.customers, asOf: load.asOf, ingestMs: load.ingestMs, modelMs: load.modelMs, baselineMs: base.ms, trendMs: trend.ms, dates: trend.dates,
        trendBytes: trend.bytes, customerDates: trend.customerDates, trendMoveMs, cohortsMoveMs,
        mem: { 'DuckDB memory in the worker (duckdb_memory())': [d0, d1, d2], 'Chromium resident MiB': [r0, r1, r2], 'Chromium resident peak MiB': [p0, p1, p2] },
      };
      console.log(file, JSON.stringify(results[file]));
      await page.close();
    }
  } finally {
    await app.close();
  }
  return results;
}

interface Drag {
  drawn: number[];
  painted: number[];
  trend: number[];
  trendMissed: number;
  long: number[];
  /** The main thread's heaviest functions by self time while dragging (CPU profile), when profiled. */
  profile?: string;
}

interface Live {
  /** The file the page read (see Builds.read). */
  read: string;
  customers: number;
  cellsMs: Record<string, number>;
  rss: number;
  viewport: number;
  runs: Record<string, Drag>;
}

interface CpuProfile {
  nodes: { id: number; hitCount?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** The functions with the most self time in a CPU profile, as "name (file:line) ms" (idle and GC named as V8 names them). */
function topSelf(p: CpuProfile, n = 12): string {
  const byNode = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  const deltas = p.timeDeltas ?? [];
  (p.samples ?? []).forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} (${f.url.split('/').pop() || '-'}:${f.lineNumber + 1})`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const busy = [...self.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).reduce((a, [, v]) => a + v, 0);
  return `${total.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms in script/GC: ` + [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ');
}

/** Progress on stdout (a long run stopped part way still says how far it got). */
const step = (what: string) => console.log(`${new Date().toISOString().slice(11, 19)}Z ${what}`);

/** `moves` frame-aligned moves of "Loyal: minimum purchases", each waited for: every chart, then the trend. */
async function drag(page: Page, moves: number): Promise<Drag> {
  const r = await page.evaluate(async (moves) => {
    const slider = document.querySelector<HTMLInputElement>('input[aria-label="Loyal: minimum purchases"]')!;
    // Without a Trend cell (the steps before it is added) only the charts are waited for.
    const trendCell = document.querySelector('[data-testid="trend-table"]')?.closest('[role="region"], section') ?? null;
    const long: number[] = [];
    const lt = new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration)));
    lt.observe({ type: 'longtask', buffered: false });
    const frame = () => new Promise<number>((res) => requestAnimationFrame(res));
    const nextPaint = () => new Promise<{ drawn: number; painted: number }>((resolve) => {
      let drawn = NaN;
      const obs = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) {
          if (e.name === 'tierbook:drawn') drawn = e.startTime;
          if (e.name === 'tierbook:painted') { obs.disconnect(); resolve({ drawn, painted: e.startTime }); }
        }
      });
      obs.observe({ type: 'mark' });
    });
    // The Trend cell's series or chart changed in the DOM (its thresholds line follows the config at once
    // and is not the trend), then the next frame: the trend on screen.
    const nextTrend = () => new Promise<number>((resolve) => {
      if (!trendCell) return resolve(NaN);
      const timer = setTimeout(() => { obs.disconnect(); resolve(NaN); }, 10_000);
      const obs = new MutationObserver((ms) => {
        if (!ms.some((m) => !(m.target instanceof Element ? m.target : m.target.parentElement)?.closest('[data-testid="trend-thresholds"]'))) return;
        obs.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => resolve(performance.now()));
      });
      obs.observe(trendCell, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const drawn: number[] = [], painted: number[] = [], trend: number[] = [];
    for (let k = 0; k < moves; k++) {
      await frame();
      const marks = nextPaint();
      const followed = nextTrend();
      const t0 = performance.now();
      slider.value = String(2 + (k % 8));
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      const m = await marks;
      drawn.push(m.drawn - t0);
      painted.push(m.painted - t0);
      trend.push((await followed) - t0);
    }
    lt.disconnect();
    return { drawn, painted, trend, long };
  }, moves);
  const ok = r.trend.filter((x) => Number.isFinite(x));
  return { drawn: r.drawn, painted: r.painted, trend: ok, trendMissed: r.trend.length - ok.length, long: r.long };
}

/** The built app as a user has it: the file loaded, the three time cells added, then frame-aligned moves. */
async function live(files: string[]): Promise<Record<string, Live>> {
  const app = await startApp(PORT + 1);
  const results: Record<string, Live> = {};
  try {
    for (const file of files) {
      const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript('window.__name = (f) => f');
      await page.goto(app.url);
      await page.locator('svg[aria-label="Customer ladder"]').waitFor();
      // The engine ready with the sample (before, the page shows the snapshot baked at build time).
      await page.waitForFunction(() => performance.getEntriesByName('tierbook:sample-loaded').length > 0, undefined, { timeout: 300_000 });
      const read = await tabFile(file); // over the tab's limit (the 1M file): one line per order
      await page.setInputFiles('input[type=file]', read);
      await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click({ timeout: 300_000 });
      await page.waitForFunction(() => ((window as never as { __tierbook?: { snapshot?: { customers: number } } }).__tierbook?.snapshot?.customers ?? 6000) !== 6000, undefined, { timeout: 1_800_000, polling: 500 });
      const customers = await page.evaluate(() => (window as never as { __tierbook: { snapshot: { customers: number } } }).__tierbook.snapshot.customers);
      step(`ui ${read}: loaded, ${customers} customers`);
      const cellsMs: Record<string, number> = {};
      const add = async (kind: 'movement' | 'trend' | 'cohorts', ready: () => Promise<void>) => {
        const t = Date.now();
        await addCell(page, kind);
        await ready();
        cellsMs[kind] = Date.now() - t;
        step(`ui: ${kind} cell drawn in ${cellsMs[kind]} ms; Chromium resident ${chromiumRssMiB().toFixed(0)} MiB`);
      };
      // Step by step at 1280 × 800 scrolled to the ladder: what each time cell adds to a move (A/B in one page).
      const runs: Record<string, Drag> = {};
      const laptop = async (name: string) => {
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.getByRole('region', { name: 'Customer ladder', exact: true }).scrollIntoViewIfNeeded();
        await page.waitForTimeout(1000);
        runs[name] = await drag(page, MOVES);
        step(`ui: drag with ${name} done`);
      };
      await laptop('default cells');
      await add('movement', () => page.getByRole('region', { name: 'Movement', exact: true }).locator('svg[aria-label^="Movement: "]').waitFor({ timeout: 1_800_000 }));
      await laptop('+ Movement');
      await add('trend', () => page.getByRole('region', { name: 'Trend' }).getByTestId('trend-table').waitFor({ state: 'attached', timeout: 3_600_000 }));
      await laptop('+ Movement, Trend');
      await add('cohorts', () => page.getByRole('region', { name: 'Cohorts' }).getByTestId('cohort-table').waitFor({ state: 'attached', timeout: 1_800_000 }));
      const rss = chromiumRssMiB();
      const full = Math.min(8000, await page.evaluate(() => document.documentElement.scrollHeight));
      // Every cell on screen (the viewport as tall as the notebook, up to 8000 px), then a laptop's 1280 × 800 at
      // the ladder, then at the time cells (the Movement cell at the top: the issue's "with the movement,
      // trend and cohort cells on screen", as much of them as a laptop shows).
      for (const [name, height] of [['full', full], ['laptop', 800], ['timeCells', 800]] as const) {
        await page.setViewportSize({ width: 1280, height });
        if (name === 'laptop') await page.getByRole('region', { name: 'Customer ladder', exact: true }).scrollIntoViewIfNeeded();
        else if (name === 'timeCells') await page.getByRole('region', { name: 'Movement', exact: true }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
        else await page.evaluate(() => window.scrollTo(0, 0));
        await page.waitForTimeout(1000);
        const cdp = name === 'full' ? await page.context().newCDPSession(page) : null;
        if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
        runs[name] = await drag(page, MOVES);
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          runs[name].profile = topSelf(profile as unknown as CpuProfile);
          await cdp.detach();
        }
      }
      results[file] = { read, customers, cellsMs, rss, viewport: full, runs };
      console.log(file, JSON.stringify({ customers, cellsMs, rss, profile: runs.full.profile }));
      await page.close();
    }
  } finally {
    await app.close();
  }
  return results;
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);

async function main() {
  const files: string[] = [];
  for (const n of SIZES) files.push(await ordersFile(n));
  if (!['native', 'browser', 'ui'].some((p) => PARTS.has(p))) return; // --parts data: only generate the files
  const nat: Record<string, Builds> = {};
  if (PARTS.has('native')) for (const f of files) { console.log(`native: ${f}`); nat[f] = await native(f); console.log(JSON.stringify(nat[f])); }
  const web = PARTS.has('browser') ? await browser(files) : {};
  const ui = PARTS.has('ui') ? await live(files) : {};
  const chromiumVersion = execFileSync(process.env.TIERBOOK_CHROMIUM ?? '/usr/bin/chromium', ['--version']).toString().trim();
  const lines: string[] = [
    `Generated by \`npm run bench:time -- --sizes ${SIZES.join(',')} --moves ${MOVES} --parts ${[...PARTS].join(',')}${TREND_SAMPLE ? ` --trend-sample ${TREND_SAMPLE}` : ''}\` on ${new Date().toISOString().slice(0, 16)}Z; ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${chromiumVersion}. Data: \`scripts/generate-sample.ts\` orders only (seed 7; above ${CHUNK / 1000}k customers in chunks of ${CHUNK / 1000}k with seeds 7, 8, … and ids prefixed by chunk), order dates 2022-01-01 to 2024-12-31. Baseline: as_of − ${BASELINE_DAYS} days (the Movement cell's default). Trend: the ladder, \`time.trendPeriod\` month (the default). Ratios are of times measured in the same run, one after another on the same data. A file over the tab's ${MiB(TAB_LIMIT)} MiB limit is read by the page (the bench page's worker and the built app) as its by-order version (\`bench/orders-by-order.ts\`: \`<name>-by-order.csv\` beside it, one line per order: customer_id, order_id, order_date, amount = the items' sum; the same customers and purchases); native DuckDB reads the generated file; each engine's lines below name the file it read.`,
    '',
    '| target | engine | ' + files.map((f) => `${SIZES[files.indexOf(f)].toLocaleString('en-US')} customers`).join(' | ') + ' |',
    '|---|---|' + files.map(() => '---|').join(''),
  ];
  const row = (target: string, engine: string, cell: (f: string) => string) => lines.push(`| ${target} | ${engine} | ${files.map(cell).join(' | ')} |`);
  for (const [engine, res] of [['native, 1 thread', nat], ['wasm (worker)', web]] as const) {
    if (!Object.keys(res).length) continue;
    row('baseline ≤ 1× model build', engine, (f) => res[f] ? `${ratio(res[f].baselineMs, res[f].modelMs)}× (${s1(res[f].baselineMs)} s / ${s1(res[f].modelMs)} s) ${res[f].baselineMs <= res[f].modelMs ? 'met' : '**missed**'}` : '–');
    row('trend ≤ 3× model build', engine, (f) => res[f] ? `${ratio(res[f].trendMs, res[f].modelMs)}× (${s1(res[f].trendMs)} s for ${res[f].dates} dates${res[f].sampled ? ', estimated from ' + res[f].sampled : ''}) ${res[f].trendMs <= 3 * res[f].modelMs ? 'met' : '**missed**'}` : '–');
  }
  if (Object.keys(ui).length) {
    row('move → every chart but the trend redrawn, p95 ≤ 33 ms (100k)', 'page, every cell on screen', (f) => ui[f] ? `p50 ${q(ui[f].runs.full.drawn, 0.5).toFixed(1)}, p95 ${q(ui[f].runs.full.drawn, 0.95).toFixed(1)} ms ${q(ui[f].runs.full.drawn, 0.95) <= 33 ? 'met' : '**missed**'}` : '–');
    row('(the same, 1280 × 800 at the ladder)', 'page', (f) => ui[f] ? `p50 ${q(ui[f].runs.laptop.drawn, 0.5).toFixed(1)}, p95 ${q(ui[f].runs.laptop.drawn, 0.95).toFixed(1)} ms ${q(ui[f].runs.laptop.drawn, 0.95) <= 33 ? 'met' : '**missed**'}` : '–');
    row('(the same, 1280 × 800 at the Movement cell: the time cells on screen)', 'page', (f) => ui[f]?.runs.timeCells ? `p50 ${q(ui[f].runs.timeCells.drawn, 0.5).toFixed(1)}, p95 ${q(ui[f].runs.timeCells.drawn, 0.95).toFixed(1)} ms ${q(ui[f].runs.timeCells.drawn, 0.95) <= 33 ? 'met' : '**missed**'}` : '–');
    row('move → trend repainted ≤ 1 s (1M)', 'page, every cell on screen', (f) => ui[f] ? `p50 ${q(ui[f].runs.full.trend, 0.5).toFixed(0)}, p95 ${q(ui[f].runs.full.trend, 0.95).toFixed(0)}, max ${Math.max(...ui[f].runs.full.trend).toFixed(0)} ms ${Math.max(...ui[f].runs.full.trend) <= 1000 ? 'within 1 s' : '**over 1 s**'}` : '–');
  }
  lines.push('');
  for (const [engine, res] of [['Native DuckDB, 1 thread (the Session, as bench/run.ts)', nat], ['DuckDB-WASM in the bench page\'s worker (the app\'s worker API: `setConfig` with `time.baselineAsOf`, `trend`)', web]] as const) {
    if (!Object.keys(res).length) continue;
    lines.push(`**${engine}.**`, '');
    for (const f of files) {
      const r = res[f];
      if (!r) continue;
      lines.push(`- ${r.customers.toLocaleString('en-US')} customers (read \`${r.read}\`, ${(statSync(r.read).size / 2 ** 20).toFixed(0)} MiB CSV${r.read === f ? '' : `: the by-order version of the ${(statSync(f).size / 2 ** 20).toFixed(0)} MiB file, over the tab's limit`}, as_of ${r.asOf}): ingest ${s1(r.ingestMs)} s; model build ${s1(r.modelMs)} s; baseline (replay at ${addDays(r.asOf, -BASELINE_DAYS)}, its columns read, the movement) ${s1(r.baselineMs)} s; trend ${r.dates} monthly dates (${r.sampled ? `${r.dates - 1} replays` : 'one pass'}; as_of's are the live model's) ${s1(r.trendMs)} s${r.sampled ? ` (**estimated**: ${r.sampled} of the ${r.dates - 1} replays built, evenly spread, time scaled; memory of those ${r.sampled})` : ''}, ${(r.trendMs / Math.max(1, r.dates - 1) / 1000).toFixed(2)} s a date; trend columns ${MiB(r.trendBytes)} MiB${r.sampled ? ` (the ${r.sampled} dates built, held at once: not kept)` : ''} for ${r.customerDates.toLocaleString('en-US')} customer-dates = ${(r.trendBytes / Math.max(1, r.customerDates)).toFixed(1)} bytes per customer per date.`);
      lines.push(`  Memory (after load → after baseline → after trend): ${Object.entries(r.mem).map(([k, [a, b, c]]) => `${k} ${k.includes('MiB') ? `${a.toFixed(0)} → ${b.toFixed(0)} → ${c.toFixed(0)}` : `${MiB(a)} → ${MiB(b)} → ${MiB(c)} MiB`}`).join('; ')}.`);
      lines.push(`  On each move (${r.cohortsMoveMs.length} moves, after the build): ${r.sampled ? 'the trend\'s recount not measured (sampled trend)' : `the trend's recount of every date ${q(r.trendMoveMs, 0.5).toFixed(1)} ms median, ${Math.max(...r.trendMoveMs).toFixed(1)} ms max${engine.startsWith('DuckDB') ? ' (page round trip)' : ''}`}; the Cohort cell's query (asked again on every snapshot) ${q(r.cohortsMoveMs, 0.5).toFixed(1)} ms median, ${Math.max(...r.cohortsMoveMs).toFixed(1)} ms max.`);
      if (r.phases) {
        const fmt = (p: Phases) => Object.entries(p).map(([k, v]) => `${k} ${(v as number).toFixed(0)}`).join(', ');
        lines.push(`  Phases, ms: the load's model build ${fmt(r.phases.model)}; one replay (at ${r.phases.date}, the series' middle date) ${fmt(r.phases.replay)}.`);
      }
    }
    lines.push('');
  }
  if (Object.keys(ui).length) {
    lines.push(`**The page (the built app), ${MOVES} frame-aligned moves of "Loyal: minimum purchases"** with the default cells and the Movement (baseline ${BASELINE_DAYS} days back), Trend (ladder, monthly) and Cohort cells added, the viewport as tall as the notebook (every cell on screen). "Redrawn" and "on screen" as in the live-notebook section ('tierbook:drawn' / 'tierbook:painted' marks: the charts on screen drawn from the move's snapshot, the movement matrix among them; charts off screen redraw once the moves rest; the Trend and Cohort cells ask the worker again after it); "trend" is input → the Trend cell's table or chart changed in the DOM, then the next frame.`, '');
    for (const f of files) {
      const u = ui[f];
      if (!u) continue;
      lines.push(`- ${u.customers.toLocaleString('en-US')} customers (read \`${u.read}\`, ${(statSync(u.read).size / 2 ** 20).toFixed(0)} MiB CSV${u.read === f ? '' : `: the by-order version of the ${(statSync(f).size / 2 ** 20).toFixed(0)} MiB file, over the tab's limit`}): adding the cells (from the choice in "Add a cell" to the cell drawn; the page builds the baseline and the trend here) Movement ${s1(u.cellsMs.movement)} s, Trend ${s1(u.cellsMs.trend)} s, Cohorts ${s1(u.cellsMs.cohorts)} s; Chromium resident ${u.rss.toFixed(0)} MiB after.`);
      for (const [name, d] of Object.entries(u.runs)) {
        lines.push(`  ${name === 'full' ? `All three time cells, viewport 1280 × ${u.viewport} (every cell on screen)` : name === 'laptop' ? 'All three time cells, viewport 1280 × 800 scrolled to the ladder' : name === 'timeCells' ? 'All three time cells, viewport 1280 × 800 scrolled to the Movement cell (the time cells on screen)' : `${name}, 1280 × 800 at the ladder`}: input → every chart but the trend redrawn p50 ${q(d.drawn, 0.5).toFixed(1)} ms, p95 ${q(d.drawn, 0.95).toFixed(1)} ms, max ${Math.max(...d.drawn).toFixed(1)} ms; on screen p50 ${q(d.painted, 0.5).toFixed(1)}, p95 ${q(d.painted, 0.95).toFixed(1)} ms; ${d.trend.length ? `input → trend on screen p50 ${q(d.trend, 0.5).toFixed(0)} ms, p95 ${q(d.trend, 0.95).toFixed(0)} ms, max ${Math.max(...d.trend).toFixed(0)} ms${d.trendMissed ? ` (${d.trendMissed} moves without a trend change within 10 s)` : ''}` : 'no Trend cell'}; long tasks while dragging ${d.long.length} (longest ${d.long.length ? Math.max(...d.long).toFixed(0) : 0} ms).`);
        if (d.profile) lines.push(`  Main thread while dragging (CPU profile, self time, ms): ${d.profile}.`);
      }
    }
  }
  writeSection('Issue 15 (customers over time)', lines.join('\n'));
  console.log(lines.join('\n'));
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
