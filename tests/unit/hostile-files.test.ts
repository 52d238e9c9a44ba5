// Files that attack the readers, each read the two ways a user reads it: by the command line (a child
// process: exit 2, one line naming the file, no output file; or the load report) and by the worker's own
// reading code (workers/ingest.ts on DuckDB-WASM, the page's engine: the same refusal, and the data loaded
// before still there; or the same report). Small files: tests/fixtures/hostile (npx tsx
// scripts/make-hostile-fixtures.ts); large ones are written here, streamed, into a temporary directory.
import { execFile } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openAsBlob, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ingest } from '../../workers/ingest';
import type { InputFile } from '../../workers/api';
import type { WasmDb } from '../../workers/duckdb';
import { openWasmDb } from './helpers/wasm-db';
import { openNodeDb } from '../../src/node/duckdb';
import { buildModel, checkMapping, rejectedLines, resolveAsOf, stage } from '../../src/engine/pipeline';
import { guessRoles } from '../../src/engine/roles';
import { readFacts } from '../../src/engine/readers/prepare';
import type { ReadOptions } from '../../src/engine/readers/plan';
import type { Config } from '../../src/engine/config';
import type { TableReport } from '../../src/engine/sql/report';

const exec = promisify(execFile);
const H = (name: string) => `tests/fixtures/hostile/${name}`;
const big = mkdtempSync(join(tmpdir(), 'tierbook-hostile-'));
const B = (name: string) => join(big, name);

const HEADER = 'customer_id,order_date,amount';
const row = (k: number) => `C${k % 500},2024-01-${String((k % 28) + 1).padStart(2, '0')},${(k % 97) + 1}`;

/** Writes `parts()` to a file a part at a time (never the whole text in memory). */
function stream(path: string, parts: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const p of parts) writeSync(fd, p);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  // A Parquet file with a NUL character in row 2's id.
  const native = await openNodeDb();
  // The database writes only into its scratch directory (docs/privacy.md): the file is copied out of it.
  await native.exec(`COPY (SELECT * FROM (VALUES ('A', '2024-01-01', '10'), ('B' || chr(0) || 'x', '2024-01-02', '5'), ('C', '2024-01-03', '3')) t(customer_id, order_date, amount)) TO '${native.scratch}/nul-in-cell.parquet' (FORMAT parquet)`);
  copyFileSync(`${native.scratch}/nul-in-cell.parquet`, B('nul-in-cell.parquet'));
  native.close();
  // 20,000 rows with a 40 MB row after the 10,000th (line 10,002).
  stream(B('row-40mb.csv'), (function* () {
    yield `${HEADER},note\n`;
    for (let k = 0; k < 10_000; k++) yield `${row(k)},n\n`;
    yield `BIG,2024-01-01,1,`;
    for (let k = 0; k < 40; k++) yield 'y'.repeat(2 ** 20);
    yield '\n';
    for (let k = 10_000; k < 20_000; k++) yield `${row(k)},n\n`;
  })());
  // A 3 MB line of junk on line 3.
  stream(B('junk-3mb.csv'), [`${HEADER}\n${row(1)}\n`, 'x'.repeat(3_000_000), `\n${row(2)}\n`]);
  // 20,000 rows, every other one malformed (lines 3, 5, 7, ...): two fields too many, or one too few.
  stream(B('many-malformed.csv'), (function* () {
    yield `${HEADER}\n`;
    for (let k = 0; k < 20_000; k++) yield k % 4 === 1 ? `${row(k)},extra,more\n` : k % 4 === 3 ? `${row(k).split(',').slice(0, 2).join(',')}\n` : `${row(k)}\n`;
  })());
  // 60 rows, then 100,001 malformed rows: more than a file may have (the last on line 100,062).
  stream(B('too-many-malformed.csv'), (function* () {
    yield `${HEADER}\n`;
    for (let k = 0; k < 60; k++) yield `${row(k)}\n`;
    for (let k = 0; k < 100_001; k++) yield `${row(k)},extra\n`;
  })());
  // A header of 12,000 columns (about 100 KB) and one row.
  stream(B('header-12000-columns.csv'), [Array.from({ length: 12_000 }, (_, k) => `column${k}`).join(',') + '\n', Array(12_000).fill('1').join(',') + '\n']);
  // A complete gzip file padded with 2 GB of NUL bytes (a sparse file: nothing written).
  copyFileSync(H('ten-thousand.csv.gz'), B('nul-tail-2gb.csv.gz'));
  truncateSync(B('nul-tail-2gb.csv.gz'), 2 * 2 ** 30);
});

type Outcome =
  | { refused: RegExp }
  | { read: number; used: number; rejected: Record<string, number>; examples: [string, number][] };

interface Case {
  name: string;
  file: () => string;
  /** Read options, as flags for the command line and as the mapping panel gives them to the worker. */
  read?: ReadOptions;
  flags?: string[];
  outcome: Outcome;
}

const cases: Case[] = [
  { name: 'rows with fields too many and too few, each counted once', file: () => H('malformed.csv'),
    outcome: { read: 4, used: 2, rejected: { parse_error: 2 }, examples: [['parse_error', 3], ['parse_error', 4]] } },
  { name: 'the same in UTF-16 (a converted input)', file: () => H('malformed-utf16le.csv'),
    outcome: { read: 4, used: 2, rejected: { parse_error: 2 }, examples: [['parse_error', 3], ['parse_error', 4]] } },
  { name: 'lines of the file around quoted line breaks, blank lines and malformed rows', file: () => H('lines.csv'),
    outcome: { read: 6, used: 2, rejected: { parse_error: 2, non_numeric_amount: 1, unparseable_date: 1 },
      examples: [['non_numeric_amount', 5], ['parse_error', 9], ['parse_error', 13], ['unparseable_date', 12]] } },
  { name: 'a 3 MB junk line', file: () => B('junk-3mb.csv'),
    outcome: { read: 3, used: 2, rejected: { row_too_long: 1 }, examples: [['row_too_long', 3]] } },
  { name: '10,000 malformed rows among 20,000', file: () => B('many-malformed.csv'),
    outcome: { read: 20_000, used: 10_000, rejected: { parse_error: 10_000 }, examples: [['parse_error', 3], ['parse_error', 5], ['parse_error', 7]] } },
  { name: 'more than 100,000 malformed rows', file: () => B('too-many-malformed.csv'),
    outcome: { refused: /too-many-malformed\.csv: more than 100,000 rows cannot be read \(the last on line 100,?062: parse_error\)/ } },
  { name: 'a 40 MB row between 20,000 rows', file: () => B('row-40mb.csv'),
    outcome: { read: 20_001, used: 20_000, rejected: { row_too_long: 1 }, examples: [['row_too_long', 10_002]] } },
  { name: 'gzip cut in the middle of a row', file: () => H('cut-mid-row.csv.gz'),
    outcome: { refused: /cut-mid-row\.csv\.gz: the gzip file is cut short: .*after 25,287 compressed bytes read/ } },
  { name: 'gzip cut on a row boundary (6,000 of 10,000 rows)', file: () => H('cut-on-row-boundary.csv.gz'),
    outcome: { refused: /cut-on-row-boundary\.csv\.gz: the gzip file is cut short or damaged: .*after 25,874 compressed bytes read/ } },
  { name: 'gzip without its 8-byte trailer', file: () => H('no-trailer.csv.gz'),
    outcome: { refused: /no-trailer\.csv\.gz: the gzip file is cut short or damaged: .*after 42,137 compressed bytes read/ } },
  { name: 'gzip followed by bytes that are not gzip', file: () => H('trailing-garbage.csv.gz'),
    outcome: { refused: /trailing-garbage\.csv\.gz: data that is not gzip follows the end of the compressed stream/ } },
  { name: 'gzip followed by 2 GB of NUL bytes', file: () => B('nul-tail-2gb.csv.gz'),
    outcome: { refused: /nul-tail-2gb\.csv\.gz: data that is not gzip follows the end of the compressed stream/ } },
  { name: 'two gzip members (CRLF, then LF line ends) read whole', file: () => H('two-members.csv.gz'),
    outcome: { read: 10_000, used: 10_000, rejected: {}, examples: [] } },
  { name: 'a NUL byte in a cell: the row is rejected', file: () => H('nul-in-cell.csv'),
    outcome: { read: 2, used: 1, rejected: { nul_byte: 1 }, examples: [['nul_byte', 2]] } },
  { name: 'a NUL character in a Parquet cell: the row is rejected', file: () => B('nul-in-cell.parquet'),
    outcome: { read: 3, used: 2, rejected: { nul_byte: 1 }, examples: [['nul_byte', 2]] } },
  { name: 'CRLF and LF line ends in one file', file: () => H('mixed-line-ends.csv'),
    outcome: { read: 3, used: 3, rejected: {}, examples: [] } },
  { name: 'a quote opened on line 3 and never closed', file: () => H('unclosed-quote.csv'),
    outcome: { refused: /unclosed-quote\.csv: the quote opened on line 3 is never closed/ } },
  { name: 'a header of 12,000 columns', file: () => B('header-12000-columns.csv'),
    outcome: { refused: /header-12000-columns\.csv: line 1 is longer than the first 64 KiB read/ } },
  { name: 'UTF-16 text read as utf-8', file: () => H('utf16le-no-bom.csv'), read: { encoding: 'utf-8' }, flags: ['--encoding', 'utf-8'],
    outcome: { refused: /utf16le-no-bom\.csv: read as utf-8 the text .*; its bytes look like utf-16le: choose that encoding/ } },
  { name: 'UTF-8 text read as utf-16le', file: () => H('utf8.csv'), read: { encoding: 'utf-16le' }, flags: ['--encoding', 'utf-16le'],
    outcome: { refused: /utf8\.csv: read as utf-16le the text has no line break, so no rows; its bytes look like utf-8: choose that encoding/ } },
];

const expectUniqueLines = (lines: number[]) => expect(new Set(lines).size).toBe(lines.length);

describe.concurrent('hostile files through the command line', () => {
  const out = mkdtempSync(join(tmpdir(), 'tierbook-hostile-out-'));
  test.each(cases)('$name', async ({ name, file, flags = [], outcome }) => {
    const target = join(out, `${name.replace(/\W+/g, '-')}.csv`);
    let code = 0;
    let stderr = '';
    try {
      ({ stderr } = await exec('node_modules/.bin/tsx', ['scripts/segment.ts', '--orders', file(), ...flags, '--out', target], { maxBuffer: 2 ** 26 }));
    } catch (e) {
      ({ code, stderr } = e as { code: number; stderr: string });
    }
    const lines = stderr.split('\n').filter((l) => l.trim() && !/npm warn/.test(l));
    if ('refused' in outcome) {
      expect(code).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(outcome.refused);
      expect(lines[0]).toContain(file());
      expect(existsSync(target)).toBe(false);
    } else {
      expect(code).toBe(0);
      const report = lines.find((l) => l.startsWith(`orders (${file()})`))!;
      const parts = [`read ${outcome.read}, used ${outcome.used}`, ...Object.entries(outcome.rejected).map(([r, n]) => `rejected ${n} ${r}`)];
      expect(report.split(': ').slice(1).join(': ').split('; ').sort()).toEqual(parts.sort());
      const examples = lines.filter((l) => l.startsWith('  e.g.')).map((l) => /line (\d+) \((\w+)\)/.exec(l)!).map((m) => [m[2], Number(m[1])]);
      expect(examples).toEqual(outcome.examples);
      expect(readFileSync(target, 'utf8')).not.toContain('\0');
    }
  }, 240_000);
});

describe('hostile files through the worker\'s reading code (DuckDB-WASM)', () => {
  let db: WasmDb;
  const hooks = { progress: () => {}, cancelled: () => false };
  const input = async (path: string, read?: ReadOptions): Promise<InputFile> => ({ table: 'orders', name: basename(path), source: { file: (await openAsBlob(path)) as File }, ...(read ? { read } : {}) });
  const rawCount = async () => Number((await db.rows<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM raw_orders'))[0].n);

  beforeAll(async () => {
    db = await openWasmDb();
    // The data loaded before: it must still be there after every refusal.
    await ingest(db, await input(H('malformed.csv')), hooks);
  });
  afterAll(() => db.bindings.reset?.());

  test.each(cases)('$name', async ({ file, read, outcome }) => {
    const before = await rawCount();
    await db.exec('BEGIN TRANSACTION');
    try {
      if ('refused' in outcome) {
        await expect(ingest(db, await input(file(), read), hooks)).rejects.toThrow(outcome.refused);
        return;
      }
      const prepared = await ingest(db, await input(file(), read), hooks);
      const columns = (await db.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE raw_orders) WHERE column_name <> '__row'`)).map((c) => c.column_name);
      const mapping = { orders: { columns, roles: guessRoles('orders', columns).roles as Record<string, string>, ...readFacts(prepared) } };
      checkMapping(mapping);
      await stage(db, mapping);
      const model = await buildModel(db, mapping, await resolveAsOf(db, {} as Config));
      const report = model.report.find((t) => t.table === 'orders') as TableReport;
      expect(report).toMatchObject({ read: outcome.read, used: outcome.used, rejected: outcome.rejected });
      const examples = model.examples.orders?.rows ?? [];
      expect(examples.map((e) => [e.reason, e.line])).toEqual(outcome.examples);
      const download = (await rejectedLines(db, mapping, 'orders')).slice(1).map((l) => Number(l.split(',')[0]));
      expect(download).toHaveLength(Object.values(outcome.rejected).reduce((a, b) => a + b, 0));
      expectUniqueLines(download);
    } finally {
      await db.exec('ROLLBACK');
      expect(await rawCount()).toBe(before);
    }
  });

  test.each([
    { case: 'the file clean', extra: [] as string[] },
    { case: 'the file unclean (its rows handed on in pieces, the first starting with this one)', extra: ['x,y,z,w'] },
  ])('a row that begins with a later byte-order mark keeps it, $case', async ({ extra }) => {
    // DuckDB-WASM also takes a BOM at the start of a registered piece for no text.
    const path = join(mkdtempSync(join(tmpdir(), 'tierbook-bom-')), 'bom-row.csv');
    const f = openSync(path, 'w');
    writeSync(f, [HEADER, '\ufeff 7,2024-01-01,5', '7,2024-01-02,6', ...extra].join('\n') + '\n');
    closeSync(f);
    await db.exec('BEGIN TRANSACTION');
    try {
      await ingest(db, await input(path), hooks);
      const ids = await db.rows<{ h: string }>('SELECT hex(customer_id) AS h FROM raw_orders ORDER BY __row');
      expect(ids.map((r) => r.h)).toEqual(['EFBBBF2037', '37']);
    } finally {
      await db.exec('ROLLBACK');
    }
  });
});
