// The 2F1 series stops as soon as no later term can change its sum (src/engine/clv/hyp2f1.ts): the same
// doubles as the loop before, which waited ~|a|+|b|+|c| terms. With BG/NBD's dropout parameter near zero
// (a ≈ 1e-8, b ≈ 3e6: a fit to data where nobody drops out) and a horizon where z > 0.5, that loop summed
// ~6.5 million terms per (x, T) group, stuck at the smallest subnormal: a 730-day horizon move at a million
// customers took 5–10 s. The work is bounded here by the terms summed, not by a clock.
import { describe, expect, it } from 'vitest';
import { hyp2f1, type BgNbdParams } from '../../src/engine/clv/api';
import { atTenure, expectedIfAlive } from '../../src/engine/clv/bgnbd';
import { seriesTail, termsOfLastSeries } from '../../src/engine/clv/hyp2f1';
import { prng } from '../reference/clv';

/** The loop as it was before the early stop (commit f0b9a0c), for bit-for-bit comparison. */
function seriesTailBefore(first: number, a: number, b: number, c: number, z: number, scale: number): number {
  let term = first;
  let sum = first;
  const settled = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2;
  for (let n = 1; n < 50_000_000; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    if (n > settled) {
      const rho = Math.max(ratio, z);
      if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= 1e-17 * (Math.abs(sum) + Math.abs(scale))) return sum;
    }
  }
  return NaN;
}

/** expectedIfAlive's series for (x, T, t), by the function given: its arguments as bgnbd.ts builds them. */
function series(p: BgNbdParams, x: number, T: number, t: number, tail: typeof seriesTail): number {
  const at = atTenure(p, T, t);
  const A = p.a + p.b - 1 - p.r, B = p.a - 1, C = p.a + p.b + x - 1;
  return tail((A * at.z) / C, A, B, C, at.z, at.scale);
}

// The fit to bench:ui's generated 1M customers (Poisson buyers, nobody drops out), in days.
const noDropout: BgNbdParams = { r: 1.771780598692082, alpha: 566.9822492571434, a: 1.4499270696563941e-8, b: 3255924.282219764 };
const cdnowDays: BgNbdParams = { r: 0.2425945, alpha: 4.4136019 * 7, a: 0.7929199, b: 2.4258881 };

describe('a near-zero dropout parameter: the same doubles, after a few thousand terms instead of millions', () => {
  it.each([
    // [x, T, horizon]: z = t / (alpha + T + t) above 0.5 where the loop before never reached a zero term
    [0, 0, 730], [1, 100, 730], [5, 0, 730], [3, 365, 600], [0, 0, 3650], [2, 730, 3650], [0, 0, 365], [4, 200, 540],
  ])('x = %i, T = %i days, horizon %i days', (x, T, t) => {
    const before = series(noDropout, x, T, t, seriesTailBefore);
    expect(series(noDropout, x, T, t, seriesTail)).toBe(before);
    expect(termsOfLastSeries()).toBeLessThan(5_000);
    expect(Number.isFinite(expectedIfAlive(noDropout, x, T, t))).toBe(true);
  });
});

describe('the early stop returns what the loop before returns, bit for bit', () => {
  it('3,000 seeded BG/NBD series: ordinary fits, CDNOW, near-zero and large dropout parameters, x up to 2,000', () => {
    const rnd = prng(11);
    const differ: string[] = [];
    for (let k = 0; k < 3_000; k++) {
      const kind = k % 4;
      const p: BgNbdParams = kind === 0 ? cdnowDays
        : kind === 1 ? { r: 0.1 + rnd() * 5, alpha: 1 + rnd() * 1000, a: 0.05 + rnd() * 5, b: 0.05 + rnd() * 20 }
        : kind === 2 ? { r: 0.5 + rnd() * 3, alpha: 10 + rnd() * 1000, a: 10 ** (-9 + rnd() * 6), b: 10 ** (3 + rnd() * 3) }
        : { r: 0.1 + rnd() * 3, alpha: 1 + rnd() * 100, a: 1 + rnd() * 200, b: 1 + rnd() * 500 };
      const x = Math.floor(rnd() < 0.9 ? rnd() * 20 : rnd() * 2_000);
      const T = Math.floor(rnd() * 1_500);
      const t = 1 + Math.floor(rnd() * 3_650);
      const want = series(p, x, T, t, seriesTailBefore);
      const got = series(p, x, T, t, seriesTail);
      if (!Object.is(got, want)) differ.push(JSON.stringify({ p, x, T, t, got, want }));
    }
    expect(differ).toEqual([]);
  });

  it('2F1\'s two series (plain and Euler\'s) over 2,000 seeded parameter sets, and 2F1 itself', () => {
    const rnd = prng(29);
    const differ: string[] = [];
    for (let k = 0; k < 2_000; k++) {
      const a = rnd() * 60 - 5, b = rnd() * 60, c = 0.1 + rnd() * 80, z = rnd() * 0.999;
      for (const [u, v] of [[a, b], [c - a, c - b]]) {
        const want = seriesTailBefore((u * v * z) / c, u, v, c, z, 1);
        const got = seriesTail((u * v * z) / c, u, v, c, z, 1);
        if (!Object.is(got, want)) differ.push(JSON.stringify({ u, v, c, z, got, want }));
      }
    }
    expect(differ).toEqual([]);
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(2 * Math.log(2), 15);
  });
});
