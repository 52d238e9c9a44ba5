// The Value cell's curve: cumulative share of revenue by buyers ranked best first. Ranked by the value
// tiers' own metric, so that at a tier's line the curve reads the revenue share the tiers' bars show (a
// newcomer saw "High value brings 50%" on the bars and ~77% at 20% on a curve still ranked by monetary).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { modelCharts, rankedPareto } from '../../src/engine/live/chart-data';
import type { Session } from '../../src/engine/session';
import type { NodeDb } from '../../src/node/duckdb';
import { sampleSession } from '../../src/node/sample-snapshot';
import { prng } from '../reference/clv';

/**
 * The definition, written plainly: buyers sorted by the metric, best first; at k% the first ceil(k·n/100)
 * buyers' revenue, where buyers tied on the metric each count for the mean revenue of their tie.
 */
function reference(rank: number[], monetary: number[]): number[] {
  const buyers = rank.map((v, i) => ({ v, m: monetary[i] })).sort((a, b) => b.v - a.v);
  const n = buyers.length;
  const total = buyers.reduce((s, b) => s + b.m, 0);
  const ties = new Map<number, { sum: number; count: number }>();
  for (const b of buyers) {
    const t = ties.get(b.v) ?? { sum: 0, count: 0 };
    t.sum += b.m;
    t.count++;
    ties.set(b.v, t);
  }
  const out = [0];
  for (let k = 1; k <= 100; k++) {
    const upTo = Math.ceil((k * n) / 100);
    let sum = 0;
    for (let j = 0; j < upTo; j++) {
      const tie = ties.get(buyers[j].v)!;
      sum += tie.sum / tie.count;
    }
    out.push(sum / total);
  }
  return out;
}

const asc = (values: number[]) => Float64Array.from(values).sort();
const ones = (n: number) => new Int32Array(n).fill(1);

describe('rankedPareto', () => {
  test.each([
    { case: 'distinct values', rank: [5, 1, 4, 2, 3], monetary: [10, 50, 20, 40, 30] },
    { case: 'a tie across the 20% line: straight across it', rank: [3, 3, 3, 1, 1, 2, 2, 2, 2, 0], monetary: [9, 1, 5, 4, 4, 7, 1, 1, 1, 20] },
    { case: 'every buyer tied', rank: [1, 1, 1, 1], monetary: [1, 2, 3, 4] },
    { case: 'one buyer', rank: [7], monetary: [12] },
    { case: 'negative revenue (refunds outweigh)', rank: [2, 1, 3], monetary: [10, -4, 6] },
  ])('$case: the definition at every whole percent', ({ rank, monetary }) => {
    const got = rankedPareto(rank, monetary, ones(rank.length), asc(rank));
    expect(got.map((p) => p.customers)).toEqual(Array.from({ length: 101 }, (_, k) => k / 100));
    const want = reference(rank, monetary);
    got.forEach((p, k) => expect(p.revenue).toBeCloseTo(want[k], 12));
  });

  test('prospects, buyers without a value and customers left out by a filter are not ranked', () => {
    const rank = [4, NaN, 3, 2, 1];
    const purchases = Int32Array.of(1, 1, 0, 1, 1);
    const keep = Uint8Array.of(1, 1, 1, 1, 0);
    const got = rankedPareto(rank, [10, 99, 99, 30, 99], purchases, asc([4, 2]), keep);
    expect(got[50].revenue).toBeCloseTo(10 / 40, 12);
    expect(got[100].revenue).toBe(1);
  });

  test('ranked by monetary itself, it is the monetary curve', () => {
    const r = prng(3);
    const monetary = Array.from({ length: 997 }, () => Math.round(r() * 5000) / 100);
    const cols = { n: 997, purchases: ones(997), monetary: Float64Array.from(monetary), recency_days: ones(997) };
    const want = modelCharts(cols as never, { monetary: asc(monetary) }).pareto;
    const got = rankedPareto(monetary, monetary, ones(997), asc(monetary));
    got.forEach((p, k) => expect(p.revenue).toBeCloseTo(want[k].revenue, 12));
  });
});

describe('the Value cell\'s curve on the sample follows the value tiers\' metric', () => {
  let db: NodeDb;
  let session: Session;
  beforeAll(async () => ({ db, session } = await sampleSession()));
  afterAll(() => db.close());

  test.each(['purchases', 'profit', 'aov', 'predicted_clv'] as const)('%s: the definition, and the high tier\'s line on it', async (metric) => {
    const out = await session.apply({ version: 1, value: { metric, mode: 'share', high: 0.2, mid: 0.3 } });
    if (!out.ok) throw new Error(out.error);
    // The predictions as the export has them (tb_clv, written when asked for).
    if (metric === 'predicted_clv') await session.exportLines();
    const col = metric === 'predicted_clv' ? 'CAST(c.predicted_clv AS DOUBLE)' : `CAST(m.${metric} AS DOUBLE)`;
    const rows = await db.rows<{ v: number | null; m: number }>(`SELECT ${col} AS v, CAST(m.monetary AS DOUBLE) AS m FROM tb_metrics m LEFT JOIN tb_clv c USING (idx) WHERE m.purchases > 0 AND ${col} IS NOT NULL ORDER BY m.customer_id`);
    const want = reference(rows.map((r) => r.v!), rows.map((r) => r.m));
    const curve = out.summary.charts.pareto;
    curve.forEach((p, k) => expect(p.revenue).toBeCloseTo(want[k], 9));
    // Where the high tier's share of buyers falls on a whole percent, the curve reads the bars' share.
    const high = out.summary.counts.value.find((c) => c.key === 'high')!.customers;
    const total = out.summary.value.revenue.slice(0, 3).reduce((a, b) => a + b, 0);
    const k = Math.round((100 * high) / rows.length);
    if (Math.ceil((k * rows.length) / 100) === high) expect(curve[k].revenue).toBeCloseTo(out.summary.value.revenue[0] / total, 9);
  });

  test('by predicted value, a cut\'s move keeps the curve; a horizon move redraws it from the new predictions', async () => {
    const predictedCurve = async () => {
      await session.exportLines();
      const rows = await db.rows<{ v: number; m: number }>(`SELECT CAST(c.predicted_clv AS DOUBLE) AS v, CAST(m.monetary AS DOUBLE) AS m FROM tb_metrics m JOIN tb_clv c USING (idx) WHERE m.purchases > 0 AND c.predicted_clv IS NOT NULL ORDER BY m.customer_id`);
      return reference(rows.map((r) => r.v), rows.map((r) => r.m));
    };
    const value = { metric: 'predicted_clv', mode: 'share', high: 0.2, mid: 0.3 } as const;
    const first = await session.apply({ version: 1, value });
    if (!first.ok) throw new Error(first.error);
    const moved = await session.apply({ version: 1, value: { ...value, high: 0.25 } });
    if (!moved.ok) throw new Error(moved.error);
    // The tiers moved, the ranking did not: the same curve, not recomputed (a drag of Value high at 1M).
    expect(moved.summary.counts.value[0].customers).toBeGreaterThan(first.summary.counts.value[0].customers);
    expect(moved.summary.charts.pareto).toBe(first.summary.charts.pareto);
    const want365 = await predictedCurve();
    moved.summary.charts.pareto.forEach((p, k) => expect(p.revenue).toBeCloseTo(want365[k], 9));
    // Thirty days ahead ranks buyers differently (recent buyers gain on old big spenders): the new curve.
    const shorter = await session.apply({ version: 1, value: { ...value, high: 0.25 }, clv: { horizonDays: 30 } });
    if (!shorter.ok) throw new Error(shorter.error);
    const want30 = await predictedCurve();
    expect(want30.some((v, k) => Math.abs(v - want365[k]) > 1e-6)).toBe(true);
    shorter.summary.charts.pareto.forEach((p, k) => expect(p.revenue).toBeCloseTo(want30[k], 9));
  });

  test('back on monetary, the curve is the monetary one again', async () => {
    const out = await session.apply({ version: 1 });
    if (!out.ok) throw new Error(out.error);
    const rows = await db.rows<{ m: number }>(`SELECT CAST(monetary AS DOUBLE) AS m FROM tb_metrics WHERE purchases > 0`);
    const want = reference(rows.map((r) => r.m), rows.map((r) => r.m));
    out.summary.charts.pareto.forEach((p, k) => expect(p.revenue).toBeCloseTo(want[k], 9));
  });
});
