// SPEC §4a's cohort and "what changed" files on small seeded tables, as a user would read them.
import { describe, expect, test } from 'vitest';
import { cohortLines } from '../../src/engine/time/cohorts';
import { whatChangedLines, whatChangedRows } from '../../src/engine/time/what-changed';
import { loadOrders } from './helpers/time-data';

const COHORT_HEADER = 'cohort,period,customers,active,customer_retention,revenue,revenue_retention,partial';

describe('cohorts (SPEC §4a)', () => {
  const cases: [string, string[], string, 'week' | 'month' | 'quarter', string[]][] = [
    ['a month with no orders, a returns-only customer outside every cohort, a partial last period',
      ['A,2024-01-10,100', 'A,2024-03-05,50', 'B,2024-01-20,40', 'B,2024-01-25,-40', 'C,2024-02-01,-10', 'D,2024-03-31,30', 'D,2024-04-02,20'],
      '2024-04-15', 'month', [
        '2024-01-01,0,2,2,1,100,1,false', '2024-01-01,1,2,0,0,0,0,false', '2024-01-01,2,2,1,0.5,50,0.5,false', '2024-01-01,3,2,0,0,0,0,true',
        '2024-03-01,0,1,1,1,30,1,false', '2024-03-01,1,1,1,1,20,0.666666667,true',
      ]],
    ['as_of on a first day: no partial period; orders on and after as_of are not seen',
      ['A,2024-01-10,100', 'A,2024-03-05,50', 'A,2024-04-01,999', 'D,2024-03-31,30'],
      '2024-04-01', 'month', ['2024-01-01,0,1,1,1,100,1,false', '2024-01-01,1,1,0,0,0,0,false', '2024-01-01,2,1,1,1,50,0.5,false', '2024-03-01,0,1,1,1,30,1,false']],
    ['a zero period-0 revenue leaves revenue retention empty',
      ['E,2024-01-05,10', 'E,2024-01-06,-10', 'E,2024-02-03,5'],
      '2024-02-10', 'month', ['2024-01-01,0,1,1,1,0,,false', '2024-01-01,1,1,1,1,5,,true']],
    ['as_of moved into the past: later cohorts vanish',
      ['A,2024-01-10,100', 'A,2024-03-05,50', 'D,2024-03-31,30'],
      '2024-02-15', 'month', ['2024-01-01,0,1,1,1,100,1,false', '2024-01-01,1,1,0,0,0,0,true']],
    ['weeks start on Monday', ['A,2024-09-29,10', 'A,2024-09-30,20', 'B,2024-10-06,5'], '2024-10-08', 'week',
      ['2024-09-23,0,1,1,1,10,1,false', '2024-09-23,1,1,1,1,20,2,false', '2024-09-23,2,1,0,0,0,0,true', '2024-09-30,0,1,1,1,5,1,false', '2024-09-30,1,1,0,0,0,0,true']],
    ['quarters', ['A,2023-12-31,10', 'A,2024-01-01,30', 'B,2024-02-01,7'], '2024-04-01', 'quarter',
      ['2023-10-01,0,1,1,1,10,1,false', '2023-10-01,1,1,1,1,30,3,false', '2024-01-01,0,1,1,1,7,1,false']],
  ];
  test.each(cases)('%s', async (_name, rows, asOf, period, want) => {
    const { db, config, model } = await loadOrders(rows, asOf, { cohortPeriod: period });
    try {
      expect(await cohortLines(db, config, model)).toEqual([COHORT_HEADER, ...want]);
    } finally {
      db.close();
    }
  });
});

describe('what changed (SPEC §4a)', () => {
  // Baseline 2024-03-01, as_of 2024-04-01: L = 31 days, windows [2024-01-30, 2024-03-01) and [2024-03-01, 2024-04-01).
  const time = { baselineAsOf: '2024-03-01' };
  test('revenue split into buyers × purchases per buyer × revenue per purchase, contributions adding up to ΔR', async () => {
    const rows = ['X,2024-01-29,999', 'X,2024-02-10,100', 'Y,2024-02-11,50', 'X,2024-03-05,60', 'X,2024-03-20,60', 'Y,2024-03-06,30', 'Z,2024-03-07,-5'];
    const { db, config, model } = await loadOrders(rows, '2024-04-01', time);
    try {
      const lines = await whatChangedLines(db, config, model, 'ladder');
      const L = -5 / Math.log(145 / 150);
      const c = (x: number) => Number((L * Math.log(x)).toFixed(9));
      expect(lines.slice(0, 5)).toEqual([
        'scope,label,factor,baseline,current,contribution',
        'all,,revenue,150,145,-5',
        'all,,buyers,2,2,0',
        `all,,purchases_per_buyer,1,1.5,${c(1.5)}`,
        `all,,revenue_per_purchase,75,48.333333333,${c(145 / 3 / 75)}`,
      ]);
      const all = await whatChangedRows(db, config, model, 'ladder');
      const sum = all.filter((r) => r.scope === 'all' && r.factor !== 'revenue').reduce((s, r) => s + Number(r.contribution), 0);
      expect(sum).toBeCloseTo(-5, 9);
      expect(all.filter((r) => r.scope === 'ladder').map((r) => r.label)).toEqual(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'].flatMap((l) => [l, l, l, l]));
      // Z (returns only) is a prospect: revenue -5 now, no buyers, factors undefined, no contributions.
      expect(lines.filter((l) => l.startsWith('ladder,prospect,'))).toEqual([
        'ladder,prospect,revenue,0,-5,-5', 'ladder,prospect,buyers,0,0,', 'ladder,prospect,purchases_per_buyer,,,', 'ladder,prospect,revenue_per_purchase,,,',
      ]);
    } finally {
      db.close();
    }
  });

  test('a window with zero revenue: factors shown, no contributions', async () => {
    const rows = ['X,2024-02-10,100', 'X,2024-02-12,-100', 'X,2024-03-05,60', 'Y,2024-03-06,30'];
    const { db, config, model } = await loadOrders(rows, '2024-04-01', time);
    try {
      expect((await whatChangedLines(db, config, model)).slice(1, 5)).toEqual([
        'all,,revenue,0,90,90', 'all,,buyers,1,2,', 'all,,purchases_per_buyer,1,1,', 'all,,revenue_per_purchase,0,45,',
      ]);
    } finally {
      db.close();
    }
  });

  test.each([
    ['2024-04-01', /^time\.baselineAsOf must be before the analysis date 2024-04-01$/],
    ['2024-05-01', /^time\.baselineAsOf must be before the analysis date 2024-04-01$/],
    [null, /^time\.baselineAsOf is not set/],
  ])('baseline %s is refused naming time.baselineAsOf', async (baselineAsOf, message) => {
    const { db, config, model } = await loadOrders(['X,2024-02-10,100'], '2024-04-01', { baselineAsOf });
    try {
      await expect(whatChangedLines(db, config, model)).rejects.toThrow(message);
    } finally {
      db.close();
    }
  });
});

describe('the dimension filter (keep, over mt and ca) selects the customers of both files', () => {
  test('only customer A: their cohort alone, their orders alone', async () => {
    const rows = ['A,2024-01-10,100', 'B,2024-01-20,40', 'A,2024-03-05,50', 'B,2024-03-06,5'];
    // Windows [2023-12-31, 2024-02-15) and [2024-02-15, 2024-04-01).
    const { db, config, model } = await loadOrders(rows, '2024-04-01', { baselineAsOf: '2024-02-15' });
    try {
      const keep = `mt.customer_id = 'A'`;
      expect(await cohortLines(db, config, model, keep)).toEqual([COHORT_HEADER, '2024-01-01,0,1,1,1,100,1,false', '2024-01-01,1,1,0,0,0,0,false', '2024-01-01,2,1,1,1,50,0.5,false']);
      expect((await whatChangedLines(db, config, model, 'value', keep)).slice(1, 3)).toEqual(['all,,revenue,100,50,-50', 'all,,buyers,1,1,0']);
    } finally {
      db.close();
    }
  });
});
