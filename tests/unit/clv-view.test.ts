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
