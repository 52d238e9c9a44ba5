// A user's ClickHouse database on the loopback server (src/node/ch-loopback.ts), filled from CSV files the
// way a user's would be: every column String, or typed (ids UInt64, dates Date / Date32 / DateTime in
// Los Angeles / DateTime64 in Tokyo, amounts Decimal, costs Float64, a channel Enum8, csat and nps small
// integers). The typed tables take numeric ids (`numericIds` writes the sample with C000001 as 1000001).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Loopback } from '../../../src/node/ch-loopback';
import type { TableName } from '../../../src/engine/mapping';

const header = (file: string) => readFileSync(file, 'utf8').split('\n', 1)[0].split(',');
const allText = (cols: string[]) => cols.map((c) => `${c} Nullable(String)`).join(', ');
const q = (file: string) => `'${resolve(file).replace(/'/g, "\\'")}'`;

/** `db.t` as a table of String columns holding the CSV's cells as they are (an empty cell: NULL). */
export async function textTable(lb: Loopback, db: string, t: string, file: string): Promise<void> {
  const s = allText(header(file));
  await lb.admin(`CREATE TABLE ${db}.${t} (${s}) ENGINE = MergeTree ORDER BY tuple()`);
  await lb.admin(`INSERT INTO ${db}.${t} SELECT * FROM file(${q(file)}, CSVWithNames, '${s}')`);
}

/** A text day `s` (YYYY-MM-DD …) only when it is a real day (ClickHouse would roll 02-30 over). */
const realDay = (s: string) => `toString(toDate32OrNull(left(${s}, 10))) = left(${s}, 10)`;

/** The typed columns of each sample table: its type, and the SQL reading the CSV's text `s` into it. */
const TYPED: Record<TableName, [string, string, (s: string) => string][]> = {
  orders: [
    ['order_id', 'String', (s) => `coalesce(${s}, '')`],
    ['customer_id', 'Nullable(UInt64)', (s) => `toUInt64OrNull(${s})`],
    ['order_date', `Nullable(DateTime('America/Los_Angeles'))`, (s) => `if(${realDay(s)}, toDateTimeOrNull(${s}, 'America/Los_Angeles'), NULL)`],
    ['category', 'LowCardinality(String)', (s) => `coalesce(${s}, '')`],
    ['channel', `Enum8('app' = 1, 'store' = 2, 'web' = 3, 'wechat' = 4)`, (s) => s],
    ['quantity', 'UInt32', (s) => `toUInt32(${s})`],
    ['unit_price', 'Decimal(18, 2)', (s) => `toDecimal64(${s}, 2)`],
    ['amount', 'Nullable(Decimal(18, 2))', (s) => `toDecimal64OrNull(${s}, 2)`],
    ['cost', 'Float64', (s) => `toFloat64(${s})`],
  ],
  customers: [
    ['customer_id', 'UInt64', (s) => `toUInt64(${s})`],
    ['signup_date', 'Nullable(Date)', (s) => `toDateOrNull(${s})`],
    ['referred_by', 'Nullable(UInt64)', (s) => `toUInt64OrNull(${s})`],
    ['age', 'UInt8', (s) => `toUInt8(${s})`],
    ['gender', 'LowCardinality(String)', (s) => `coalesce(${s}, '')`],
    ['region', 'String', (s) => `coalesce(${s}, '')`],
    ['city_tier', 'String', (s) => `coalesce(${s}, '')`],
    ['income_band', 'String', (s) => `coalesce(${s}, '')`],
  ],
  feedback: [
    ['customer_id', 'UInt64', (s) => `toUInt64(${s})`],
    ['response_date', 'Date32', (s) => `toDate32(${s})`],
    ['csat', 'Nullable(UInt8)', (s) => `toUInt8OrNull(${s})`],
    ['nps', 'Nullable(Int8)', (s) => `toInt8OrNull(${s})`],
  ],
  interactions: [
    ['customer_id', 'UInt64', (s) => `toUInt64(${s})`],
    // Midnight in Tokyo is the day before in UTC: only the column's own zone gives the file's day.
    ['interaction_date', `Nullable(DateTime64(3, 'Asia/Tokyo'))`, (s) => `if(${realDay(s)}, toDateTime64OrNull(${s}, 3, 'Asia/Tokyo'), NULL)`],
    ['kind', 'String', (s) => `coalesce(${s}, '')`],
  ],
};

/** `db.t` with typed columns, read from the CSV (its columns must be TYPED[t]'s, in order). */
export async function typedTable(lb: Loopback, db: string, t: TableName, file: string): Promise<void> {
  const cols = TYPED[t];
  if (header(file).join(',') !== cols.map(([c]) => c).join(',')) throw new Error(`${file}: not the sample's ${t} columns`);
  await lb.admin(`CREATE TABLE ${db}.${t} (${cols.map(([c, type]) => `${c} ${type}`).join(', ')}) ENGINE = MergeTree ORDER BY tuple()`);
  await lb.admin(`INSERT INTO ${db}.${t} SELECT ${cols.map(([c, , read]) => `${read(c)} AS ${c}`).join(', ')} FROM file(${q(file)}, CSVWithNames, '${allText(cols.map(([c]) => c))}')`);
}

/** The sample's four files with every customer id C000001 written 1000001 (in `dir`), by table. */
export function numericIds(dir: string): Record<TableName, string> {
  const out = {} as Record<TableName, string>;
  for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) {
    out[t] = join(dir, `${t}.csv`);
    writeFileSync(out[t], readFileSync(`sample-data/${t}.csv`, 'utf8').replace(/\bC(\d{6})\b/g, '1$1'));
  }
  return out;
}

/** Every table of the server's databases but its own, with its row count: what a run must leave as it was. */
export async function userTables(lb: Loopback): Promise<string> {
  return lb.admin(`SELECT database, name, engine, total_rows FROM system.tables WHERE database NOT IN ('system', 'INFORMATION_SCHEMA', 'information_schema') ORDER BY database, name`);
}
