// A file too large for the tab: refused before anything is read, with the limit named and the command
// line offered, and the data loaded before still drawn and still in DuckDB. Driven through the worker's own
// load path (workers/load-files.ts) on DuckDB-WASM, with a small limit instead of a huge file.
import { openAsBlob } from 'node:fs';
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session';
import type { InputFile } from '../../workers/api';
import type { WasmDb } from '../../workers/duckdb';
import { outOfMemory, TAB_LIMIT_BYTES, tooLargeForTab } from '../../workers/ingest';
import { loadFiles } from '../../workers/load-files';
import { openWasmDb } from './helpers/wasm-db';

const MiB = 2 ** 20;
const SAMPLE_ORDERS = 'sample-data/orders.csv'; // 4,423,822 bytes: "4 MiB"

function columnsOf(t: Table): Record<string, Float64Array | Int32Array> {
  return Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.toArray() as Float64Array | Int32Array]));
}

const small: InputFile = { table: 'orders', name: 'before.csv', source: { bytes: new TextEncoder().encode('customer_id,order_date,amount\nA,2024-01-02,10\nB,2024-01-03,20\nA,2024-02-01,5\n') } };
const sample = async (name = 'orders.csv'): Promise<InputFile> => ({ table: 'orders', name, source: { file: (await openAsBlob(SAMPLE_ORDERS)) as File } });

describe('a file over the tab\'s size limit', () => {
  let db: WasmDb;
  let session: Session;
  const hooks = { cancelled: () => false };
  const state = async () => ({
    customers: session.loaded?.model.customers,
    report: session.loaded?.model.report,
    raw: Number((await db.rows<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM raw_orders'))[0].n),
    metrics: Number((await db.rows<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM tb_metrics'))[0].n),
  });

  beforeAll(async () => {
    db = await openWasmDb();
    session = new Session(db, async (sql) => columnsOf(db.arrow(sql)));
    const r = await loadFiles(db, session, [small], { version: 1 }, hooks);
    expect(r.ok).toBe(true);
  });
  afterAll(() => db.bindings.reset?.());

  test.each([
    ['over a 1 MiB limit', 1 * MiB, 'orders.csv: 4 MiB is more than this tab can load (the limit is 1 MiB); load it with the command line instead: npm run segment -- --orders orders.csv --out customers.csv'],
    ['over a 3 MiB limit, named as the user named it', 3 * MiB, 'orders.csv: 4 MiB is more than this tab can load (the limit is 3 MiB); load it with the command line instead: npm run segment -- --orders orders.csv --out customers.csv'],
  ])('%s: refused with the limit and the command line, the data before kept', async (_, limit, message) => {
    const before = await state();
    expect(before).toMatchObject({ customers: 2, raw: 3, metrics: 2 });
    const r = await loadFiles(db, session, [await sample()], { version: 1 }, { ...hooks, limit });
    expect(r).toEqual({ ok: false, error: message });
    expect(await state()).toEqual(before);
  });

  test('under the limit the same file loads (the limit is the only reason it was refused)', async () => {
    const r = await loadFiles(db, session, [await sample()], { version: 1 }, { ...hooks, limit: 5 * MiB });
    expect(r.ok && r.value.customers).toBe(5424); // the sample's buyers (its 6,000 include customers.csv)
    expect(r.ok && Object.keys(r.value.loadTimings.phases).sort()).toEqual(['clv', 'columns', 'detect', 'metrics', 'orders', 'read', 'report', 'staging']);
    // And back to the small file, for the next case.
    expect((await loadFiles(db, session, [small], { version: 1 }, hooks)).ok).toBe(true);
  });

  test.each([
    ['DuckDB out of memory', 'Out of Memory Error: failed to allocate data of size 256.0 MiB (3.1 GiB/3.1 GiB used)', `big.csv: this tab ran out of memory loading it (files up to about 512 MiB load in the page); load it with the command line instead: npm run segment -- --orders big.csv --out customers.csv`],
    ['any other error', 'Conversion Error: x', null],
  ])('%s while loading is said as the limit: %s', (_, message, said) => {
    expect(outOfMemory({ table: 'orders', name: 'big.csv', source: { bytes: new Uint8Array(1) } }, message)).toBe(said);
  });

  test('the default limit lets a 20M-row file (494 MiB) in and refuses one of 40M rows (about 1 GiB)', () => {
    const sized = (bytes: number): InputFile => ({ table: 'orders', name: 'x.csv', source: { file: { size: bytes } as File } });
    expect(TAB_LIMIT_BYTES).toBe(512 * MiB);
    expect(tooLargeForTab(sized(494 * MiB))).toBeNull();
    expect(tooLargeForTab(sized(512 * MiB))).toBeNull();
    expect(tooLargeForTab(sized(512 * MiB + 1))).toBe('x.csv: 512.1 MiB is more than this tab can load (the limit is 512 MiB); load it with the command line instead: npm run segment -- --orders x.csv --out customers.csv');
    expect(tooLargeForTab(sized(1000 * MiB))).toBe('x.csv: 1,000 MiB is more than this tab can load (the limit is 512 MiB); load it with the command line instead: npm run segment -- --orders x.csv --out customers.csv');
  });
});
