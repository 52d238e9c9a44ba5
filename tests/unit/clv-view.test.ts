// The Predicted value cell's distribution: every buyer counted once, in nice bands up to the 99th
// percentile, the top 1% in one tail bar; prospects (NaN) not counted.
import { describe, expect, it } from 'vitest';
import { clvDistribution, niceStep } from '../../src/engine/clv/view';

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
