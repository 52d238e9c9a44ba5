// The orders' formats decided while staging counts what the SPEC defaults read (pipeline.ts, detectAndStage)
// give what detecting over the raw table first gave: the same mapping and decisions, the same questions,
// the same staged rows, and no column of the counting left behind; whole or in parts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { detectFormats } from '../../src/engine/formats';
import { autoRoles, TABLES, type Mapping, type TableName } from '../../src/engine/mapping';
import { detectAndStage, stage } from '../../src/engine/pipeline';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';

const dir = mkdtempSync(join(tmpdir(), 'tierbook-detect-'));
const opened: NodeDb[] = [];
afterAll(() => opened.forEach((db) => db.close()));

type Files = Partial<Record<TableName, string>>;
type Given = Partial<Record<TableName, { dateFormat?: string; numberStyle?: string; amount?: string }>>;

/** Rows of `n` lines from a function of the line number (fixed, no randomness). */
const lines = (header: string, n: number, row: (i: number) => string) => [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n') + '\n';

async function rawDb(name: string, files: Files, given: Given = {}): Promise<{ db: NodeDb; mapping: Mapping }> {
  const db = await openNodeDb();
  opened.push(db);
  const mapping = {} as Mapping;
  for (const t of TABLES) {
    if (!files[t]) continue;
    const path = join(dir, `${name}-${t}.csv`);
    writeFileSync(path, files[t]!);
    const { columns } = await loadRawFile(db, t, path);
    const g = given[t] ?? {};
    const roles = { ...autoRoles(t, columns), ...(g.amount ? { amount: g.amount } : {}) };
    (mapping as Record<string, unknown>)[t] = { columns, roles, ...(g.dateFormat ? { dateFormat: g.dateFormat } : {}), ...(g.numberStyle ? { numberStyle: g.numberStyle } : {}) };
  }
  return { db, mapping };
}

async function staged(db: NodeDb, mapping: Mapping) {
  const tables: Record<string, unknown> = {};
  for (const t of TABLES) {
    if (!mapping[t]) continue;
    const rows = await db.rows<Record<string, unknown>>(`SELECT * FROM stg_${t} ORDER BY __row`);
    tables[t] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
  }
  const [{ cols }] = await db.rows<{ cols: string }>(`SELECT string_agg(column_name, ',' ORDER BY column_index) AS cols FROM duckdb_columns() WHERE table_name = 'stg_orders'`);
  return { tables, columns: cols };
}

/** Detect over the raw tables first, then stage (the old order), in one database; the new order in another. */
async function both(name: string, files: Files, given: Given = {}, partRows?: number) {
  const a = await rawDb(`${name}-a`, files, given);
  const first = await detectFormats(a.db, a.mapping);
  if (first.questions.length === 0) await stage(a.db, first.mapping, undefined, partRows);
  const b = await rawDb(`${name}-b`, files, given);
  const phases: Record<string, number> = {};
  const folded = await detectAndStage(b.db, b.mapping, phases, partRows);
  return {
    first,
    folded,
    phases,
    staged: first.questions.length ? null : [await staged(a.db, first.mapping), await staged(b.db, folded.mapping)],
  };
}

const ISO = lines('customer_id,order_date,amount', 40, (i) => `c${i % 7},2024-0${1 + (i % 9)}-1${i % 10},${(i * 3.25).toFixed(2)}`);

describe('deciding the orders formats while staging them equals deciding first', () => {
  test.each([
    ['ISO dates and plain numbers: staged once, as the defaults read them', { orders: ISO }, {}, 'iso', 'plain'],
    ['day-first dates: decided dmy, staged again with it', { orders: lines('customer_id,order_date,amount', 40, (i) => `c${i % 5},${13 + (i % 15)}/0${1 + (i % 9)}/2024,${i}.5`) }, {}, 'dmy', 'plain'],
    ['grouped amounts ($1,234.50): decided grouped', { orders: lines('customer_id,order_date,amount', 40, (i) => `c${i % 5},2024-03-0${1 + (i % 9)},"$${1 + (i % 3)},${100 + i}.50"`) }, {}, 'iso', 'grouped'],
    ['a date column the defaults reject > 5% of, that no other reader reads: ISO, the rest rejected', { orders: lines('customer_id,order_date,amount', 40, (i) => `c${i % 5},${i % 4 === 0 ? 'soon' : `2024-02-1${i % 10}`},${i}`) }, {}, 'iso', 'plain'],
    ['blanks, text and a cost column with gaps', { orders: lines('customer_id,order_date,amount,cost', 40, (i) => `${i % 9 === 0 ? '' : `c${i % 6}`},${i % 11 === 0 ? '' : `2024-05-1${i % 10}`},${i % 13 === 0 ? 'n/a' : i * 2},${i % 3 === 0 ? '' : i}`) }, {}, 'iso', 'plain'],
    ['an amount expression over two columns, one grouped', { orders: lines('customer_id,order_date,price,quantity', 40, (i) => `c${i % 5},2024-06-0${1 + (i % 9)},"1,${200 + i}.00",${1 + (i % 4)}`) }, { orders: { amount: 'price * quantity' } }, 'iso', 'grouped'],
    ['formats given: nothing to count', { orders: lines('customer_id,order_date,amount', 20, (i) => `c${i % 5},1${i % 10}/03/2024,"1.${200 + i},50"`) }, { orders: { dateFormat: 'dmy', numberStyle: 'decimal_comma' } }, 'dmy', 'decimal_comma'],
    ['a customers table with day-first signups, decided before the orders are staged', {
      orders: ISO,
      customers: lines('customer_id,signup_date', 7, (i) => `c${i},2${i}/11/2023`),
    }, {}, 'iso', 'plain'],
  ] as const)('%s', async (name, files, given, date, style) => {
    const r = await both(name.slice(0, 12).replace(/\W/g, '_'), files, given as Given);
    expect(r.folded.questions).toEqual([]);
    expect(r.folded.mapping).toEqual(r.first.mapping);
    expect(r.folded.mapping.orders.dateFormat).toBe(date);
    const amountStyles = Object.values(r.folded.mapping.orders.numberStyles ?? { x: r.folded.mapping.orders.numberStyle });
    expect(amountStyles).toContain(style);
    const [a, b] = r.staged!;
    expect(b.columns).not.toMatch(/probe/);
    expect(b).toEqual(a);
    expect(Object.keys(r.phases)).toEqual(expect.arrayContaining(['detect', 'staging']));
  });

  test('staged in parts (a compressed load) the same', async () => {
    const r = await both('parts', { orders: lines('customer_id,order_date,amount', 50, (i) => `c${i % 6},${i % 10 === 0 ? 'x' : `2024-07-1${i % 10}`},${i}`) }, {}, 7);
    expect(r.folded.mapping).toEqual(r.first.mapping);
    const [a, b] = r.staged!;
    expect(b).toEqual(a);
  });

  test('ambiguous dates are the same question, the orders before the customers', async () => {
    const ambiguous = lines('customer_id,order_date,amount', 30, (i) => `c${i % 5},0${1 + (i % 9)}/0${1 + ((i + 3) % 9)}/2024,${i}`);
    const customers = lines('customer_id,signup_date', 5, (i) => `c${i},0${1 + i}/0${3 + i}/2023`);
    for (const files of [{ orders: ambiguous }, { orders: ambiguous, customers }, { orders: ISO, customers }]) {
      const r = await both('ambiguous', files);
      expect(r.first.questions.length).toBeGreaterThan(0);
      expect(r.folded.questions).toEqual(r.first.questions);
    }
  });
});
