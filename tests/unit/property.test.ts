// Random small datasets and configs: the engine (SQL export and live recount) must agree with the
// independent reference in tests/reference on every SPEC column and every load-report count.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { exportRow, reference, type RefInput } from '../reference/spec';
import { run, type Row } from './harness';
import { config, dataset } from './helpers/random-data';

let db: NodeDb;
beforeAll(async () => { db = await openNodeDb(); });
afterAll(() => db.close());

describe('engine = reference on random data', () => {
  test('every SPEC column of every customer, and every report count', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, config, async (data, cfg) => {
        const parsed = parseConfig({ version: 1, ...cfg });
        if (!parsed.ok) throw new Error(parsed.error);
        const tables = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as unknown as { orders: Row[] };
        const roles: RefInput['roles'] = {
          orders: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount', order_id: 'order_id', cost: 'cost', category: 'category' },
          ...(data.customers && { customers: { customer_id: 'customer_id', signup_date: 'signup_date', referred_by: 'referred_by' } }),
          ...(data.feedback && { feedback: { customer_id: 'customer_id', response_date: 'response_date', csat: 'csat', nps: 'nps' } }),
          ...(data.interactions && { interactions: { customer_id: 'customer_id', interaction_date: 'interaction_date', kind: 'kind' } }),
        };
        const want = reference({ ...(tables as RefInput), roles }, parsed.config);
        if (!want.asOf) return; // no usable order at all: nothing to compare
        const got = await run(tables as never, cfg, {}, db);
        expect(got.asOf).toBe(want.asOf);
        expect(got.rows.map((r) => got.header.slice(0, 17).map((k) => r[k]))).toEqual(want.customers.map(exportRow));
        for (const t of Object.values(got.report)) {
          const flat: Record<string, number> = { ...t.rejected, ...t.ignored };
          if (t.used) flat.used = t.used;
          expect(flat, `${t.table} report`).toEqual(want.report[t.table] ?? {});
        }
      }),
      { numRuns: 150, seed: 20241231 },
    );
  }, 300_000); // 150 whole runs: about 30 s on a quiet machine, minutes on a busy one (a correctness test, not a timing)
});
