// The server path (issue 17): `--engine clickhouse --clickhouse-url URL --orders-table db.table …` against
// a loopback HTTP server in front of chdb (src/node/ch-loopback.ts), so the real @clickhouse/client talks
// to the real engine. The export must be --engine duckdb's on the same data, byte for byte, whether the
// server holds it as String columns or typed (UInt64 ids, Date, DateTime in a zone whose day is not UTC's,
// Decimal and Float64 amounts), and nothing may be written to the user's database.
import { unzipSync, strFromU8 } from 'fflate';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLoopback, type Loopback } from '../../src/node/ch-loopback';
import { formatReport, segmentFiles } from '../../src/node/segment';
import { type SegmentOptions } from '../../src/node/segment-options';
import { segmentServer } from '../../src/node/segment-server';
import type { TableName } from '../../src/engine/mapping';
import { numericIds, textTable, typedTable, userTables } from './helpers/ch-shop';

const dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-server-'));
const TABLES = ['orders', 'customers', 'feedback', 'interactions'] as const;
const SAMPLE = Object.fromEntries(TABLES.map((t) => [t, `sample-data/${t}.csv`])) as Record<TableName, string>;
const ONLINE_RETAIL = 'tests/fixtures/online-retail/online-retail.csv.gz';
let lb: Loopback;

beforeAll(async () => {
  lb = await startLoopback({ user: 'analyst', password: 'server-pass-7' });
  process.env.CLICKHOUSE_USER = 'analyst';
  process.env.CLICKHOUSE_PASSWORD = 'server-pass-7';
  for (const db of ['shop', 'typed']) await lb.admin(`CREATE DATABASE ${db}`);
  const ids = numericIds(mkdtempSync(join(dir, 'ids-')));
  for (const t of TABLES) {
    await textTable(lb, 'shop', t, SAMPLE[t]);
    await typedTable(lb, 'typed', t, ids[t]);
  }
  NUMERIC = ids;
}, 120_000);
afterAll(async () => { await lb?.close(); });
let NUMERIC: Record<TableName, string>;

type Options = Omit<SegmentOptions, 'out' | 'engine' | TableName | `${TableName}Table` | 'clickhouseUrl'>;
const EXTRA = ['movement', 'trend', 'cohorts', 'whatChanged', 'clvHoldout'] as const;
let runs = 0;

/** One run, on files (DuckDB) or on the server's tables: the export, the report, the bundle and the extra files. */
async function run(where: { files: Partial<Record<TableName, string>> } | { db: string; tables: readonly TableName[] }, o: Options = { map: [] }, bundle = false) {
  const n = ++runs;
  const out = join(dir, `${n}.csv`);
  const zip = join(dir, `${n}.zip`);
  const extra = Object.fromEntries(EXTRA.filter((k) => o[k] !== undefined).map((k) => [k, join(dir, `${n}-${k}.csv`)]));
  const given = { ...o, ...extra, out, ...(bundle && { bundle: zip }) };
  const r = 'files' in where
    ? await segmentFiles({ ...given, ...where.files, engine: 'duckdb' })
    : await segmentServer({ ...given, engine: 'clickhouse', clickhouseUrl: lb.url, ...Object.fromEntries(where.tables.map((t) => [`${t}Table`, `${where.db}.${t}`])) });
  return {
    csv: readFileSync(out, 'utf8'),
    report: formatReport(r).replace(out, 'OUT'),
    bundle: bundle ? Object.fromEntries(Object.entries(unzipSync(readFileSync(zip))).map(([k, v]) => [k, strFromU8(v)])) : undefined,
    files: Object.fromEntries(Object.entries(extra).map(([k, f]) => [k, readFileSync(f, 'utf8')])),
  };
}

/** The report without what names a source (a file or a table) or a row's place in it. */
const counts = (report: string) => report.split('\n').filter((l) => !l.startsWith('  e.g.')).map((l) => l.replace(/^(\w+) \([^)]*\):/, '$1:')).join('\n');

describe('the sample data on a server, all four tables', () => {
  test('as String columns: the export, the load report\'s counts and format notes, the bundle (its SQL ClickHouse\'s); nothing written to the user\'s database', async () => {
    const before = await userTables(lb);
    const databases = await lb.admin(`SELECT name FROM system.databases ORDER BY name`);
    const duck = await run({ files: SAMPLE }, { map: [] }, true);
    const srv = await run({ db: 'shop', tables: TABLES }, { map: [] }, true);
    expect(srv.csv.split('\n')).toHaveLength(6002);
    expect(srv.csv).toBe(duck.csv);
    expect(counts(srv.report)).toBe(counts(duck.report));
    expect(srv.report).toMatch(/^orders \(shop\.orders\): read 64714, used 64711; rejected 1 empty_customer_id; rejected 1 non_numeric_amount; rejected 1 unparseable_date$/m);
    // An example names the row by its place in the table's text order, with the cells the mapping reads.
    expect(srv.report).toMatch(/^ {2}e\.g\. line \d+ \(non_numeric_amount\): O123445 \| C000018 \| 2023-06-01 10:00:00 \| home \| web \| n\/a \| 9\.00$/m);
    for (const f of ['tierbook-export/customers.csv', 'tierbook-export/clv.json', 'tierbook-export/config.json']) expect(srv.bundle![f], f).toBe(duck.bundle![f]);
    expect(srv.bundle!['tierbook-export/sql/3-labels.sql']).toContain('arraySort(groupArray(');
    expect(srv.bundle!['tierbook-export/sql/1-staging.sql']).not.toBe(duck.bundle!['tierbook-export/sql/1-staging.sql']);
    // The user's tables and their row counts as they were; no database, no table of ours left behind.
    expect(await userTables(lb)).toBe(before);
    expect(before).toBe('shop\tcustomers\tMergeTree\t6000\nshop\tfeedback\tMergeTree\t2471\nshop\tinteractions\tMergeTree\t22302\nshop\torders\tMergeTree\t64714\n'
      + 'typed\tcustomers\tMergeTree\t6000\ntyped\tfeedback\tMergeTree\t2471\ntyped\tinteractions\tMergeTree\t22302\ntyped\torders\tMergeTree\t64714\n');
    expect(await lb.admin(`SELECT name FROM system.databases ORDER BY name`)).toBe(databases);
    expect(databases).toMatch(/^shop$/m);
  }, 180_000);

  test('as typed columns (UInt64 ids, DateTime in Los Angeles, DateTime64 in Tokyo, Date, Date32, Decimal, Float64, Enum8): DuckDB\'s export of the same files', async () => {
    // The zones matter: read in UTC, these days would be others.
    expect(await lb.admin(`SELECT countIf(toDate(order_date) != toDate(order_date, 'UTC')) > 1000 FROM typed.orders`)).toBe('1\n');
    expect(await lb.admin(`SELECT countIf(toDate(interaction_date) != toDate(interaction_date, 'UTC')) = count(interaction_date) FROM typed.interactions`)).toBe('1\n');
    expect(await lb.admin(`SELECT toTypeName(customer_id), toString(customer_id) FROM typed.orders WHERE customer_id = 1000001 LIMIT 1`)).toBe('Nullable(UInt64)\t1000001\n');
    const duck = await run({ files: NUMERIC });
    const srv = await run({ db: 'typed', tables: TABLES });
    expect(srv.csv).toBe(duck.csv);
    expect(srv.csv).toMatch(/^1000001,/m);
    // The same rows used and rejected (a typed column holds NULL where the text was not a date or a number).
    const used = (r: string) => r.split('\n').filter((l) => /^\w+ \(/.test(l)).map((l) => l.replace(/ \([^)]*\)/, '').replace(/;.*/, ''));
    expect(used(srv.report)).toEqual(used(duck.report));
    expect(srv.report).toMatch(/^ {2}orders\.order_date: "order_date" read as ISO dates/m);
  }, 180_000);

  test('value tiers by predicted_clv, a baseline with --movement, the time files and --clv-holdout: DuckDB\'s files', async () => {
    const config = join(dir, 'by-clv.json');
    writeFileSync(config, JSON.stringify({ version: 1, value: { metric: 'predicted_clv' } }));
    const o: Options = { map: [], config, baselineAsOf: '2024-07-01', movement: 'y', trend: 'y', cohorts: 'y', whatChanged: 'y', trendPeriod: 'quarter', clvHoldoutFrom: '2024-09-01', clvHoldout: 'y', bom: true };
    const duck = await run({ files: SAMPLE }, o);
    const srv = await run({ db: 'shop', tables: TABLES }, o);
    expect(srv.csv.startsWith('\uFEFFcustomer_id,')).toBe(true);
    expect(srv.csv).toBe(duck.csv);
    expect(Object.keys(srv.files)).toEqual(['movement', 'trend', 'cohorts', 'whatChanged', 'clvHoldout']);
    expect(srv.files).toEqual(duck.files);
  }, 240_000);

  test('the orders table alone, with --map, --amount and --as-of', async () => {
    const o: Options = { map: ['orders.order_date=order_date'], amount: 'quantity * unit_price', asOf: '2024-06-30' };
    const duck = await run({ files: { orders: SAMPLE.orders } }, o);
    const srv = await run({ db: 'shop', tables: ['orders'] }, o);
    expect(srv.csv).toBe(duck.csv);
    expect(counts(srv.report)).toBe(counts(duck.report));
  }, 120_000);
});

describe('Online Retail (README mapping) as a String table', () => {
  test('541,909 rows: DuckDB\'s export of the file', async () => {
    await lb.admin('CREATE DATABASE IF NOT EXISTS retail');
    // The server gets the CSV inside the gzip (its header names the columns of the table).
    const plain = join(dir, 'online-retail.csv');
    writeFileSync(plain, gunzipSync(readFileSync(ONLINE_RETAIL)));
    await textTable(lb, 'retail', 'orders', plain);
    expect(await lb.admin('SELECT count() FROM retail.orders')).toBe('541909\n');
    const o: Options = { amount: 'Quantity * UnitPrice', map: ['orders.customer_id=CustomerID', 'orders.order_date=InvoiceDate', 'orders.order_id=InvoiceNo'] };
    const duck = await run({ files: { orders: ONLINE_RETAIL } }, o);
    const srv = await run({ db: 'retail', tables: ['orders'] }, o);
    expect(srv.csv.split('\n')).toHaveLength(4374);
    expect(srv.csv).toBe(duck.csv);
    expect(srv.report).toMatch(/^orders \(retail\.orders\): read 541909, used 406829; rejected 135080 empty_customer_id/m);
  }, 600_000);
});
