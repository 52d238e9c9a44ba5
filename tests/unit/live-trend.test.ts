// SPEC §4a trend, live: each date's counts recounted from the columns kept per date equal the SQL labels
// of the pipeline replayed at that date (what the export says with that as_of), after threshold moves and
// under a filter selecting customers by their as_of idx.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultConfig, type Config } from '../../src/engine/config';
import type { Period } from '../../src/engine/config/schema';
import { FRAMEWORKS, labelKeys, type Framework } from '../../src/engine/frameworks';
import { trendLines } from '../../src/engine/time/trend';
import { buildModel, type Model, dropReplay, replayLabelsQuery, replayModel, resolveAsOf, stage } from '../../src/engine/pipeline';
import { detectFormats } from '../../src/engine/formats';
import { guessRoles } from '../../src/engine/roles';
import type { Mapping } from '../../src/engine/mapping';
import { buildTrendDate, seriesDates, seriesLines, trendDateBytes, trendSeries, type TrendDate } from '../../src/engine/live/trend';
import { Session } from '../../src/engine/session';
import type { Summary } from '../../src/engine/session-types';
import { compactColumns, trendNeed } from '../../src/engine/live/trend-need';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';

const column = (fw: Framework) => (fw === 'rfm' ? 'rfm_segment' : fw);

let db: NodeDb;
let mapping: Mapping;
let asOf: string;
let model: Model;

beforeAll(async () => {
  db = await openNodeDb();
  mapping = {} as Mapping;
  for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) {
    const { columns } = await loadRawFile(db, t, `sample-data/${t}.csv`, {});
    (mapping as Record<string, unknown>)[t] = { columns, roles: guessRoles(t, columns).roles };
  }
  mapping = (await detectFormats(db, mapping)).mapping;
  await stage(db, mapping);
  asOf = await resolveAsOf(db, defaultConfig());
  model = await buildModel(db, mapping, asOf);
}, 60_000);
afterAll(() => db?.close());

/** Customers per label at `date` by SQL over the replayed model; `keepSql`: a condition on tb_metrics (as_of). */
const sqlCounts = (date: string, config: Config, keepSql?: string) => sqlCountsIn(db, date, config, keepSql);

async function sqlCountsIn(db: NodeDb, date: string, config: Config, keepSql?: string): Promise<Record<Framework, number[]>> {
  const replay = await replayModel(db, mapping, date);
  try {
    const sql = replayLabelsQuery(config, replay);
    const where = keepSql ? `WHERE customer_id IN (SELECT customer_id FROM tb_metrics WHERE ${keepSql})` : '';
    const out = {} as Record<Framework, number[]>;
    for (const fw of FRAMEWORKS) {
      const keys = labelKeys(fw, config);
      const rows = await db.rows<{ label: string; n: number }>(`SELECT ${column(fw)} AS label, CAST(count(*) AS INTEGER) AS n FROM (${sql}) ${where} GROUP BY 1`);
      out[fw] = keys.map((k) => Number(rows.find((r) => r.label === k)?.n ?? 0));
      expect(rows.every((r) => keys.includes(r.label)), `${fw} labels at ${date}`).toBe(true);
    }
    return out;
  } finally {
    await dropReplay(db, replay.tables);
  }
}

const moved = (): [string, Config][] => {
  const d = defaultConfig();
  return [
    ['defaults', d],
    ['loyal at 3 purchases, value 10/40, engagement window 30', { ...d, ladder: { ...d.ladder, loyalMinPurchases: 3 }, lifecycle: { ...d.lifecycle, atRiskDays: 120 }, value: { ...d.value, high: 0.1, mid: 0.4 }, engagement: { ...d.engagement, windowDays: 30, occasionalMin: 1 } }],
    ['rfm fixed cuts, value by profit absolute 500/100', { ...d, value: { metric: 'profit', mode: 'absolute', high: 500, mid: 100 }, rfm: { ...d.rfm, cuts: { r: [30, 90, 180, 365], f: [1, 2, 3, 5], m: [100, 250, 500, 1000] } } }],
  ];
};

describe.each<Period>(['quarter', 'month'])('live trend by %s equals the SQL labels replayed at every date', (period) => {
  let dates: TrendDate[];
  beforeAll(async () => {
    dates = [];
    for (const d of await seriesDates(db, asOf, period)) dates.push(await buildTrendDate(db, (sql) => db.columns(sql), mapping, d));
  }, 300_000);

  test('the series runs from the first period after the earliest order to as_of, and no replay is left in DuckDB', async () => {
    const [{ first }] = await db.rows<{ first: string }>(`SELECT strftime(min(day), '%Y-%m-%d') AS first FROM tb_orders`);
    expect(dates.at(-1)!.date).toBe(asOf);
    expect(dates[0].date > first).toBe(true);
    expect(dates.length).toBeGreaterThan(period === 'month' ? 20 : 7);
    expect((await db.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'at_%'`)).length).toBe(0);
    // The universe only grows: every date's customers map into the current ones, in order.
    for (const t of dates) for (let i = 1; i < t.cols.n; i++) expect(t.current![i] > t.current![i - 1]).toBe(true);
    const bytes = dates.reduce((s, t) => s + trendDateBytes(t), 0);
    const customerDates = dates.reduce((s, t) => s + t.cols.n, 0);
    console.log(`trend ${period}: ${dates.length} dates, ${customerDates} customer-dates, ${(bytes / customerDates).toFixed(1)} bytes per customer per date`);
  });

  const every = period === 'month' ? 6 : 1; // monthly: every sixth date and the last (SQL per date is the slow side)
  test.each(moved())('%s', async (_, config) => {
    // One series per framework over every date, sharing one scratch (as the worker does).
    const series = Object.fromEntries(FRAMEWORKS.map((fw) => [fw, trendSeries(dates, fw, config, period)]));
    for (const [k, t] of dates.entries()) {
      if (k % every !== 0 && k !== dates.length - 1) continue;
      const want = await sqlCounts(t.date, config);
      for (const fw of FRAMEWORKS) expect(series[fw].counts[k], `${fw} at ${t.date}`).toEqual(want[fw]);
    }
  }, 300_000);

  test('each framework\'s CSV is the command line\'s --trend file\'s lines of that framework, byte for byte, after a move', async () => {
    const config = { ...moved()[1][1], time: { ...defaultConfig().time, trendPeriod: period } };
    const cli = await trendLines(db, mapping, config, model);
    for (const fw of FRAMEWORKS) {
      const mine = seriesLines(trendSeries(dates, fw, config, period));
      const column = `${fw === 'rfm' ? 'rfm_segment' : fw},`;
      expect(mine, fw).toEqual([cli[0], ...cli.slice(1).filter((l) => l.startsWith(column))]);
    }
  }, 300_000);

  // The value and needs metrics choose the column a framework reads: every one of them, with a move.
  const metrics = (): [string, Config][] => {
    const d = moved()[1][1];
    return [
      ...(['monetary', 'profit', 'aov', 'purchases'] as const).map((metric): [string, Config] => [`value by ${metric}`, { ...d, value: { ...d.value, metric } }]),
      ...(['purchase_rate', 'categories', 'aov'] as const).map((metric): [string, Config] => [`needs by ${metric}`, { ...d, needs: { ...d.needs, metric, high: 2, mid: 1 } }]),
      ['rfm fixed cuts, value absolute', moved()[2][1]],
    ];
  };
  test.each(metrics())('dates keeping only the columns a framework reads count as the full ones: %s', (_, config) => {
    for (const fw of FRAMEWORKS) {
      const need = trendNeed(fw, config);
      const compact = dates.map((t) => (t.current ? { ...t, kept: need, ...compactColumns(t.cols, t.sorted, t.events, need) } : t));
      expect(trendSeries(compact, fw, config, period).counts, fw).toEqual(trendSeries(dates, fw, config, period).counts);
      const saved = compact.reduce((b, t) => b + trendDateBytes(t), 0) / dates.reduce((b, t) => b + trendDateBytes(t), 0);
      expect(saved, `${fw} keeps less than all`).toBeLessThan(fw === 'engagement' ? 0.9 : 0.5);
    }
  });

  test('under a filter (customers of even as_of idx), every framework, after a move', async () => {
    const config = moved()[1][1];
    const [{ n }] = await db.rows<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM tb_metrics`);
    const keep = new Uint8Array(Number(n)).map((_, i) => +(i % 2 === 0));
    for (const t of [dates[1], dates[Math.floor(dates.length / 2)], dates.at(-1)!]) {
      const want = await sqlCounts(t.date, config, 'idx % 2 = 0');
      for (const fw of FRAMEWORKS) expect(trendSeries([t], fw, config, period, undefined, keep).counts[0], `${fw} at ${t.date}`).toEqual(want[fw]);
    }
  }, 300_000);
});

/** The sample's four files in a database of their own, loaded through a Session under `config`. */
async function sampleSession(config: Config) {
  const sdb = await openNodeDb();
  for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) await loadRawFile(sdb, t, `sample-data/${t}.csv`, {});
  const session = new Session(sdb, (sql) => sdb.columns(sql));
  const loaded = await session.load(mapping, config);
  if (!loaded.ok) {
    sdb.close();
    throw new Error(loaded.error);
  }
  return { sdb, session, loaded };
}

describe('the session keeps one series and follows the config', () => {
  test('as_of is the last point (the cells\' counts), moves and filters follow, a new period or as_of starts over', async () => {
    const base = { ...defaultConfig(), time: { ...defaultConfig().time, trendPeriod: 'quarter' as Period } };
    const { sdb, session, loaded } = await sampleSession(base);
    try {
      const build = async (fw?: Framework) => { for (const d of (await session.trendPlan(fw)).pending) await session.buildTrendDate(d); };
      await build();
      const last = (fw: Framework, s: Summary) => s.counts[fw].map((c) => c.customers);
      const check = async (s: Summary, fw: Framework, config: Config, keepSql?: string) => {
        const got = session.trendSeries(fw);
        expect(got.counts.at(-1), `${fw}: the last point is the cell's counts`).toEqual(last(fw, s));
        const mid = Math.floor(got.dates.length / 2);
        expect(got.counts[mid], `${fw} at ${got.dates[mid]}`).toEqual((await sqlCountsIn(sdb, got.dates[mid], config, keepSql))[fw]);
        return got;
      };
      const first = await check(loaded.summary, 'ladder', base);
      expect(first.dates.at(-1)).toBe(loaded.summary.asOf);
      expect(first.period).toBe('quarter');

      const moved = { ...base, ladder: { ...base.ladder, loyalMinPurchases: 2 } };
      const r = await session.apply(moved);
      if (!r.ok) throw new Error(r.error);
      expect((await session.trendPlan()).pending).toEqual([]); // a threshold move rebuilds nothing
      const after = await check(r.summary, 'ladder', moved);
      const loyal = labelKeys('ladder', moved).indexOf('loyal');
      expect(after.counts.at(-1)![loyal]).toBeGreaterThan(first.counts.at(-1)![loyal]);

      const filtered = await session.setFilter({ dimension: 'region', values: ['East China'] });
      await check(filtered, 'lifecycle', moved, `customer_id IN (SELECT customer_id FROM stg_customers WHERE reason IS NULL AND "attr:region" = 'East China')`);
      await session.setFilter(null);

      const monthly = await session.apply({ ...moved, time: { ...moved.time, trendPeriod: 'month' } });
      if (!monthly.ok) throw new Error(monthly.error);
      const plan = await session.trendPlan();
      expect(plan.period).toBe('month');
      expect(plan.pending.length).toBe(plan.dates.length - 1); // as_of is the live model's own
      await build();
      await check(monthly.summary, 'value', moved);

      // Asking for one framework keeps only its columns: another one builds the dates again, with both.
      const compact = await session.apply({ ...moved, time: { ...moved.time, trendPeriod: 'quarter' } });
      if (!compact.ok) throw new Error(compact.error);
      const quarters = await session.trendPlan('lifecycle');
      expect(quarters.pending.length).toBe(quarters.dates.length - 1);
      for (const d of quarters.pending) await session.buildTrendDate(d);
      const lean = await check(compact.summary, 'lifecycle', moved);
      expect((await session.trendPlan('lifecycle')).pending).toEqual([]);
      expect((await session.trendPlan('engagement')).pending.length).toBe(quarters.dates.length - 1);
      expect(() => session.trendSeries('engagement')).toThrow(/not built yet|do not hold/);
      for (const d of (await session.trendPlan('engagement')).pending) await session.buildTrendDate(d);
      await check(compact.summary, 'engagement', moved);
      expect(session.trendSeries('lifecycle').counts).toEqual(lean.counts);
      expect((await session.trendPlan('lifecycle')).pending).toEqual([]);

      const past = await session.apply({ ...moved, asOf: '2025-01-01' });
      if (!past.ok) throw new Error(past.error);
      expect((await session.trendPlan()).dates.at(-1)).toBe('2025-01-01');
      await build('rfm');
      await check(past.summary, 'rfm', { ...moved, asOf: '2025-01-01' });
    } finally {
      sdb.close();
    }
  }, 300_000);

  test('a series too large for the tab is refused after its first date, naming its size and the ways out; the page keeps its state', async () => {
    const weekly = { ...defaultConfig(), time: { ...defaultConfig().time, trendPeriod: 'week' as Period } };
    const { sdb, session } = await sampleSession(weekly);
    try {
      const plan = await session.trendPlan('ladder');
      const dates = plan.dates.length - 1;
      expect(dates).toBeGreaterThan(50);
      // The limit between one date's columns and the whole series': the first date measures, the second never runs.
      session.trends.limitBytes = 2 ** 20;
      await expect(session.buildTrendDate(plan.pending[0])).rejects.toThrow(new RegExp(`^the weekly trend has ${dates} dates before the analysis date: their columns would take about \\d+ MiB in this tab \\(1 MiB a date\\), over the 1 MiB the page keeps for a trend; choose a longer period \\(time.trendPeriod: month or quarter\\), or write it with the command line: npm run segment -- --trend trend.csv$`));
      // Freed: asked again, the series starts over; the rest of the session answers as before.
      expect((await session.trendPlan('ladder')).pending.length).toBe(dates);
      const moved = await session.apply({ ...weekly, ladder: { ...weekly.ladder, loyalMinPurchases: 2 } });
      expect(moved.ok).toBe(true);
      // Under the default limit the same series is built and answered.
      session.trends.limitBytes = 1024 * 2 ** 20;
      for (const d of (await session.trendPlan('ladder')).pending) await session.buildTrendDate(d);
      const series = session.trendSeries('ladder');
      expect(series.dates.length).toBe(dates + 1);
      expect(series.bytes).toBeGreaterThan(2 ** 20);
    } finally {
      sdb.close();
    }
  }, 300_000);
});
