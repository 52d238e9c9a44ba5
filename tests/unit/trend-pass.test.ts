// SPEC §4a trend: the one-pass trend (sql/trend-pass.ts, live/trend-pass.ts) gives every date exactly the
// columns the pipeline replayed at that date gives (replayModel: what the export says with that as_of), on
// seeded random data with refunds, zero-value orders, order ids repeated across dates, orders without an id,
// customers who sign up or first buy after a date, dates before any order and months without orders.
import { afterEach, describe, expect, test } from 'vitest';
import { defaultConfig } from '../../src/engine/config';
import { FRAMEWORKS } from '../../src/engine/frameworks';
import { detectFormats } from '../../src/engine/formats';
import { metricColumnsSql, METRIC_COLUMNS, sortMetrics, sortTouchEvents, toMetricColumns, touchEventsUnsortedSql } from '../../src/engine/live/columns';
import { buildTrendPass, passDate } from '../../src/engine/live/trend-pass';
import { trendSeries, type TrendDate } from '../../src/engine/live/trend';
import { trendNeed } from '../../src/engine/live/trend-need';
import { autoRoles, TABLES, type Mapping } from '../../src/engine/mapping';
import { buildModel, dropReplay, replayModel, stage } from '../../src/engine/pipeline';
import { addDays } from '../../src/engine/time/periods';
import { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRaw, type Row, type Tables } from './harness';
import { prng as rng } from '../reference/clv';

const START = '2023-01-01';
interface Shape { orderIds: boolean; referrals: 'referred_by' | 'referrals'; flips: boolean }

/**
 * ~40 customers over ~300 days with a gap of two months without orders. Orders: refunds (negative),
 * zero-value ones, a third without an order id (a day's rows are the order), and ids repeated on a
 * later day (a second piece; with `flips` some bring the order to <= 0: no longer a purchase).
 */
function data(seed: number, shape: Shape): Tables {
  const r = rng(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const money = () => (r() < 0.1 ? '0' : (r() < 0.15 ? '-' : '') + (Math.floor(r() * 20000) / 100).toFixed(2));
  const dayOf = () => { let d = Math.floor(r() * 300); if (d >= 120 && d < 180) d += 60; return addDays(START, d); };
  const orders: Row[] = [], customers: Row[] = [], feedback: Row[] = [], interactions: Row[] = [];
  let seq = 0;
  for (let c = 1; c <= 40; c++) {
    const id = `C${String(c).padStart(2, '0')}`;
    const signup = r() < 0.2 ? '' : addDays(START, Math.floor(r() * 330) - 20);
    const cust: Row = { customer_id: id, signup_date: signup, region: pick(['N', 'S']) };
    if (shape.referrals === 'referred_by') cust.referred_by = c > 3 && r() < 0.4 ? `C${String(1 + Math.floor(r() * (c - 1))).padStart(2, '0')}` : '';
    else cust.referrals = r() < 0.5 ? String(Math.floor(r() * 4)) : '';
    if (r() < 0.9) customers.push(cust);
    const n = r() < 0.15 ? 0 : 1 + Math.floor(r() * 7);
    for (let k = 0; k < n; k++) {
      const day = dayOf();
      const orderId = shape.orderIds && r() < 0.7 ? `O${++seq}` : '';
      for (let line = 0, lines = 1 + Math.floor(r() * 3); line < lines; line++)
        orders.push({ order_id: orderId, customer_id: id, order_date: day, amount: money(), cost: r() < 0.2 ? '' : (r() * 50).toFixed(2), category: r() < 0.2 ? '' : pick(['a', 'b', 'c', 'd']), channel: pick(['web', 'store']) });
      if (orderId && r() < 0.3) {
        // The same order id on a later day: a second piece (a late line, or a refund of the order).
        const late = addDays(day, 1 + Math.floor(r() * 90));
        const amount = shape.flips && r() < 0.5 ? '-500.00' : (Math.floor(r() * 9000) / 100 + 0.01).toFixed(2);
        orders.push({ order_id: orderId, customer_id: id, order_date: late, amount, cost: '1.00', category: pick(['a', 'e']), channel: 'web' });
      }
    }
    for (let k = 0, m = Math.floor(r() * 3); k < m; k++)
      feedback.push({ customer_id: id, response_date: dayOf(), csat: r() < 0.2 ? '' : (1 + r() * 4).toFixed(1), nps: r() < 0.2 ? '' : String(Math.floor(r() * 11)) });
    for (let k = 0, m = Math.floor(r() * 4); k < m; k++)
      interactions.push({ customer_id: id, interaction_date: dayOf(), kind: pick(['visit', 'email', 'Complaint']) });
  }
  return { orders, customers, feedback, interactions };
}

let db: NodeDb | undefined;
afterEach(() => { db?.close(); db = undefined; });

async function load(tables: Tables): Promise<Mapping> {
  db = await openNodeDb();
  const mapping = {} as Mapping;
  for (const t of TABLES) {
    const rows = tables[t];
    if (!rows?.length) continue;
    const columns = await loadRaw(db, t, rows);
    (mapping as Record<string, unknown>)[t] = { columns, roles: autoRoles(t, columns) };
  }
  const { mapping: detected } = await detectFormats(db, mapping);
  await stage(db, detected);
  return detected;
}

const read = (sql: string) => db!.columns(sql);

/** The replay's columns at `date`, as buildTrendDate reads them (predicted_clv aside: no fit here). */
async function replayed(mapping: Mapping, date: string): Promise<TrendDate> {
  const replay = await replayModel(db!, mapping, date);
  try {
    const n = replay.customers;
    const cols = toMetricColumns(n, await read(metricColumnsSql(replay.tables)));
    const ev = await read(touchEventsUnsortedSql(replay.tables));
    const current = Int32Array.from((await read(`SELECT m.idx AS idx FROM ${replay.tables.metrics} r JOIN tb_metrics m USING (customer_id) ORDER BY r.idx`)).idx);
    return { date, cols, events: sortTouchEvents(ev.idx, ev.days_before, n), sorted: sortMetrics(cols), current, kept: null };
  } finally {
    await dropReplay(db!, replay.tables);
  }
}

/** A date's columns as plain arrays (NaN compared as equal). */
const plain = (t: TrendDate) => ({
  n: t.cols.n,
  current: [...t.current!],
  ...Object.fromEntries(METRIC_COLUMNS.map((c) => [c, [...t.cols[c]]])),
  events: [[...t.events.idx], [...t.events.daysBefore]],
  sorted: Object.fromEntries(Object.entries(t.sorted).filter(([k]) => k !== 'predicted_clv').map(([k, v]) => [k, [...v]])),
});

const SHAPES: [string, Shape][] = [
  ['order ids, referred_by', { orderIds: true, referrals: 'referred_by', flips: false }],
  ['no order ids, customers.referrals', { orderIds: false, referrals: 'referrals', flips: false }],
];

describe.each(SHAPES)('the trend pass equals a replay at every date (%s)', (_, shape) => {
  test.each([1, 2, 3])('seed %i', async (seed) => {
    const mapping = await load(data(seed * 7919 + (shape.orderIds ? 1 : 2), shape));
    const asOf = '2024-01-15';
    const model = await buildModel(db!, mapping, asOf);
    // Before any order, in the gap without orders, on an order's day, the day before as_of.
    const dates = ['2022-12-01', START, '2023-02-01', '2023-06-15', '2023-07-01', '2023-08-20', '2023-11-02', '2024-01-14'];
    const pass = await buildTrendPass(db!, read, mapping, dates, model.customers);
    expect(pass, 'no order of this data stops being a purchase').not.toBeNull();
    expect((await db!.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'tr_%'`)).length).toBe(0);
    let seen = 0;
    for (const date of dates) {
      const want = await replayed(mapping, date);
      const got = passDate(pass!, date, null);
      expect(plain(got), date).toEqual(plain(want));
      seen += got.cols.n;
      // Only what a framework reads kept: its counts under a moved config equal the full columns'.
      const config = { ...defaultConfig(), ladder: { ...defaultConfig().ladder, loyalMinPurchases: 2 }, value: { ...defaultConfig().value, metric: 'aov' as const } };
      for (const fw of FRAMEWORKS) {
        const lean = passDate(pass!, date, trendNeed(fw, config));
        expect(trendSeries([lean], fw, config, 'month').counts, `${fw} at ${date}`).toEqual(trendSeries([want], fw, config, 'month').counts);
      }
    }
    expect(seen).toBeGreaterThan(0);
  }, 60_000);
});

describe('an order that stops being a purchase at a later date', () => {
  test('the pass refuses the data, and the session replays each date instead (same counts as the replays)', async () => {
    const o = (order_id: string, customer_id: string, order_date: string, amount: string): Row => ({ order_id, customer_id, order_date, amount });
    // O1 is a purchase from January to April, then its refund (same id) brings it to 0: from May on C1 is a prospect again.
    const mapping = await load({ orders: [o('O1', 'C1', '2023-01-10', '10'), o('O1', 'C1', '2023-05-10', '-10'), o('O2', 'C2', '2023-02-03', '5'), o('O3', 'C2', '2023-06-07', '7')] });
    const model = await buildModel(db!, mapping, '2023-08-01');
    expect(await buildTrendPass(db!, read, mapping, ['2023-03-01', '2023-06-01'], model.customers)).toBeNull();
    expect((await db!.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'tr_%'`)).length).toBe(0);
    // Dates in one bucket between the two pieces: the pass serves them.
    expect(await buildTrendPass(db!, read, mapping, ['2023-03-01'], model.customers)).not.toBeNull();
    const session = new Session(db!, read);
    const loaded = await session.load(mapping, { ...defaultConfig(), asOf: '2023-08-01' });
    if (!loaded.ok) throw new Error(loaded.error);
    for (const d of (await session.trendPlan('ladder')).pending) await session.buildTrendDate(d);
    const series = session.trendSeries('ladder');
    expect(series.dates).toEqual(['2023-02-01', '2023-03-01', '2023-04-01', '2023-05-01', '2023-06-01', '2023-07-01', '2023-08-01']);
    // prospect, first_time, repeat, loyal, advocate
    expect(series.counts).toEqual([[0, 1, 0, 0, 0], [0, 2, 0, 0, 0], [0, 2, 0, 0, 0], [0, 2, 0, 0, 0], [1, 1, 0, 0, 0], [1, 0, 1, 0, 0], [1, 0, 1, 0, 0]]);
  }, 60_000);
});
