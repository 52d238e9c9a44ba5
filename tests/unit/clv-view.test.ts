// The Predicted value cell's distribution: every buyer counted once, in nice bands up to the 99th
// percentile, the top 1% in one tail bar; prospects (NaN) not counted.
import { describe, expect, it } from 'vitest';
import { clvDistribution, niceStep, pAliveMatrix, rankValue } from '../../src/engine/clv/view';
import { distributionAndTop, topIndices } from '../../src/engine/clv/panel';

describe('nice steps: 1, 2 or 5 times a power of ten', () => {
  it.each([
    [100, 10, 10], [95, 10, 10], [101, 10, 20], [3, 30, 0.1], [7000, 30, 500], [0, 30, 1],
  ])('span %d in %d bars: %d', (span, bins, step) => expect(niceStep(span, bins)).toBeCloseTo(step, 12));
});

describe('the predicted CLV distribution', () => {
  it('counts every buyer once; prospects are not buyers', () => {
    const values = [NaN, 0, 5, 12, 12.5, 99, NaN, 40];
    const d = clvDistribution(values, 10);
    expect(d.buyers).toBe(6);
    expect(d.bins.reduce((s, b) => s + b.customers, 0) + (d.tail?.customers ?? 0)).toBe(6);
    expect(d.total).toBeCloseTo(168.5, 9);
    for (const [i, b] of d.bins.entries()) if (i) expect(b.lo).toBe(d.bins[i - 1].hi);
  });
  it('puts the top 1% in one tail bar after bands of nice width', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 990 ? i / 10 : 10_000 + i));
    const d = clvDistribution(values, 20);
    expect(d.bins[0].lo).toBe(0);
    expect(d.bins[0].hi - d.bins[0].lo).toBe(5);
    expect(d.tail).toEqual({ from: d.bins.at(-1)!.hi, customers: 10, max: 10_999 });
    expect(d.bins.reduce((s, b) => s + b.customers, 0)).toBe(990);
  });
  it('no buyers: no bars', () => expect(clvDistribution([NaN, NaN])).toEqual({ bins: [], tail: null, buyers: 0, total: 0 }));
  it('does not depend on the order of the values', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
    expect(clvDistribution([...values].reverse(), 5)).toEqual(clvDistribution(values, 5));
  });
});

describe('the distribution without a sort: the 99th percentile selected, the filter applied', () => {
  // An independent reference: sort, then read the same positions.
  const reference = (values: number[], bins: number) => {
    const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const p99 = v[Math.min(v.length - 1, Math.floor(0.99 * (v.length - 1)))];
    const step = niceStep(p99 - Math.min(0, v[0]), bins);
    return { p99, step, max: v[v.length - 1], n: v.length };
  };
  it.each([1, 2, 7, 100, 101, 5000])('%d seeded values with ties and NaN: bars, tail and max as the sorted reference', (n) => {
    let s = n;
    const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = Array.from({ length: n }, () => (next() < 0.1 ? NaN : Math.round(next() ** 4 * 1e5) / 100));
    const d = clvDistribution(values, 20);
    const r = reference(values, 20);
    expect(d.buyers).toBe(r.n);
    if (!r.n) return;
    expect(d.bins[1] ? d.bins[1].lo - d.bins[0].lo : r.step).toBeCloseTo(r.step, 12);
    const inBars = values.filter((x) => x < d.bins.at(-1)!.hi).length;
    expect(d.bins.reduce((t, b) => t + b.customers, 0)).toBe(inBars);
    expect(d.tail ? d.tail.customers : 0).toBe(r.n - inBars);
    if (d.tail) expect(d.tail.max).toBe(r.max);
    expect(d.bins.at(-1)!.hi).toBeGreaterThan(r.p99);
  });
  it('the filter keeps only its customers', () => {
    const values = [1, 2, 3, 4, 500];
    const keep = Uint8Array.of(1, 0, 1, 1, 0);
    expect(clvDistribution(values, 10, keep)).toEqual(clvDistribution([1, NaN, 3, 4, NaN], 10));
  });
});

describe('rankValue: the value at a rank, selected among the largest only, as a sort would read it', () => {
  const sorted = (values: ArrayLike<number>, keep?: Uint8Array) => Array.from(values).filter((x, i) => !Number.isNaN(x) && (!keep || keep[i])).sort((a, b) => a - b);
  const seeded = (seed: number) => { let s = seed; return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648); };
  const shapes: [string, (next: () => number, i: number) => number][] = [
    ['a long right tail', (next) => next() ** 6 * 1e6],
    ['heavy ties', (next) => Math.floor(next() * 5)],
    ['all equal', () => 42],
    ['NaN for a third', (next) => (next() < 0.33 ? NaN : next() * 100)],
    // At 123,457 values the sample reads every 15th row: here all large, the rest small, so the sample's
    // bound is far too high for the middle ranks and the copy must answer.
    ['a sample that sees only the top', (next, i) => (i % 15 === 0 ? 1000 + next() : next())],
  ];
  it.each(shapes.flatMap(([name, f]) => [30_000, 123_457].map((n) => [name, n, f] as const)))('%s, %d values, with and without a filter', (_, n, f) => {
    const next = seeded(n);
    const values = Float64Array.from({ length: n }, (_, i) => f(next, i));
    const keep = Uint8Array.from({ length: n }, () => (next() < 0.7 ? 1 : 0));
    for (const k of [undefined, keep]) {
      const ref = sorted(values, k);
      for (const share of [0, 0.5, 0.9, 0.99, 1]) {
        const at = Math.min(ref.length - 1, Math.floor(share * (ref.length - 1)));
        expect(rankValue(values, k, ref.length, at)).toBe(ref[at]);
      }
    }
  });
});

describe('the panel\'s distribution and top ten in two passes are clvDistribution\'s and topIndices\'', () => {
  const seeded = (seed: number) => { let s = seed; return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648); };
  const shapes: [string, (next: () => number, i: number) => number][] = [
    ['a long right tail with prospects', (next) => (next() < 0.1 ? NaN : next() ** 6 * 1e6)],
    ['heavy ties at the top', (next) => (next() < 0.05 ? 500 : Math.floor(next() * 100))],
    ['a sample that sees only the top', (next, i) => (i % 15 === 0 ? 1000 + next() : next())],
    ['three far above, every other value tied', (_next, i) => (i < 3 ? 1e9 + i : 1)],
    // The bars are guessed from the sample before the pass: a guess the exact bars prove wrong must not show.
    ['the 99th percentile on the edge between two steps', (next) => next() * 1515.1515],
    ['values below zero', (next) => (next() - 0.2) * 300],
    ['a far minimum the sample misses', (next, i) => (i === 4321 ? -1e6 : next() * 100)],
    ['a minimum below zero the sample misses: the same step, another start', (next, i) => (i === 4321 ? -1 : next() * 100)],
  ];
  it.each(shapes.flatMap(([name, f]) => [999, 30_000, 123_457].map((n) => [name, n, f] as const)))('%s, %d values, with and without a filter', (_, n, f) => {
    const next = seeded(n + 1);
    const values = Float64Array.from({ length: n }, (_, i) => f(next, i));
    const keep = Uint8Array.from({ length: n }, () => (next() < 0.7 ? 1 : 0));
    for (const k of [undefined, keep]) {
      const got = distributionAndTop(values, 10, k);
      expect(got.distribution).toEqual(clvDistribution(values, 30, k));
      expect(got.top).toEqual(topIndices(values, 10, k));
    }
  });
});

describe('the P(alive) matrix\'s columns', () => {
  // The tour of 2026-12-03: at a tenure of 1,096 days the axis read 0, 138, 276, … (46-day steps).
  const fit = { ok: true, bgnbd: { r: 0.35, alpha: 26.8, a: 1.05, b: 6.9 }, gammaGamma: { p: 1.33, q: 2.05, v: 218 } } as never;
  it.each([[1096, 50], [546, 20], [273, 10], [39, 1], [3, 1]])('tenure %i days: columns every %i days from 0, between 19 and 48 of them (or every day)', (T, step) => {
    const recency = [...new Set(pAliveMatrix(fit, T, 2).map((p) => p.recency))];
    expect(recency[0]).toBe(0);
    expect(recency.every((r, i) => r === i * step)).toBe(true);
    expect(recency.at(-1)! + step).toBeGreaterThan(T);
    if (step > 1) expect(recency.length).toBeGreaterThanOrEqual(19);
    expect(recency.length).toBeLessThanOrEqual(49);
  });
});
