// `--engine` on the command line (issue 17): duckdb by default; clickhouse writes the same export and
// report, and refuses as DuckDB does (one line, exit 2, nothing written); anything else is unknown.
// Byte-identity on every dataset: clickhouse-segment.test.ts.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { segmentFiles } from '../../src/node/segment';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-engine-'));
const ORDERS = join(dir, 'orders.csv');
writeFileSync(ORDERS, 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,-5\n');

describe('--engine', () => {
  test('duckdb is the default: the same export with and without --engine duckdb', async () => {
    await segmentFiles({ orders: ORDERS, map: [], out: join(dir, 'default.csv') });
    await segmentFiles({ orders: ORDERS, map: [], out: join(dir, 'duckdb.csv'), engine: 'duckdb' });
    expect(readFileSync(join(dir, 'duckdb.csv'), 'utf8')).toBe(readFileSync(join(dir, 'default.csv'), 'utf8'));
  });

  test('--engine sqlite is refused before anything is read or written', async () => {
    const out = join(dir, 'sqlite.csv');
    await expect(segmentFiles({ orders: join(dir, 'missing.csv'), map: [], out, engine: 'sqlite' })).rejects.toThrow(/^--engine sqlite: unknown \(one of duckdb, clickhouse\)$/);
    expect(existsSync(out)).toBe(false);
  });

  const cli = (args: string[]) => exec('npx', ['tsx', 'scripts/segment.ts', ...args]).then(
    (x) => ({ code: 0, ...x }), (e: { code: number; stdout: string; stderr: string }) => e);

  test('the command line: --engine clickhouse writes DuckDB\'s bytes and its load report on stderr', async () => {
    const run = (engine: string) => cli(['--engine', engine, '--orders', ORDERS, '--out', join(dir, `cli-${engine}.csv`)]);
    const [duck, ch] = [await run('duckdb'), await run('clickhouse')];
    expect([duck.code, ch.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'cli-clickhouse.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cli-duckdb.csv'), 'utf8'));
    expect(ch.stderr.replaceAll('cli-clickhouse', 'cli-duckdb')).toBe(duck.stderr);
    expect(ch.stderr).toMatch(/^as_of 2024-01-03: 2 customers; 2 rows written to /);
  });

  test('--timings adds one stderr line, each phase in order (ClickHouse: the copy into it too); the export is the same bytes', async () => {
    const run = (engine: string, extra: string[]) => cli(['--engine', engine, '--orders', ORDERS, '--out', join(dir, `timed-${engine}-${extra.length}.csv`), ...extra]);
    for (const engine of ['duckdb', 'clickhouse']) {
      const [plain, timed] = [await run(engine, []), await run(engine, ['--timings'])];
      const lines = timed.stderr.trimEnd().split('\n');
      expect(lines.slice(0, -1).join('\n').replace(/timed-\w+-1/, 'timed-X')).toBe(plain.stderr.trimEnd().replace(/timed-\w+-0/, 'timed-X'));
      const model = ['orders', 'metrics', 'predicted value', 'load report'];
      const phases = ['read', ...(engine === 'clickhouse' ? ['to clickhouse'] : []), 'stage', ...model, 'labels and export', 'write'];
      expect(lines.at(-1)).toMatch(new RegExp(`^timings: ${phases.map((p) => `${p} \\d+ ms`).join(', ')}; total \\d+ ms$`));
      expect(readFileSync(join(dir, `timed-${engine}-1.csv`), 'utf8')).toBe(readFileSync(join(dir, `timed-${engine}-0.csv`), 'utf8'));
    }
  }, 120_000);

  test('the command line: a refusal on ClickHouse is DuckDB\'s, one line on stderr, exit 2, no output file', async () => {
    const out = join(dir, 'cli.csv');
    const args = ['--orders', ORDERS, '--out', out, '--clv-holdout-from', '2099-01-01'];
    const [duck, ch] = [await cli(['--engine', 'duckdb', ...args]), await cli(['--engine', 'clickhouse', ...args])];
    expect(ch.code).toBe(2);
    expect(ch.stderr).toBe('segment: clv.holdoutFrom must be before the analysis date 2024-01-03\n');
    expect(ch.stderr).toBe(duck.stderr);
    expect(existsSync(out)).toBe(false);
  });
});
