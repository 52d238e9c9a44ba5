// npm run bench [-- --sizes 100000,1000000,5000000 --reps 3]
// Native DuckDB (the CLI path) and DuckDB-WASM in headless Chromium (the app's worker) on generated
// orders of ~10 rows per customer: ingest, metrics, one threshold move, export; the command line end to
// end and R data.table (../shared/peers/datatable.R, when Rscript and data.table are installed) on the
// same files, side by side. Writes bench/RESULTS.md. Generated files go to $TIERBOOK_BENCH_DATA (a folder
// under the system's temporary directory by default), never into the repository.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { autoRoles, type Mapping } from '../src/engine/mapping';
import { Session } from '../src/engine/session';
import { openNodeDb } from '../src/node/duckdb';
import { loadRawFile } from '../src/node/load';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100000,1000000,5000000' }, reps: { type: 'string', default: '3' } } });
const SIZES = values.sizes!.split(',').map(Number);
const REPS = Number(values.reps);
const DATA = process.env.TIERBOOK_BENCH_DATA ?? join(tmpdir(), 'tierbook-bench-data');
const PEER = '../shared/peers/datatable.R';
const PORT = Number(process.env.TIERBOOK_BENCH_PORT ?? 4180);
const CUSTOMERS_PER_ROW = 6000 / 64714; // the sample generator's ratio: ~10.8 rows per customer

type Stats = { min: number; median: number; max: number };
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (s: Stats) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;

function ordersFile(rows: number): string {
  const dir = join(DATA, String(rows));
  const file = join(dir, 'orders.csv');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const customers = Math.round(rows * CUSTOMERS_PER_ROW);
    console.log(`generating ~${rows} order rows (${customers} customers)…`);
    execFileSync('npx', ['tsx', 'scripts/generate-sample.ts', '--out', dir, '--customers', String(customers), '--seed', '7'], { stdio: 'inherit' });
  }
  return file;
}

/** A config that changes every section at once: every framework is relabelled and counted. */
export function everySection(k: number) {
  const x = k % 2;
  return {
    version: 1,
    ladder: { loyalMinPurchases: 3 + x }, lifecycle: { newDays: 60 + x }, value: { high: 0.2 + x / 100 },
    engagement: { frequentMin: 5 + x }, needs: { high: 1 + x / 10 }, satisfaction: { high: 4 + x / 10 },
    nps: { promoterMin: 9 - x }, rfm: { cuts: { r: [30, 90, 180, 365 + x], f: [1, 2, 3, 5], m: [50, 100, 250, 500] } },
  };
}

async function native(file: string, threads: number) {
  const r = { ingest: [] as number[], metrics: [] as number[], move: [] as number[], full: [] as number[], export: [] as number[], customers: 0 };
  for (let rep = 0; rep < REPS; rep++) {
    const db = await openNodeDb({ threads });
    let t = performance.now();
    const { columns } = await loadRawFile(db, 'orders', file);
    r.ingest.push(performance.now() - t);
    const session = new Session(db, (sql) => db.columns(sql));
    const mapping: Mapping = { orders: { columns, roles: autoRoles('orders', columns) } };
    t = performance.now();
    const out = await session.load(mapping, { version: 1 });
    if (!out.ok) throw new Error(out.error);
    r.metrics.push(performance.now() - t - out.summary.recountMs);
    r.customers = out.summary.customers;
    // Moves of one parameter first (one framework relabelled), then every section at once.
    for (let k = 0; k < 5; k++) {
      const m = await session.apply({ version: 1, ladder: { loyalMinPurchases: 3 + (k % 3) } });
      if (m.ok) r.move.push(m.summary.recountMs);
    }
    for (let k = 0; k < 5; k++) {
      const a = await session.apply(everySection(k));
      if (a.ok) r.full.push(a.summary.recountMs);
    }
    t = performance.now();
    await session.exportLines();
    r.export.push(performance.now() - t);
    db.close();
  }
  return r;
}

async function browser(files: string[]) {
  execFileSync('npx', ['vite', 'build', '--config', 'bench/vite.config.ts', '--logLevel', 'error'], { stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--config', 'bench/vite.config.ts', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const exe = process.env.TIERBOOK_CHROMIUM ?? '/usr/bin/chromium';
  const b = await chromium.launch({ executablePath: exe, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  type Web = { ingest: number[]; metrics: number[]; move: number[]; full: number[]; moveRoundTrip: number[]; export: number[]; customers: number; phases: Record<string, number[]>; clv: ClvRun[] };
  const results: Record<string, Web> = {};
  try {
    for (let tries = 0; ; tries++) {
      try { await fetch(`http://127.0.0.1:${PORT}/`); break; } catch { if (tries > 100) throw new Error('bench server did not start'); await new Promise((r) => setTimeout(r, 200)); }
    }
    for (const file of files) {
      const r: Web = (results[file] = { ingest: [], metrics: [], move: [], full: [], moveRoundTrip: [], export: [], customers: 0, phases: {}, clv: [] });
      for (let rep = 0; rep < REPS; rep++) {
        const page = await b.newPage();
        await page.goto(`http://127.0.0.1:${PORT}/`);
        await page.evaluate(() => (window as never as { bench: { init(): Promise<string> } }).bench.init());
        await page.evaluate(() => (window as never as { bench: { warmUp(): Promise<void> } }).bench.warmUp());
        await page.setInputFiles('#files', file);
        const load = await page.evaluate(() => (window as never as { bench: { load(): Promise<{ ingestMs: number; modelMs: number; customers: number; phases: Record<string, number> }> } }).bench.load());
        r.ingest.push(load.ingestMs);
        r.metrics.push(load.modelMs);
        for (const [k, v] of Object.entries(load.phases)) (r.phases[k] ??= []).push(v);
        r.customers = load.customers;
        const fit = await page.evaluate(() => (window as never as { bench: { clvFit(): Promise<ClvRun> } }).bench.clvFit());
        r.clv.push(fit);
        await page.evaluate(() => (window as never as { bench: { apply(c: object): Promise<unknown> } }).bench.apply({ version: 1 }));
        for (let k = 0; k < 5; k++) {
          const m: { recountMs: number; roundTripMs: number } = await page.evaluate((v) => (window as never as { bench: { move(v: number): Promise<{ recountMs: number; roundTripMs: number }> } }).bench.move(v), 3 + (k % 3));
          r.move.push(m.recountMs);
          r.moveRoundTrip.push(m.roundTripMs);
        }
        for (let k = 0; k < 5; k++) {
          const a: { recountMs: number } = await page.evaluate((c) => (window as never as { bench: { apply(c: object): Promise<{ recountMs: number }> } }).bench.apply(c), everySection(k));
          r.full.push(a.recountMs);
        }
        const e = await page.evaluate(() => (window as never as { bench: { exportCsv(): Promise<{ ms: number }> } }).bench.exportCsv());
        r.export.push(e.ms);
        await page.close();
      }
    }
  } finally {
    await b.close();
    try { process.kill(-server.pid!); } catch { /* already gone */ }
  }
  return results;
}

/** The predicted-value fit after a load in the worker (bench page's `clvFit`). */
interface ClvRun { landedMs: number; fitMs: number; buyers: number; moves: number; maxMoveMs: number; horizonMs: number }

/** Wall time of a whole process, in ms: the command line as a user runs it, or the R peer. */
function wall(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return performance.now() - t;
}

function peerAvailable(): boolean {
  if (!existsSync(PEER)) return false;
  return spawnSync('Rscript', ['-e', 'suppressMessages(library(data.table))'], { stdio: 'ignore' }).status === 0;
}

/** The command line (npm run segment, end to end) and data.table on the same file, alternating, REPS times. */
function sideBySide(file: string, peer: boolean) {
  const out = join(DATA, 'out');
  mkdirSync(out, { recursive: true });
  const r = { cli: [] as number[], datatable: [] as number[] };
  // As `npm run segment` runs it (package.json): the bundled script, built before the first timed run.
  wall(process.execPath, ['scripts/segment-run.mjs', '--help']);
  for (let rep = 0; rep < REPS; rep++) {
    r.cli.push(wall(process.execPath, ['scripts/segment-run.mjs', '--orders', file, '--out', join(out, 'cli.csv')]));
    if (peer) r.datatable.push(wall('Rscript', [PEER, file, join(out, 'datatable.csv')]));
  }
  rmSync(out, { recursive: true, force: true });
  return r;
}

async function main() {
  const files = SIZES.map(ordersFile);
  const rowsOf = (f: string) => Number(execFileSync('wc', ['-l', f]).toString().trim().split(' ')[0]) - 1;
  const lines: string[] = [];
  const version = JSON.parse(readFileSync('node_modules/@duckdb/duckdb-wasm/package.json', 'utf8')).version;
  const nodeApi = JSON.parse(readFileSync('node_modules/@duckdb/node-api/package.json', 'utf8')).version;
  const chromiumVersion = execFileSync(process.env.TIERBOOK_CHROMIUM ?? '/usr/bin/chromium', ['--version']).toString().trim();
  lines.push('# Benchmark results', '', `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`, '',
    `Machine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${chromiumVersion}; @duckdb/duckdb-wasm ${version} (single-threaded eh build); @duckdb/node-api ${nodeApi}.`,
    '', `Each cell: median (min–max) in ms over ${REPS} runs; a threshold move is 5 moves per run. Orders only, ~10.8 rows per customer, from \`scripts/generate-sample.ts\`.`,
    '', '- ingest: CSV file -> raw table (all text). metrics: staging, orders, per-customer metrics, columns to the recount, first recount excluded.',
    '- threshold move: one parameter moved (ladder.loyalMinPurchases): the frameworks whose config section changed are relabelled and counted over typed arrays, with the chart sums, inside the worker (browser) or process (native). all 8 relabelled: every section changed at once.',
    '- export: the SPEC §6 CSV, built in SQL; in the browser including the transfer to the page.', '');
  const nat: Record<string, Awaited<ReturnType<typeof native>>> = {};
  for (const f of files) {
    console.log(`native, 1 thread: ${f}`);
    nat[f] = await native(f, 1);
  }
  const nat2: Record<string, Awaited<ReturnType<typeof native>>> = {};
  for (const f of files) {
    console.log(`native, 2 threads: ${f}`);
    nat2[f] = await native(f, 2);
  }
  const peer = peerAvailable();
  const side: Record<string, ReturnType<typeof sideBySide>> = {};
  for (const f of files) {
    console.log(`command line${peer ? ' and data.table' : ''}: ${f}`);
    side[f] = sideBySide(f, peer);
  }
  console.log('browser (DuckDB-WASM in headless Chromium)…');
  const web = await browser(files);
  lines.push('| rows | customers | file MB | engine | ingest | metrics | threshold move | all 8 relabelled | export |', '|---|---|---|---|---|---|---|---|---|');
  for (const f of files) {
    const rows = rowsOf(f), mb = (statSync(f).size / 2 ** 20).toFixed(0);
    for (const [name, r] of [['native, 1 thread', nat[f]], ['native, 2 threads', nat2[f]]] as const)
      lines.push(`| ${rows} | ${r.customers} | ${mb} | ${name} | ${ms(stats(r.ingest))} | ${ms(stats(r.metrics))} | ${ms(stats(r.move))} | ${ms(stats(r.full))} | ${ms(stats(r.export))} |`);
    const w = web[f];
    lines.push(`| ${rows} | ${w.customers} | ${mb} | wasm (worker) | ${ms(stats(w.ingest))} | ${ms(stats(w.metrics))} | ${ms(stats(w.move))} | ${ms(stats(w.full))} | ${ms(stats(w.export))} |`);
  }
  const PHASES = ['read', 'detect', 'staging', 'orders', 'metrics', 'report', 'columns'];
  lines.push('', '## Where a browser load goes (DuckDB-WASM in the worker)', '',
    'Median ms per phase: read (the text scanned in JavaScript and read by DuckDB into raw_orders), detect (date and number formats decided over whole columns), staging (typed columns and reject reasons), orders (rows grouped into orders), metrics (per-customer metrics, touches, attributes), report (load report and examples), columns (metric columns to the recount, sorted).', '',
    `| rows | ${PHASES.join(' | ')} | total |`, `|---|${PHASES.map(() => '---|').join('')}---|`);
  for (const f of files) {
    const w = web[f];
    const med = PHASES.map((p) => (w.phases[p] ? stats(w.phases[p]).median : 0));
    lines.push(`| ${rowsOf(f)} | ${med.map((m) => m.toFixed(0)).join(' | ')} | ${med.reduce((a, b) => a + b, 0).toFixed(0)} |`);
  }
  lines.push('', '## Predicted value in the worker (issue 16)', '',
    'After each load the page answers with the model and fits BG/NBD + Gamma-Gamma in the worker in slices of ≤ 16 ms, between messages. Fit: the optimiser\'s own time (pauses left out); landed: load answered → predictions written; moves: threshold moves sent one after another while it ran (a user dragging), their longest round trip; horizon: a change to 730 days after it landed (re-predicted, tb_clv written, no refit), round trip. Targets: fit ≤ 300 ms at 100k customers, ≤ 3 s at 1M; moves never wait for the fit. Medians over the runs.', '',
    '| rows | customers | buyers | fit ms | landed ms | moves during the fit | longest move ms | horizon change ms |', '|---|---|---|---|---|---|---|---|');
  for (const f of files) {
    const w = web[f];
    const med = (k: keyof ClvRun) => stats(w.clv.map((c) => c[k])).median;
    lines.push(`| ${rowsOf(f)} | ${w.customers} | ${w.clv[0]?.buyers ?? '–'} | ${med('fitMs').toFixed(0)} | ${med('landedMs').toFixed(0)} | ${med('moves').toFixed(0)} | ${med('maxMoveMs').toFixed(1)} | ${med('horizonMs').toFixed(0)} |`);
  }
  lines.push('', '## Side by side with R data.table', '');
  if (!peer) lines.push('peer skipped: `Rscript` with the `data.table` package is not installed (Debian: `apt-get install -y r-base-core r-cran-data.table`).');
  else {
    const rv = execFileSync('Rscript', ['-e', 'cat(R.version.string, "data.table", as.character(packageVersion("data.table")))']).toString().trim();
    lines.push(`${rv}; \`${PEER} IN OUT\` unchanged (read, validate, orders, per-customer metrics, quintile scores, ladder, sorted CSV), whole process, on the same file in the same run. Command line: \`node --import tsx scripts/segment.ts --orders FILE --out OUT\` (what \`npm run segment\` runs) as a process, end to end (start-up, read, report, the whole SPEC export written). Browser: ingest + model in the worker (above). Ratio < 1: Tierbook is faster.`, '',
      '| rows | file MB | data.table ms | command line ms | command line / data.table | browser ms | browser / data.table |', '|---|---|---|---|---|---|---|');
    for (const f of files) {
      const d = stats(side[f].datatable).median, c = stats(side[f].cli).median;
      const w = stats(web[f].ingest).median + stats(web[f].metrics).median;
      lines.push(`| ${rowsOf(f)} | ${(statSync(f).size / 2 ** 20).toFixed(0)} | ${d.toFixed(0)} | ${c.toFixed(0)} | ${(c / d).toFixed(2)} | ${w.toFixed(0)} | ${(w / d).toFixed(2)} |`);
    }
  }
  lines.push('', '## Targets', '');
  for (const f of files) {
    const w = web[f], n = nat[f];
    const ratio = (stats(w.ingest).median + stats(w.metrics).median) / (stats(n.ingest).median + stats(n.metrics).median);
    lines.push(`- ${w.customers} customers: browser ingest + metrics = ${ratio.toFixed(2)}× native single-thread (target ≤ 1.5×); threshold move in the worker ${stats(w.move).median.toFixed(1)} ms median, ${stats(w.move).max.toFixed(1)} ms max, all eight frameworks relabelled ${stats(w.full).median.toFixed(1)} ms median (target ≤ 10 ms at 500k customers); page round trip of a move ${ms(stats(w.moveRoundTrip))} ms.`);
  }
  // Keep the live-notebook section that bench/ui.ts writes.
  const previous = existsSync('bench/RESULTS.md') ? readFileSync('bench/RESULTS.md', 'utf8') : '';
  const ui = previous.includes('\n## Live notebook') ? `\n## Live notebook${previous.split('\n## Live notebook')[1]}` : '';
  writeFileSync('bench/RESULTS.md', lines.join('\n') + '\n' + ui);
  console.log(lines.join('\n'));
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
