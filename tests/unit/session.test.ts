// What recomputes when: a threshold move runs no SQL at all; as_of rebuilds the model, never staging;
// an invalid config changes nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../src/engine/db';
import { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRaw, orders } from './harness';

let native: NodeDb;
const statements: string[] = [];
let session: Session;

beforeAll(async () => {
  native = await openNodeDb();
  const columns = await loadRaw(native, 'orders', orders(
    ['a', '2024-01-01', '10'], ['a', '2024-01-05', '10'], ['a', '2024-01-09', '10'], ['a', '2024-01-20', '10'],
    ['b', '2024-01-02', '50'], ['c', '2024-01-03', '-5'],
  ));
  const counting: Db = {
    exec: (sql) => { statements.push(sql); return native.exec(sql); },
    rows: (sql) => { statements.push(sql); return native.rows(sql); },
  };
  session = new Session(counting, (sql) => { statements.push(sql); return native.columns(sql); });
  const r = await session.load({ orders: { columns, roles: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount' } } }, { version: 1 });
  expect(r.ok).toBe(true);
});
afterAll(() => native.close());

const ladder = (s: { counts: Record<string, { key: string; customers: number }[]> }) =>
  Object.fromEntries(s.counts.ladder.map((x) => [x.key, x.customers]));

describe('session', () => {
  test('a threshold move relabels from the columns without a single SQL statement', async () => {
    statements.length = 0;
    const r = await session.apply({ version: 1, ladder: { loyalMinPurchases: 5 } });
    expect(r.ok && ladder(r.summary)).toEqual({ prospect: 1, first_time: 1, repeat: 1, loyal: 0, advocate: 0 });
    expect(statements).toEqual([]);
  });
  test('moving as_of rebuilds the model from staging, and never re-reads the files', async () => {
    statements.length = 0;
    const r = await session.apply({ version: 1, asOf: '2024-01-10' });
    expect(r.ok && r.summary.asOf).toBe('2024-01-10');
    expect(r.ok && ladder(r.summary)).toEqual({ prospect: 1, first_time: 1, repeat: 1, loyal: 0, advocate: 0 });
    expect(statements.some((s) => s.includes('CREATE OR REPLACE TABLE tb_metrics'))).toBe(true);
    expect(statements.some((s) => s.includes('stg_orders AS') || s.includes('raw_orders" AS'))).toBe(false);
  });
  test('an invalid config is refused whole and the current config stays in force', async () => {
    const before = session.config;
    const r = await session.apply({ version: 1, asOf: '2024-01-21', lifecycle: { atRiskDays: 500 } });
    expect(r).toEqual({ ok: false, error: 'lifecycle.atRiskDays must be less than lifecycle.churnDays' });
    expect(session.config).toBe(before);
    expect(session.relabel().asOf).toBe('2024-01-10');
  });
  test('a move relabels only the framework whose section changed, with the same result as relabelling all', async () => {
    const moved = await session.apply({ version: 1, asOf: '2024-01-10', ladder: { loyalMinPurchases: 2 } });
    expect(moved.ok && moved.summary.relabelled).toBe(1);
    const d = session.loaded!;
    const partial = Object.fromEntries(Object.entries(d.out.labels).map(([k, v]) => [k, Array.from(v)]));
    d.labelledWith = {};
    const full = session.relabel();
    expect(full.relabelled).toBe(8);
    expect(Object.fromEntries(Object.entries(d.out.labels).map(([k, v]) => [k, Array.from(v)]))).toEqual(partial);
    expect(moved.ok && moved.summary.counts).toEqual(full.counts);
  });
});
