// Predicted value around the fit (SPEC §3a): the per-buyer inputs in SQL, the holdout window's actual
// purchases, tb_clv's bulk load, the refusal and the export's four columns. Needs no fitted model.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { readClvInputs } from '../../src/engine/clv-model';
import { loadColumns, type Db } from '../../src/engine/db';
import type { Mapping } from '../../src/engine/mapping';
import { holdoutActualSql } from '../../src/engine/sql/clv';
import { modelSql } from '../../src/engine/sql/model';
import { AS_OF_TABLES, replayPrefix, tablesAt, type ModelTables } from '../../src/engine/sql/tables';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRaw, parseCsvLine, run } from './harness';
import { CDNOW_SUMMARY, loadCdnow } from './helpers/cdnow';
import { openWasmDb } from './helpers/wasm-db';
import { stage } from '../../src/engine/pipeline';

/** The model's tables at `asOf` without the fit: what the inputs are read from. */
async function tablesOnly(db: Db, mapping: Mapping, asOf: string, tables: ModelTables = AS_OF_TABLES): Promise<void> {
  const { orders, metrics } = modelSql({ mapping, asOf, tables });
  for (const sql of [...orders, ...metrics]) await db.exec(sql);
}

async function inputsById(db: NodeDb, mapping: Mapping, tables = AS_OF_TABLES) {
  const { idx, inputs } = await readClvInputs(db, mapping, tables);
  const ids = (await db.rows<{ customer_id: string }>(`SELECT customer_id FROM ${tables.metrics} WHERE purchases > 0 ORDER BY idx`)).map((r) => r.customer_id);
  const idxs = (await db.rows<{ idx: number }>(`SELECT idx FROM ${tables.metrics} WHERE purchases > 0 ORDER BY idx`)).map((r) => r.idx);
  expect(Array.from(idx)).toEqual(idxs);
  return new Map(ids.map((id, i) => [id, { x: inputs.x[i], tx: inputs.tx[i], T: inputs.T[i], mx: inputs.mx[i] }]));
}

describe('CDNOW sample (tests/fixtures/cdnow), analysis date 1997-10-01', () => {
  let db: NodeDb;
  let mapping: Mapping;
  beforeAll(async () => {
    db = await openNodeDb();
    mapping = await loadCdnow(db);
  });
  afterAll(() => db.close());

  // Eight customers' only line is a $0.00 order: not a purchase (SPEC §2), so they are prospects here,
  // and the summary has them at x = 0, t_x = 0. Every other customer's x and t_x are the summary's.
  const ZERO_ONLY = ['0087', '0155', '0227', '0286', '1080', '1195', '1293', '2086'];

  test('x and t_x equal the published summary\'s for all 2,357 customers (the 8 with only a $0.00 order are prospects); T is tenure_days', async () => {
    await tablesOnly(db, mapping, '1997-10-01');
    const byId = await inputsById(db, mapping);
    const summary = readFileSync(CDNOW_SUMMARY, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(byId.size).toBe(2349);
    expect(summary).toHaveLength(2357);
    const prospects = await db.rows<{ customer_id: string }>(`SELECT customer_id FROM tb_metrics WHERE purchases = 0 ORDER BY 1`);
    expect(prospects.map((r) => r.customer_id)).toEqual(ZERO_ONLY);
    const wrong: string[] = [];
    for (const [id, frequency, recency, T] of summary) {
      const key = String(id).padStart(4, '0');
      if (ZERO_ONLY.includes(key)) {
        if (frequency !== 0 || recency !== 0) wrong.push(`${id}: summary ${frequency},${recency}`);
        continue;
      }
      const got = byId.get(key)!;
      // The summary's weeks are rounded to 2 places; its T ends on 1997-09-30 (the fixture README).
      if (got.x !== frequency || Math.abs(got.tx / 7 - recency) > 0.005 + 1e-9 || Math.abs((got.T - 1) / 7 - T) > 0.005 + 1e-9) wrong.push(`${id}: ${JSON.stringify(got)} vs ${frequency},${recency},${T}`);
    }
    expect(wrong).toEqual([]);
    expect([...byId.values()].filter((v) => v.x >= 1)).toHaveLength(946);
    expect([...byId.values()].every((v) => (v.x === 0 ? Number.isNaN(v.mx) : v.mx > 0))).toBe(true);
  });

  test('the holdout window from 1997-10-01 to as_of 1998-07-01: 1,882 actual purchases over the 2,349 buyers at D', async () => {
    const D = '1997-10-01';
    await tablesOnly(db, mapping, '1998-07-01');
    const atD = tablesAt(replayPrefix(D));
    await tablesOnly(db, mapping, D, atD);
    const rows = await db.rows<{ idx: number; actual: number }>(holdoutActualSql(atD, D, AS_OF_TABLES));
    expect(rows).toHaveLength(2349);
    expect(rows.reduce((s, r) => s + r.actual, 0)).toBe(1882);
  });
});

const ordersWithIds = (rows: [string, string, string, string][]) => rows.map(([customer_id, order_id, order_date, amount]) => ({ customer_id, order_id, order_date, amount }));

describe('m_x: the first purchase is the earliest; on that day, the first order key in byte order', () => {
  const cases: [string, [string, string, string, string][], { x: number; tx: number; mx: number }][] = [
    ['two orders on the first day: o1 is first, o2 repeats', [['A', 'o2', '2024-01-01', '30'], ['A', 'o1', '2024-01-01', '10'], ['A', 'o3', '2024-01-05', '50']], { x: 2, tx: 4, mx: 40 }],
    ['byte order, not alphabetical or numeric: "B10" before "B9", "Z" before "a"', [['A', 'B9', '2024-01-01', '7'], ['A', 'B10', '2024-01-01', '3']], { x: 1, tx: 0, mx: 7 }],
    ['byte order of UTF-8: "z" (7A) before "é" (C3 A9)', [['A', 'é', '2024-01-01', '5'], ['A', 'z', '2024-01-01', '9']], { x: 1, tx: 0, mx: 5 }],
    ['an order without order_id comes after those with one on its day', [['A', '', '2024-01-01', '100'], ['A', 'k', '2024-01-01', '1']], { x: 1, tx: 0, mx: 100 }],
    ['returns between purchases are not purchases: x counts purchases, m_x their values', [['A', 'o1', '2024-01-01', '10'], ['A', 'r1', '2024-01-03', '-10'], ['A', 'o2', '2024-01-05', '20'], ['A', 'o3', '2024-01-09', '0']], { x: 1, tx: 4, mx: 20 }],
    ['a return on the first day before the purchase: the purchase is first', [['A', 'a', '2024-01-01', '-4'], ['A', 'b', '2024-01-01', '6'], ['A', 'c', '2024-02-01', '12']], { x: 1, tx: 31, mx: 12 }],
    ['one purchase: x = 0, m_x NaN', [['A', 'o1', '2024-01-01', '10']], { x: 0, tx: 0, mx: NaN }],
  ];
  test.each(cases)('%s (and the same in any row order)', async (_name, rows, want) => {
    for (const order of [rows, [...rows].reverse()]) {
      const db = await openNodeDb();
      try {
        const columns = await loadRaw(db, 'orders', ordersWithIds(order));
        const mapping: Mapping = { orders: { columns, roles: { customer_id: 'customer_id', order_id: 'order_id', order_date: 'order_date', amount: 'amount' } } };
        await stage(db, mapping);
        await tablesOnly(db, mapping, '2024-12-31');
        const got = (await inputsById(db, mapping)).get('A')!;
        expect({ x: got.x, tx: got.tx, mx: got.mx }).toEqual(want);
      } finally {
        db.close();
      }
    }
  });

  test('without order_id the day is the key: one day\'s rows are one purchase', async () => {
    const db = await openNodeDb();
    try {
      const columns = await loadRaw(db, 'orders', ordersWithIds([['A', '', '2024-01-01', '30'], ['A', '', '2024-01-01', '10'], ['A', '', '2024-01-05', '50'], ['A', '', '2024-01-07', '20']]).map(({ order_id: _, ...r }) => r));
      const mapping: Mapping = { orders: { columns, roles: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount' } } };
      await stage(db, mapping);
      await tablesOnly(db, mapping, '2024-12-31');
      expect((await inputsById(db, mapping)).get('A')).toEqual({ x: 2, tx: 6, T: 365, mx: 35 });
    } finally {
      db.close();
    }
  });
});

describe('the refusal: fewer than 20 buyers with a repeat purchase', () => {
  test('the export: the four columns after the metrics, empty for everyone; value tiers by predicted_clv fall back to monetary', async () => {
    const rows = [['a', '2024-01-01', '10'], ['a', '2024-02-01', '30'], ['b', '2024-01-02', '50'], ['c', '2024-01-03', '-5'], ['d', '2024-03-01', '5']];
    const tables = { orders: rows.map(([customer_id, order_date, amount]) => ({ customer_id, order_date, amount })) };
    const byMoney = await run(tables, { value: { metric: 'monetary' } });
    const byClv = await run(tables, { value: { metric: 'predicted_clv' } });
    const header = byClv.lines[0].split(',');
    expect(header.slice(header.indexOf('referrals') + 1)).toEqual(['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv']);
    expect(byClv.lines.slice(1).map((l) => parseCsvLine(l).slice(-4))).toEqual(Array(4).fill(['', '', '', '']));
    expect(byClv.lines).toEqual(byMoney.lines);
    expect(byClv.session.predictions.summary()).toMatchObject({ ok: false, reason: 'too_few_repeat_buyers', buyers: 3, repeatBuyers: 1, horizonDays: 365, annualDiscount: 0 });
  });

  test('the summary says the tiers are cut by monetary, and the value curve and shares are monetary\'s (the Value cell says so)', async () => {
    const rows = [['a', '2024-01-01', '10'], ['a', '2024-02-01', '30'], ['b', '2024-01-02', '50'], ['c', '2024-01-03', '-5'], ['d', '2024-03-01', '5']];
    const tables = { orders: rows.map(([customer_id, order_date, amount]) => ({ customer_id, order_date, amount })) };
    const byMoney = (await run(tables, { value: { metric: 'monetary' } })).session.relabel();
    const byClv = (await run(tables, { value: { metric: 'predicted_clv' } })).session.relabel();
    expect(byMoney.value).toMatchObject({ metric: 'monetary', asked: 'monetary' });
    expect(byClv.value).toEqual({ ...byMoney.value, asked: 'predicted_clv' });
    expect(byClv.valueShares).toEqual(byMoney.valueShares);
    expect(byClv.charts.pareto).toEqual(byMoney.charts.pareto);
  });
});

describe('Db.load: columns in bulk', () => {
  const n = 100_000;
  const idx = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
  const text = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : `${i}.123456789`));
  const check = async (db: Db) => {
    await loadColumns(db, 'bulk_t', { idx, v: text });
    const [r] = await db.rows<{ n: number; s: string; nulls: number; first: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS n, CAST(sum(CAST(v AS DECIMAL(38,9))) AS VARCHAR) AS s, CAST(count(*) FILTER (WHERE v IS NULL) AS INTEGER) AS nulls, CAST(first(idx ORDER BY v NULLS LAST) AS INTEGER) AS first FROM bulk_t`);
    // Σ over i not ≡ 0 (mod 10) of i + 0.123456789.
    const whole = (n * (n - 1)) / 2 - 10 * ((n / 10) * (n / 10 - 1)) / 2;
    expect({ ...r, n: Number(r.n), nulls: Number(r.nulls), first: Number(r.first) }).toEqual({ n, s: `${whole + 11111}.111010000`, nulls: n / 10, first: n - 2 });
  };
  test('native (the appender), 100k rows', async () => {
    const db = await openNodeDb();
    try { await check(db); } finally { db.close(); }
  });
  test('the worker\'s DuckDB-WASM (a registered CSV buffer), 100k rows', async () => {
    await check(await openWasmDb());
  });
  test('a Db without it: INSERT batches, the same table', async () => {
    const db = await openNodeDb();
    try { await check({ exec: (s) => db.exec(s), rows: (s) => db.rows(s) }); } finally { db.close(); }
  });
});
