// npm run bench:engines [-- --rows 1000000,5000000,20000000 --reps 1]
// Issue 17: `npm run segment -- --engine duckdb` against `--engine clickhouse` (embedded chdb) on bench:load's
// orders files (orders-file.ts), each run a process of its own under /usr/bin/time -v: end to end (the
// process, tsx's start included), per phase (the command's own --timings line), peak memory (the largest
// process's maximum resident set), and whether the two exports are the same bytes. The engines alternate
// run by run (which goes first alternates by size), and the load average is noted before every run: the
// machine is shared. Writes the table into bench/RESULTS.md, keeping the section's hand-written text.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSection } from './app';
import { ordersFile } from './orders-file';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000,5000000,20000000' }, reps: { type: 'string', default: '1' } } });
const SIZES = values.rows!.split(',').map(Number);
const REPS = Number(values.reps);
const ENGINES = ['duckdb', 'clickhouse'] as const;
type Engine = (typeof ENGINES)[number];
const PHASES = ['read', 'to clickhouse', 'stage', 'orders', 'metrics', 'predicted value', 'load report', 'labels and export', 'write'] as const;
const TITLE = 'Issue 17: DuckDB vs ClickHouse (chdb)';
const BEGIN = '<!-- bench:engines table -->';
const END = '<!-- /bench:engines table -->';

interface Run { engine: Engine; rows: number; rep: number; load: string; wallMs: number; phases: Record<string, number>; peakMiB: number; sha: string; bytes: number }

const loadNow = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** One `npm run segment` process: its wall time, its --timings phases, its peak memory, its export's hash. */
async function runOnce(engine: Engine, rows: number, rep: number, file: string, dir: string): Promise<Run> {
  const out = join(dir, `${engine}-${rows}.csv`);
  const load = loadNow();
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-v', process.execPath, 'scripts/segment-run.mjs', '--engine', engine, '--orders', file, '--out', out, '--timings'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`${engine} at ${rows} rows: exit ${code}\n${stderr}`);
  const timings = /^timings: (.*); total \d+ ms$/m.exec(stderr)?.[1] ?? '';
  const phases = Object.fromEntries(timings.split(', ').map((p) => /^(.*) (\d+) ms$/.exec(p)!).map(([, name, ms]) => [name, Number(ms)]));
  const peakMiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  const run: Run = { engine, rows, rep, load, wallMs, phases, peakMiB, sha: await sha256(out), bytes: statSync(out).size };
  rmSync(out, { force: true });
  console.log(`${rows} rows, ${engine}: ${(wallMs / 1000).toFixed(1)} s end to end (${timings}); peak ${peakMiB.toFixed(0)} MiB; load before ${load}`);
  return run;
}

const s = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function table(runs: Run[]): string {
  const head = `| order rows | engine | end to end (s) | ${PHASES.join(' | ')} | peak RSS (MiB) | load before (1/5/15 min) | export |`;
  const rule = `|${' --- |'.repeat(PHASES.length + 6)}`;
  const rows = SIZES.flatMap((rows) => ENGINES.map((engine) => {
    const mine = runs.filter((r) => r.rows === rows && r.engine === engine);
    if (!mine.length) return '';
    const other = runs.filter((r) => r.rows === rows && r.engine !== engine);
    const same = other.length > 0 && [...mine, ...other].every((r) => r.sha === mine[0].sha);
    const phase = (p: string) => (mine.some((r) => p in r.phases) ? s(median(mine.map((r) => r.phases[p] ?? 0))) : '–');
    return `| ${rows.toLocaleString('en-US')} | ${engine} | ${s(median(mine.map((r) => r.wallMs)))} | ${PHASES.map(phase).join(' | ')} | ${median(mine.map((r) => r.peakMiB)).toFixed(0)} | ${mine.map((r) => r.load).join('; ')} | ${(mine[0].bytes / 2 ** 20).toFixed(1)} MiB, ${same ? 'identical' : 'DIFFERENT'} |`;
  })).filter(Boolean);
  return [head, rule, ...rows].join('\n');
}

/** The measured table between the markers; the section's other text (the reading of it) stays. */
function write(runs: Run[], started: Date): void {
  const body = `${BEGIN}\n\`npm run bench:engines\`, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `bench:load's orders (customer_id, order_date, amount; rows/10 customers), default config, export only; ${REPS} run${REPS > 1 ? 's (medians)' : ''} per engine and size, the engines alternating. ` +
    `Phases from \`--timings\` (in-process wall clock); end to end is the whole process (tsx's start included); peak RSS is /usr/bin/time's maximum resident set of the largest process (chdb runs inside it).\n\n${table(runs)}\n${END}`;
  const results = 'bench/RESULTS.md';
  const text = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const at = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (at >= 0 && end > at) writeFileSync(results, `${text.slice(0, at)}${body}${text.slice(end + END.length)}`);
  else writeSection(TITLE, body);
}

async function main(): Promise<void> {
  const started = new Date();
  console.log(`bench:engines ${started.toISOString()}; load ${loadNow()}`);
  // `npm run segment` bundles the script on its first run after a change: not part of any timed run.
  spawnSync(process.execPath, ['scripts/segment-run.mjs', '--help'], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-bench-engines-'));
  const runs: Run[] = [];
  try {
    for (const [i, rows] of SIZES.entries()) {
      const file = await ordersFile(rows);
      for (let rep = 0; rep < REPS; rep++) {
        const order = (i + rep) % 2 === 0 ? ENGINES : [...ENGINES].reverse();
        for (const engine of order) runs.push(await runOnce(engine, rows, rep, file, dir));
      }
      const shas = new Set(runs.filter((r) => r.rows === rows).map((r) => r.sha));
      console.log(`${rows} rows: exports ${shas.size === 1 ? 'identical' : 'DIFFERENT'} (sha256 ${[...shas].map((x) => x.slice(0, 12)).join(', ')})`);
      write(runs, started);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (runs.some((r) => runs.some((o) => o.rows === r.rows && o.sha !== r.sha))) throw new Error('the two engines wrote different exports');
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
