// Far days on ClickHouse (issue 17, docs/scale.md "Days on ClickHouse"): every day DuckDB reads, in every
// date format the readers detect, is the same day on ClickHouse, written the same way (years before 1000
// zero-padded, before year 0 negative), in period starts and month counts too; and the whole command writes
// the same export and load report on both engines for files full of them. ClickHouse's Date32 holds only
// 1900-01-01 .. 2299-12-31, so these are the days it would get wrong on its own.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DateFormat } from '../../src/engine/mapping';
import { epochDay, monthIndex, periodStartDay, ymdDay } from '../../src/engine/sql/ch-days';
import { DIALECTS, dayText, type Dialect } from '../../src/engine/sql/dialect';
import { strIn } from '../../src/engine/sql/quote';
import { date } from '../../src/engine/sql/values';
import { openChDb, type ChDb } from '../../src/node/chdb';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { formatReport, segmentFiles } from '../../src/node/segment';
import { type SegmentOptions } from '../../src/node/segment-options';

let duck: NodeDb;
let ch: ChDb;
/** Both engines open for a describe's expressions (chdb holds one session per process: closed before the command runs). */
function withEngines(): void {
  beforeAll(async () => { [duck, ch] = await Promise.all([openNodeDb(), openChDb()]); });
  afterAll(() => { duck?.close(); ch?.close(); });
}

const rowsOf = (d: Dialect, sql: string) => (d === 'duckdb' ? duck : ch).rows<Record<string, unknown>>(sql);
/** One text cell, NULL as `NULL`. */
const one = async (d: Dialect, sql: string) => {
  const [r] = await rowsOf(d, sql);
  return r.v === null ? 'NULL' : String(r.v);
};

/** The edge days (SPEC §1: a day that does not exist, or after 9999-12-30, is unparseable), as ISO text. */
const EDGES: [string, string][] = [
  ['0000-01-01', '0000-01-01'], ['0000-02-29', '0000-02-29'], ['0001-01-01', '0001-01-01'], ['0001-02-29', 'NULL'], ['0099-03-05', '0099-03-05'],
  ['0999-12-31', '0999-12-31'], ['1600-02-29', '1600-02-29'], ['1700-02-29', 'NULL'], ['1899-12-31', '1899-12-31'], ['1900-01-01', '1900-01-01'],
  ['1900-02-29', 'NULL'], ['2299-12-31', '2299-12-31'], ['2300-01-01', '2300-01-01'], ['2400-02-29', '2400-02-29'], ['2500-02-29', 'NULL'],
  ['9999-12-30', '9999-12-30'], ['9999-12-31', 'NULL'],
];

/** An ISO day written in each text format the readers detect. */
const WRITTEN: Record<'iso' | 'ymd' | 'dmy' | 'mdy' | 'yyyymmdd' | 'zh', (y: string, m: string, d: string) => string> = {
  iso: (y, m, d) => `${y}-${m}-${d}`,
  ymd: (y, m, d) => `${y}/${+m}/${+d}`,
  dmy: (y, m, d) => `${d}.${m}.${y} 10:30`,
  mdy: (y, m, d) => `${m}/${d}/${y}`,
  yyyymmdd: (y, m, d) => `${y}${m}${d}`,
  zh: (y, m, d) => `${y}年${+m}月${+d}日`,
};

/** Serial formats at the same edges (counts from 1899-12-30, 1970-01-01); unix seconds take 11 digits at most. */
const SERIALS: [DateFormat, string, string][] = [
  ['excel', '61', '1900-03-01'], ['excel', '60', 'NULL'], ['excel', '146098', '2299-12-31'], ['excel', '146099', '2300-01-01'], ['excel', '182682.5', '2400-02-29'],
  ['excel', '2958464', '9999-12-30'], ['excel', '2958465', 'NULL'],
  ['unix_s', '-62135596800', '0001-01-01'], ['unix_s', '-62135596801', '0000-12-31'], ['unix_s', '-62167219201', '-1-12-31'], ['unix_s', '-99999999999', '-1199-02-15'],
  ['unix_s', '-2209075200', '1899-12-31'], ['unix_s', '10413792000', '2300-01-01'], ['unix_s', '99999999999', '5138-11-16'], ['unix_s', '253402128000', 'NULL'],
  ['unix_ms', '-62135596800000', '0001-01-01'], ['unix_ms', '-2209075200001', '1899-12-30'], ['unix_ms', '10413792000000', '2300-01-01'], ['unix_ms', '99999999999999', '5138-11-16'],
];

const cases: [string, DateFormat, string, string][] = [
  ...EDGES.flatMap(([iso, want]) => Object.entries(WRITTEN).map(([format, write]): [string, DateFormat, string, string] => {
    const text = write(iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10));
    return [`${format} ${text}`, format as DateFormat, text, want];
  })),
  ...SERIALS.map(([format, text, want]): [string, DateFormat, string, string] => [`${format} ${text}`, format, text, want]),
];

describe('a far day read in every format: the same day, written the same way, on both engines', () => {
  withEngines();
  test.each(cases.flatMap((c) => DIALECTS.map((d) => [...c, d] as const)))('%s → %s (%s)', async (_name, format, text, want, d) => {
    expect(await one(d, `SELECT ${dayText(date(strIn(text, d), format, d), d)} AS v`)).toBe(want);
  });
});

/** Day numbers from the earliest a unix second reads (-99999999999 s) to 9999-12-30, edges and a spread between. */
const DAYS = (() => {
  const first = -1_157_408;
  const last = epochDay('9999-12-30');
  const days = new Set([first, last, 0, -1, epochDay('0000-01-01'), epochDay('0000-01-01') - 1, epochDay('1900-01-01'), epochDay('1900-01-01') - 1, epochDay('2299-12-31'), epochDay('2299-12-31') + 1]);
  for (let i = 0; i < 3000; i++) days.add(first + Math.floor(((last - first) * i) / 2999) + (i % 7));
  return [...days].sort((a, b) => a - b);
})();

describe('day numbers across the whole range (ch-days.ts) against DuckDB DATE', () => {
  withEngines();
  test('epochDay agrees with DuckDB on the edge days (0000-01-01 included: Date.UTC reads 0..99 as 19xx)', async () => {
    const isos = EDGES.filter(([, want]) => want !== 'NULL').map(([iso]) => iso);
    const rows = await rowsOf('duckdb', `SELECT CAST(date_diff('day', DATE '1970-01-01', CAST(x AS DATE)) AS INTEGER) AS n FROM unnest([${isos.map((i) => `'${i}'`).join(', ')}]) t(x)`);
    expect(isos.map(epochDay)).toEqual(rows.map((r) => r.n));
  });

  test(`${DAYS.length} days: text, the text read back, week, month and quarter starts, months between`, async () => {
    const list = `[${DAYS.join(', ')}]`;
    const duckRows = await rowsOf('duckdb', `SELECT n,
      strftime(DATE '1970-01-01' + n, '%Y-%m-%d') AS text,
      CAST(date_diff('day', DATE '1970-01-01', date_trunc('week', DATE '1970-01-01' + n)) AS INTEGER) AS week,
      CAST(date_diff('day', DATE '1970-01-01', date_trunc('month', DATE '1970-01-01' + n)) AS INTEGER) AS month,
      CAST(date_diff('day', DATE '1970-01-01', date_trunc('quarter', DATE '1970-01-01' + n)) AS INTEGER) AS quarter,
      CAST(date_diff('month', DATE '1970-01-01', DATE '1970-01-01' + n) AS INTEGER) AS months
      FROM unnest(${list}) t(n) ORDER BY n`);
    const chRows = await rowsOf('clickhouse', `SELECT n, ${dayText('n', 'clickhouse')} AS text,
      toInt32(${periodStartDay('week', 'n')}) AS week, toInt32(${periodStartDay('month', 'n')}) AS month, toInt32(${periodStartDay('quarter', 'n')}) AS quarter,
      toInt32(${monthIndex('n')} - ${monthIndex('0')}) AS months,
      if(n >= ${epochDay('0000-01-01')}, ${ymdDay(dayText('n', 'clickhouse'))}, n) AS back
      FROM (SELECT arrayJoin(CAST(${list} AS Array(Int32))) AS n) ORDER BY n`);
    const { back, ...rest } = Object.fromEntries(Object.keys(chRows[0]).map((k) => [k, chRows.map((r) => r[k])]));
    expect(rest).toEqual(Object.fromEntries(Object.keys(duckRows[0]).map((k) => [k, duckRows.map((r) => Number.isNaN(Number(r[k])) ? r[k] : Number(r[k]))])));
    expect(back).toEqual(DAYS);
    // Spot checks of what a user reads: the earliest day, year 0, a 1900s and a 2300s day.
    expect(chRows[0].text).toBe('-1199-02-15');
    expect(chRows.find((r) => r.n === epochDay('0000-01-01'))?.text).toBe('0000-01-01');
    expect(chRows.find((r) => r.n === epochDay('0000-01-01') - 1)?.text).toBe('-1-12-31');
  });
});

// The whole command on files of far days: the export (first_purchase, last_purchase, recency and tenure
// in days), the load report's unparseable rows, and with an as_of in 2025 the cohorts and what changed.
const dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-days-'));
let runs = 0;
type Input = Omit<SegmentOptions, 'out' | 'engine'>;

async function segment(input: Input, engine: 'duckdb' | 'clickhouse'): Promise<Record<string, string>> {
  const n = ++runs;
  const out = join(dir, `${n}-${engine}.csv`);
  const extra = Object.fromEntries((['cohorts', 'whatChanged'] as const).filter((k) => input[k]).map((k) => [k, join(dir, `${n}-${engine}-${k}.csv`)]));
  try {
    const r = await segmentFiles({ ...input, ...extra, out, engine });
    return { csv: readFileSync(out, 'utf8'), report: formatReport(r).replaceAll(out, 'OUT'), ...Object.fromEntries(Object.entries(extra).map(([k, f]) => [k, readFileSync(f, 'utf8')])) };
  } catch (e) {
    return { error: (e as Error).message, written: String([out, ...Object.values(extra)].some(existsSync)) };
  }
}

/** A CSV line's fields (SPEC §6 quoting: a field with a comma is quoted, quotes doubled). */
const fields = (line: string) => [...line.matchAll(/(?:"((?:[^"]|"")*)"|([^,]*))(?:,|$)/g)].slice(0, -1).map((m) => m[1]?.replaceAll('""', '"') ?? m[2]);

/** Orders: customer, ISO day, amount; one customer per edge, a usable 2024 order for most. */
const ORDERS: [string, string, string][] = [
  ['A', '0001-01-01', '10'], ['A', '2024-01-05', '20'], ['B', '1899-12-31', '5'], ['B', '1900-01-01', '7'], ['C', '2299-12-31', '3'], ['C', '2300-01-01', '4'],
  ['D', '1600-02-29', '1'], ['D', '2400-02-29', '2'], ['E', '1900-02-29', '9'], ['E', '2024-02-01', '9'], ['F', '9999-12-30', '1'], ['G', '9999-12-31', '1'],
  ['H', '0000-02-29', '15'], ['H', '0999-12-31', '15'], ['I', '2024-03-01', '30'],
];

describe('the whole command on far days, in each text format: the same export and report on both engines', () => {
  test.each(Object.keys(WRITTEN))('%s', async (format) => {
    const write = WRITTEN[format as keyof typeof WRITTEN];
    const file = join(dir, `far-${format}.csv`);
    const field = (v: string) => (v.includes(',') ? `"${v}"` : v);
    writeFileSync(file, `customer_id,order_date,amount\n${ORDERS.map(([c, iso, a]) => [c, write(iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)), a].map(field).join(',')).join('\n')}\n`);
    const input: Input = { orders: file, dateFormat: format as DateFormat, map: [] };
    const duckOut = await segment(input, 'duckdb');
    expect(await segment(input, 'clickhouse')).toEqual(duckOut);
    // What the user sees: as_of the day after 9999-12-30; A's first purchase in year 1; two unparseable rows.
    const lines = duckOut.csv.trimEnd().split('\n');
    const header = lines[0].split(',');
    const row = (id: string) => Object.fromEntries(fields(lines.find((l) => l.startsWith(`${id},`))!).map((v, i) => [header[i], v]));
    expect([row('A').first_purchase, row('A').last_purchase, row('A').recency_days]).toEqual(['0001-01-01', '2024-01-05', String(epochDay('9999-12-31') - epochDay('2024-01-05'))]);
    expect([row('H').first_purchase, row('H').last_purchase]).toEqual(['0000-02-29', '0999-12-31']);
    expect([row('C').last_purchase, row('D').first_purchase, row('D').last_purchase, row('F').last_purchase]).toEqual(['2300-01-01', '1600-02-29', '2400-02-29', '9999-12-30']);
    expect(lines.some((l) => l.startsWith('G,'))).toBe(false);
    expect(duckOut.report).toMatch(/as_of 9999-12-31/);
    expect(duckOut.report).toMatch(/\norders \(.*\): read 15, used 13; rejected 2 unparseable_date\n/);
  }, 120_000);

  test('as_of 2025-01-01: later days ignored, cohorts by quarter from year 0 and what changed, the same on both', async () => {
    const config = join(dir, 'as-of-2025.json');
    writeFileSync(config, JSON.stringify({ version: 1, asOf: '2025-01-01' }));
    const input: Input = { orders: join(dir, 'far-iso.csv'), dateFormat: 'iso', config, baselineAsOf: '2024-02-01', cohortPeriod: 'quarter', cohorts: 'yes', whatChanged: 'yes', map: [] };
    const duckOut = await segment(input, 'duckdb');
    expect(await segment(input, 'clickhouse')).toEqual(duckOut);
    expect(duckOut.report).toMatch(/: read 15, used 9; rejected 2 unparseable_date; ignored 4 on_or_after_as_of\n/);
    // Cohorts start at year 0's first quarter (H), then year 1 (A), 1600, 1899 (B), ...
    expect(duckOut.cohorts.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]).filter((c, i, all) => all.indexOf(c) === i)).toEqual(['0000-01-01', '0001-01-01', '1600-01-01', '1899-10-01', '2024-01-01']);
  }, 120_000);
});
