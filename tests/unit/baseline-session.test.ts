// SPEC §6 revision 2 through the Session: with time.baselineAsOf set the export carries baseline_as_of and
// each framework's label at that date (absent outside its universe); one replay, kept and dropped as it should.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRaw, orders, parseCsvLine } from './harness';

let db: NodeDb;
let session: Session;
const replays = async () => (await db.rows<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE table_name LIKE 'at_%tb_metrics' ORDER BY 1`)).map((r) => r.t);

beforeAll(async () => {
  db = await openNodeDb();
  const columns = await loadRaw(db, 'orders', orders(
    ['a', '2024-01-01', '10'], ['a', '2024-01-05', '10'], ['a', '2024-01-09', '10'], ['a', '2024-01-20', '10'],
    ['b', '2024-01-02', '50'], ['=c', '2024-01-03', '-5'], ['d', '2024-01-15', '7'],
  ));
  session = new Session(db, (sql) => db.columns(sql));
  const r = await session.load({ orders: { columns, roles: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount' } } }, { version: 1 });
  expect(r.ok).toBe(true);
});
afterAll(() => db.close());

const table = (lines: string[]) => lines.map(parseCsvLine);
const column = (lines: string[], name: string) => { const t = table(lines); const i = t[0].indexOf(name); return t.slice(1).map((r) => r[i]); };

describe('the export with a baseline', () => {
  test('without a baseline: no baseline columns and no replay', async () => {
    const lines = await session.exportLines();
    expect(lines[0]).not.toContain('baseline');
    expect(await session.baseline()).toBeNull();
    expect(await replays()).toEqual([]);
  });

  test('baseline 2024-01-10: the columns follow the metrics, each customer labelled as at that date', async () => {
    expect((await session.apply({ version: 1, time: { baselineAsOf: '2024-01-10' } })).ok).toBe(true);
    const lines = await session.exportLines();
    const header = lines[0].split(',');
    expect(header.slice(header.indexOf('referrals') + 1)).toEqual(['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv', 'baseline_as_of', 'ladder_baseline', 'lifecycle_baseline', 'value_baseline', 'engagement_baseline', 'needs_baseline', 'satisfaction_baseline', 'nps_baseline', 'rfm_segment_baseline']);
    expect(column(lines, 'customer_id')).toEqual(["'=c", 'a', 'b', 'd']);
    expect(column(lines, 'baseline_as_of')).toEqual(['2024-01-10', '2024-01-10', '2024-01-10', '2024-01-10']);
    // On 2024-01-10 a had 3 purchases (repeat), b one, =c only a return (a prospect), d was not yet a customer.
    expect(column(lines, 'ladder_baseline')).toEqual(['prospect', 'repeat', 'first_time', 'absent']);
    expect(column(lines, 'ladder')).toEqual(['prospect', 'loyal', 'first_time', 'first_time']);
    expect(column(lines, 'rfm_segment_baseline')[3]).toBe('absent');
    expect(await replays()).toEqual(['at_20240110_tb_metrics']);
  });

  test('the bundle carries the same export and the baseline model\'s SQL', async () => {
    const files = unzipSync(await session.exportBundle());
    expect(strFromU8(files['tierbook-export/customers.csv'])).toBe(`${(await session.exportLines()).join('\n')}\n`);
    expect(strFromU8(files['tierbook-export/sql/2-model-baseline.sql'])).toContain('CREATE OR REPLACE TABLE at_20240110_tb_metrics');
  });

  test('a threshold move keeps the replay; a new baseline date replaces it; none drops it', async () => {
    // Two callers at once (the export and the movement cell) share one build.
    const [first, again] = await Promise.all([session.baseline(), session.baseline()]);
    expect(again).toBe(first);
    await session.apply({ version: 1, ladder: { loyalMinPurchases: 3 }, time: { baselineAsOf: '2024-01-10' } });
    expect(await session.baseline()).toBe(first);
    expect(column(await session.exportLines(), 'ladder_baseline')).toEqual(['prospect', 'loyal', 'first_time', 'absent']);
    await session.apply({ version: 1, time: { baselineAsOf: '2024-01-02' } });
    expect(column(await session.exportLines(), 'ladder_baseline')).toEqual(['absent', 'first_time', 'absent', 'absent']);
    expect(await replays()).toEqual(['at_20240102_tb_metrics']);
    await session.apply({ version: 1 });
    expect(await session.baseline()).toBeNull();
    expect(await replays()).toEqual([]);
  });

  // SPEC §5: in the page the views needing the baseline stay empty while the rest of the config applies
  // (the command line refuses it, tests/unit/time-cli.test.ts).
  test('a baseline not before as_of: the page export applies the rest of the config, without baseline columns', async () => {
    await session.apply({ version: 1, ladder: { loyalMinPurchases: 2 } });
    const without = await session.exportLines();
    await session.apply({ version: 1, ladder: { loyalMinPurchases: 2 }, time: { baselineAsOf: '2024-01-21' } });
    await expect(session.baseline()).rejects.toThrow('time.baselineAsOf must be before the analysis date 2024-01-21');
    expect(await session.exportLines()).toEqual(without);
    expect(without[0]).not.toContain('baseline');
    await session.apply({ version: 1 });
  });
});
