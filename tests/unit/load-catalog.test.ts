// Each load goes into a catalog of its own, compressed for large inputs, and becomes current only when it
// succeeded. Driven through the worker's load path (workers/load-files.ts) on DuckDB-WASM in Node, with a
// small compression threshold instead of a huge file: the stored form must never change an answer.
import { openAsBlob } from 'node:fs';
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session';
import { labelsQuery } from '../../src/engine/pipeline';
import type { InputFile } from '../../workers/api';
import type { WasmDb } from '../../workers/duckdb';
import { loadFiles } from '../../workers/load-files';
import { runQuery } from '../../workers/sql-cell';
import { openWasmDb } from './helpers/wasm-db';

const columnsOf = (t: Table) => Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.toArray() as Float64Array | Int32Array]));
const sample = async (): Promise<InputFile> => ({ table: 'orders', name: 'orders.csv', source: { file: (await openAsBlob('sample-data/orders.csv')) as File } });
const text = (name: string, body: string): InputFile => ({ table: 'orders', name, source: { bytes: new TextEncoder().encode(body) } });
const small = text('small.csv', 'customer_id,order_date,amount\nA,2024-01-02,10\nB,2024-01-03,20\nA,2024-02-01,5\nC,not a date,7\n');

interface Engine { db: WasmDb; session: Session }
async function engine(): Promise<Engine> {
  const db = await openWasmDb();
  return { db, session: new Session(db, async (sql) => columnsOf(db.arrow(sql))) };
}
const load = (e: Engine, files: InputFile[], o: { compressFrom?: number; partRows?: number; cancelled?: () => boolean } = {}) =>
  loadFiles(e.db, e.session, files, { version: 1 }, { cancelled: o.cancelled ?? (() => false), compressFrom: o.compressFrom, partRows: o.partRows });
const catalogs = async (e: Engine) => (await e.db.rows<{ name: string }>(`SELECT database_name AS name FROM duckdb_databases() WHERE NOT internal ORDER BY 1`)).map((r) => r.name);
const tablesIn = async (e: Engine, catalog: string) => Number((await e.db.rows<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM duckdb_tables() WHERE database_name = '${catalog}'`))[0].n);
const compressedIn = async (e: Engine, catalog: string) => (await e.db.rows<{ c: boolean }>(`SELECT bool_or(compression <> 'Uncompressed') AS c FROM pragma_storage_info('${catalog}.main.raw_orders')`))[0].c;

describe('a load stored compressed, built in parts, answers exactly as one stored plain and whole', () => {
  let plain: Engine;
  let packed: Engine;
  beforeAll(async () => {
    plain = await engine();
    packed = await engine();
    const a = await load(plain, [await sample()]);
    const b = await load(packed, [await sample()], { compressFrom: 0, partRows: 7_000 }); // the sample's 64,714 rows in 10 parts
    expect(a.ok && a.value.loadTimings.compressed).toBe(false);
    expect(b.ok && b.value.loadTimings.compressed).toBe(true);
  }, 120_000);

  test('the compressed load is compressed, the plain one is not', async () => {
    expect(await compressedIn(packed, packed.db.catalog)).toBe(true);
    expect(await compressedIn(plain, plain.db.catalog)).toBe(false);
  });

  test('in parts: staged a range of rows a statement, orders a set of customers a statement', async () => {
    expect(packed.session.partRows).toBe(7_000);
    expect(plain.session.partRows).toBeUndefined();
    const order = async (e: Engine) => (await e.db.rows<{ r: number }>('SELECT CAST(__row AS DOUBLE) AS r FROM stg_orders')).map((x) => x.r);
    expect(await order(packed)).toEqual(await order(plain)); // the same rows in the same order
  });

  test('same customers, report and export bytes', async () => {
    expect(packed.session.loaded!.model.customers).toBe(5424);
    expect(packed.session.loaded!.model.report).toEqual(plain.session.loaded!.model.report);
    expect((await packed.session.exportLines()).join('\n')).toBe((await plain.session.exportLines()).join('\n'));
    expect((await packed.session.rejectedLines('orders')).join('\n')).toBe((await plain.session.rejectedLines('orders')).join('\n'));
  });

  test('and at another analysis date (tb_orders rebuilt in parts)', async () => {
    for (const e of [plain, packed]) expect((await e.session.apply({ version: 1, asOf: '2024-07-01' })).ok).toBe(true);
    expect(packed.session.loaded!.model.customers).toBe(plain.session.loaded!.model.customers);
    expect((await packed.session.exportLines()).join('\n')).toBe((await plain.session.exportLines()).join('\n'));
  });

  test('the SQL cell, on its own connection, reads the catalog the load made current', async () => {
    const labels = labelsQuery(packed.session.config, packed.session.loaded!.model);
    const r = await runQuery(packed.db.bindings, packed.db.catalog, labels, 'SELECT count(*)::INT AS n FROM customers', 1);
    expect(r).toMatchObject({ kind: 'rows', rows: [[packed.session.loaded!.model.customers]] });
  });
});

describe('only a load that succeeded becomes current; the others leave nothing behind', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await engine();
    expect((await load(e, [await sample()], { compressFrom: 0 })).ok).toBe(true);
  }, 120_000);

  test.each([
    ['a file without rows', () => load(e, [text('empty.csv', 'customer_id,order_date,amount\n')]), 'empty.csv'],
    ['a file without an amount column', () => load(e, [text('bad.csv', 'customer_id,order_date\nA,2024-01-01\n')]), 'bad.csv'],
    ['a cancel', async () => load(e, [await sample()], { cancelled: () => true }), 'cancelled'],
  ])('%s: refused, the data before current and the new catalog detached', async (_, attempt, named) => {
    const before = { catalog: e.db.catalog, catalogs: await catalogs(e), customers: e.session.loaded!.model.customers };
    const r = await attempt();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(named);
    expect({ catalog: e.db.catalog, catalogs: await catalogs(e), customers: e.session.loaded!.model.customers }).toEqual(before);
    expect(Number((await e.db.rows<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM tb_metrics'))[0].n)).toBe(before.customers);
  });

  test('a load that succeeds replaces the one before: one catalog of data, however many loads', async () => {
    for (let i = 0; i < 3; i++) expect((await load(e, [small])).ok).toBe(true);
    const names = await catalogs(e);
    expect(names).toEqual(['memory', e.db.catalog].sort());
    expect(await tablesIn(e, 'memory')).toBe(0);
    expect(e.session.loaded!.model.customers).toBe(2);
    expect(await compressedIn(e, e.db.catalog)).toBe(false); // a small file after a large one: plain again
  });
});
