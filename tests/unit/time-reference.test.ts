// SPEC §4a files against the independent computation (tests/reference/time.ts): seeded tables through the
// engine's functions, and the command line's files on the sample data and on Online Retail.
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { defaultConfig, type Config } from '../../src/engine/config';
import { replayModel } from '../../src/engine/pipeline';
import { cohortLines } from '../../src/engine/time/cohorts';
import { movementLines } from '../../src/engine/time/movement';
import { trendLines } from '../../src/engine/time/trend';
import { whatChangedLines } from '../../src/engine/time/what-changed';
import { segmentFiles } from '../../src/node/segment';
import { reference, type RefInput, type Row } from '../reference/spec';
import { refCohorts, refMovement, refTrend, refWhatChanged, type Period } from '../reference/time';
import { loadOrders } from './helpers/time-data';
import { parseCsvLine } from './harness';

const ONLINE_RETAIL = 'tests/fixtures/online-retail/online-retail.csv.gz';
const read = (path: string): Row[] => parse(path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path), { columns: true, skip_empty_lines: true });
const fileLines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

/** What changed: every field as the reference says; contributions (doubles) to 1e-6 of the revenue change. */
function expectWhatChanged(got: string[], now: ReturnType<typeof reference>, config: Config, baseline: string) {
  const want = refWhatChanged(now, config, baseline);
  expect(got[0]).toBe('scope,label,factor,baseline,current,contribution');
  expect(got.slice(1).map((l) => l.slice(0, l.lastIndexOf(',')))).toEqual(want.map((w) => w.line));
  got.slice(1).forEach((l, i) => {
    const c = l.slice(l.lastIndexOf(',') + 1);
    const w = want[i].contribution;
    if (w === null) expect(c, want[i].line).toBe('');
    else expect(Math.abs(Number(c) - w), `${want[i].line}: ${c} vs ${w}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w)));
  });
}

describe('seeded tables: the engine\'s four files = the independent computation', () => {
  const cases: [string, string[], string | null, string, Period][] = [
    ['a customer whose first purchase is after the baseline (absent), a returns-only customer',
      ['A,2024-01-10,100', 'A,2024-02-05,50', 'A,2024-03-01,20', 'R,2024-01-15,-30', 'N,2024-03-10,40', 'N,2024-03-11,-40', 'B,2024-02-20,10'],
      '2024-03-20', '2024-02-25', 'month'],
    ['a month with no orders and a partial last period', ['A,2023-11-03,10', 'B,2023-11-20,5', 'A,2024-01-08,7', 'C,2024-01-31,3'], '2024-02-10', '2023-12-15', 'month'],
    ['equal windows with zero revenue in one', ['A,2024-01-05,10', 'A,2024-01-06,-10', 'B,2024-02-10,8', 'A,2024-02-11,4'], '2024-03-01', '2024-02-01', 'week'],
    ['as_of moved into the past', ['A,2023-05-01,10', 'B,2023-06-01,20', 'A,2023-08-15,30', 'C,2023-12-01,40', 'B,2024-02-01,50'], '2023-10-01', '2023-07-01', 'quarter'],
    ['the default as_of', ['A,2023-05-01,10', 'B,2023-06-01,20', 'A,2023-08-15,30', 'C,2023-12-01,40', 'B,2024-02-01,50'], null, '2023-11-30', 'month'],
  ];
  test.each(cases)('%s', async (_name, rows, asOf, baseline, period) => {
    const time = { baselineAsOf: baseline, trendPeriod: period, cohortPeriod: period };
    const { db, mapping, model, config } = await loadOrders(rows, asOf, time);
    try {
      const input: RefInput = {
        orders: rows.map((r) => { const [customer_id, order_date, amount] = r.split(','); return { customer_id, order_date, amount }; }),
        roles: { orders: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount' } },
      };
      const now = reference(input, config);
      expect(model.asOf).toBe(now.asOf);
      const replay = await replayModel(db, mapping, baseline);
      expect(await movementLines(db, mapping, config, model, replay)).toEqual(refMovement(now, reference(input, { ...config, asOf: baseline }), config));
      expect(await trendLines(db, mapping, config, model)).toEqual(refTrend(input, config, now, period));
      expect(await cohortLines(db, config, model)).toEqual(refCohorts(now, period));
      expectWhatChanged(await whatChangedLines(db, config, model), now, config, baseline);
    } finally {
      db.close();
    }
  }, 60_000);
});

/** The export's column `name` by customer_id. */
function byCustomer(path: string, name: string): Map<string, string> {
  const [header, ...rows] = fileLines(path).map(parseCsvLine);
  const i = header.indexOf(name);
  return new Map(rows.map((r) => [r[0], r[i]]));
}

/**
 * The correctness point, both ways: every customer's <fw>_baseline is their <fw> in the export run
 * with --as-of at the baseline, and a customer missing from that export is `absent`.
 */
function expectBaselineColumns(withBaseline: string, atBaseline: string) {
  for (const fw of ['ladder', 'lifecycle', 'value', 'engagement', 'needs', 'satisfaction', 'nps', 'rfm_segment']) {
    const got = byCustomer(withBaseline, `${fw}_baseline`);
    const then = byCustomer(atBaseline, fw);
    for (const [id, label] of then) expect(got.get(id), `${fw} of ${id}`).toBe(label);
    for (const [id, label] of got) expect(label, `${fw} of ${id}`).toBe(then.get(id) ?? 'absent');
    expect([...got.values()].filter((l) => l === 'absent').length).toBe(got.size - then.size);
  }
}

async function cliFiles(base: Parameters<typeof segmentFiles>[0], baseline: string, period: Period) {
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-time-'));
  const f = (n: string) => join(dir, n);
  await segmentFiles({ ...base, out: f('now.csv'), baselineAsOf: baseline, trendPeriod: period, movement: f('m.csv'), trend: f('t.csv'), cohorts: f('c.csv'), whatChanged: f('w.csv') });
  await segmentFiles({ ...base, out: f('then.csv'), asOf: baseline });
  return f;
}

describe('real data: the command line\'s time files = the independent computation', () => {
  test('sample data, all four tables (baseline 2024-10-03, quarterly trend)', async () => {
    const t = (n: string) => `sample-data/${n}.csv`;
    const f = await cliFiles({ orders: t('orders'), customers: t('customers'), feedback: t('feedback'), interactions: t('interactions'), map: [] }, '2024-10-03', 'quarter');
    const input: RefInput = {
      orders: read(t('orders')), customers: read(t('customers')), feedback: read(t('feedback')), interactions: read(t('interactions')),
      roles: {
        orders: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount', order_id: 'order_id', cost: 'cost', category: 'category' },
        customers: { customer_id: 'customer_id', signup_date: 'signup_date', referred_by: 'referred_by' },
        feedback: { customer_id: 'customer_id', response_date: 'response_date', csat: 'csat', nps: 'nps' },
        interactions: { customer_id: 'customer_id', interaction_date: 'interaction_date', kind: 'kind' },
      },
    };
    const config = { ...defaultConfig(), time: { baselineAsOf: '2024-10-03', trendPeriod: 'quarter' as const, cohortPeriod: 'month' as const } };
    const now = reference(input, config);
    expect(fileLines(f('m.csv'))).toEqual(refMovement(now, reference(input, { ...config, asOf: '2024-10-03' }), config));
    expect(fileLines(f('c.csv'))).toEqual(refCohorts(now, 'month'));
    expectWhatChanged(fileLines(f('w.csv')), now, config, '2024-10-03');
    expect(fileLines(f('t.csv'))).toEqual(refTrend(input, config, now, 'quarter'));
    expectBaselineColumns(f('now.csv'), f('then.csv'));
  }, 300_000);

  test('Online Retail (baseline 2011-09-01, quarterly trend)', async () => {
    const f = await cliFiles({
      orders: ONLINE_RETAIL, amount: 'Quantity * UnitPrice',
      map: ['orders.customer_id=CustomerID', 'orders.order_date=InvoiceDate', 'orders.order_id=InvoiceNo'],
    }, '2011-09-01', 'quarter');
    const input: RefInput = { orders: read(ONLINE_RETAIL), roles: { orders: { customer_id: 'CustomerID', order_date: 'InvoiceDate', order_id: 'InvoiceNo', amount: 'Quantity * UnitPrice' } } };
    const config = { ...defaultConfig(), time: { baselineAsOf: '2011-09-01', trendPeriod: 'quarter' as const, cohortPeriod: 'month' as const } };
    const now = reference(input, config);
    expect(fileLines(f('m.csv'))).toEqual(refMovement(now, reference(input, { ...config, asOf: '2011-09-01' }), config));
    expect(fileLines(f('c.csv'))).toEqual(refCohorts(now, 'month'));
    expectWhatChanged(fileLines(f('w.csv')), now, config, '2011-09-01');
    expect(fileLines(f('t.csv'))).toEqual(refTrend(input, config, now, 'quarter'));
    expectBaselineColumns(f('now.csv'), f('then.csv'));
  }, 600_000);
});
