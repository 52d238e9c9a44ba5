import { describe, expect, test } from 'vitest';
import { orders, run } from './harness';

describe('chart aggregates from the live columns', () => {
  test('value tiers: interpolated cut values and revenue per tier', async () => {
    const r = await run({ orders: orders(['a', '2024-01-01', '10'], ['b', '2024-01-01', '20'], ['c', '2024-01-01', '30'], ['d', '2024-01-01', '40'], ['e', '2024-01-01', '50'], ['p', '2024-01-01', '-7']) });
    const s = r.session.relabel();
    expect(s.value.highCut).toBeCloseTo(42, 12); // 40 + 0.2 * (50 - 40)
    expect(s.value.midCut).toBe(30);
    expect(s.value.revenue).toEqual([50, 70, 30, -7]); // high, mid, low, prospect
  });
  test('rfm heat: every buyer in one of 25 cells, with the mean monetary', async () => {
    const r = await run({ orders: orders(['a', '2024-01-01', '10'], ['b', '2024-01-02', '20'], ['c', '2024-01-03', '30'], ['c', '2024-01-04', '30'], ['p', '2024-01-01', '-1']) });
    const s = r.session.relabel();
    expect(s.rfm.cells).toHaveLength(25);
    expect(s.rfm.cells.reduce((a, c) => a + c.customers, 0)).toBe(3);
    const c = r.byId.c;
    expect(s.rfm.cells.find((x) => x.r === Number(c.r) && x.f === Number(c.f))).toMatchObject({ customers: 1, meanMonetary: 60 });
  });
  test('model charts: recency histogram of buyers, Pareto from 0 to 100%', async () => {
    const r = await run({ orders: orders(['a', '2024-01-01', '90'], ['b', '2024-03-01', '10'], ['p', '2024-03-01', '-1']) });
    const { recency, pareto } = r.session.relabel().charts;
    expect(recency.reduce((a, b) => a + b.customers, 0)).toBe(2);
    expect(recency[0]).toEqual({ from: 1, to: 30, customers: 1 }); // b: 1 day
    expect(recency[2]).toEqual({ from: 61, to: 90, customers: 1 }); // a: 61 days
    expect(pareto[0]).toEqual({ customers: 0, revenue: 0 });
    expect(pareto[50]).toEqual({ customers: 0.5, revenue: 0.9 });
    expect(pareto[100]).toEqual({ customers: 1, revenue: 1 });
  });
});
