// The numerics under SPEC §3a, each against an independent 50-digit reference (tests/reference/clv.ts):
// 2F1, the conditional expectation (FHL 2005 eq. 10) up to x = 2,000, both likelihoods and their
// gradients, and the export's number text (SPEC §6).
import { describe, expect, it } from 'vitest';
import { formatPredicted, hyp2f1 } from '../../src/engine/clv/api';
import { termsOfLastSeries } from '../../src/engine/clv/hyp2f1';
import { bgnbdLogLik, expectedIfAlive, pAlive } from '../../src/engine/clv/bgnbd';
import { gammaGammaLogLik } from '../../src/engine/clv/gammagamma';
import { groupRows } from '../../src/engine/clv/group';
import { discountFactor } from '../../src/engine/clv/predict';
import { bgnbdLogLikRef, conditionalExpectedRef, gammaGammaLogLikRef, hyp2f1Ref, prng, type BgNbd } from '../reference/clv';

const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);
/** Within 1e-11 relative (equal when both underflow to 0). */
const close = (got: number, want: number) => got === want || rel(got, want) < 1e-11;
const cdnow: BgNbd = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
const days: BgNbd = { r: 0.5, alpha: 30, a: 0.8, b: 2.5 };

describe('2F1(a, b; c; z) for 0 <= z < 1 agrees with the 50-digit plain series within 1e-12', () => {
  it.each([
    [1.5, 2.5, 4, 0.9],
    [0.2425945, 2.4258881, 2.2188080, 0.5],
    [0.2425945, 2.4258881, 2.2188080, 0.95],
    [2.24, 4.43, 4.22, 0.33],
    [50, 60, 70, 0.6],
    [-0.5, 1, 3, 0.99],
    [3, 0.2, 1.7, 0.999],
    [1, 1, 2, 0.5], // = −ln(1 − z)/z = 2 ln 2
  ])('2F1(%f, %f; %f; %f)', (a, b, c, z) => {
    expect(rel(hyp2f1(a, b, c, z), hyp2f1Ref(a, b, c, z).toNumber())).toBeLessThan(1e-12);
  });

  it('2F1(1, 1; 2; 1/2) = 2 ln 2', () => {
    expect(rel(hyp2f1(1, 1, 2, 0.5), 2 * Math.log(2))).toBeLessThan(1e-15);
  });
});

/** FHL eq. 10 evaluated as printed in doubles: the trap the SPEC warns about. */
function naiveExpected(p: BgNbd, x: number, tx: number, T: number, t: number): number {
  const z = t / (p.alpha + T + t);
  let term = 1;
  let f = 1;
  for (let n = 0; n < 100000 && Math.abs(term) > 1e-17 * Math.abs(f); n++) {
    term *= ((p.r + x + n) * (p.b + x + n) * z) / ((p.a + p.b + x - 1 + n) * (n + 1));
    f += term;
  }
  const bracket = 1 - ((p.alpha + T) / (p.alpha + T + t)) ** (p.r + x) * f;
  return (((p.a + p.b + x - 1) / (p.a - 1)) * bracket) / (1 + (x > 0 ? (p.a / (p.b + x - 1)) * ((p.alpha + T) / (p.alpha + tx)) ** (p.r + x) : 0));
}

describe('the conditional expectation E[X(t) | x, t_x, T] (FHL eq. 10) agrees with the 50-digit reference', () => {
  const ours = (p: BgNbd, x: number, tx: number, T: number, t: number) => pAlive(p, x, tx, T) * expectedIfAlive(p, x, T, t);

  it.each([
    // x, t_x, T, horizon (days)
    [2000, 690, 700, 365],
    [2000, 700, 700, 3650],
    [2000, 100, 700, 365],
    [2000, 700, 700, 1],
  ])('a customer with %i repeat purchases (t_x = %i, T = %i, next %i days): finite and accurate', (x, tx, T, t) => {
    const want = conditionalExpectedRef(days, { x, tx, T }, t);
    const got = ours(days, x, tx, T, t);
    expect(Number.isFinite(got)).toBe(true);
    expect(close(got, want)).toBe(true);
  });

  it.each([
    [2000, 690, 700, 365],
    [2000, 700, 700, 3650],
  ])('where the printed formula in doubles gives NaN (x = %i, t_x = %i, T = %i, next %i days)', (x, tx, T, t) => {
    expect(naiveExpected(days, x, tx, T, t)).toBeNaN();
    expect(close(ours(days, x, tx, T, t), conditionalExpectedRef(days, { x, tx, T }, t))).toBe(true);
  });

  it.each([
    [0, 0, 0, 3650, 'a new customer over ten years (z close to 1)'],
    [0, 0, 5, 3650, 'one purchase five days ago, ten years ahead'],
    [1, 3, 10, 3650, 'one repeat purchase, ten years ahead'],
    [3, 200, 200, 365, 'last purchase today (T = t_x)'],
    [5, 100, 700, 365, 'long silent'],
  ])('x = %i, t_x = %i, T = %i, next %i days: %s', (x, tx, T, t) => {
    expect(rel(ours(days, x, tx, T, t), conditionalExpectedRef(days, { x, tx, T }, t))).toBeLessThan(1e-11);
  });

  it('seeded random customers and parameters (a on both sides of 1) agree within 1e-11', () => {
    const rnd = prng(16);
    for (let k = 0; k < 25; k++) {
      const p = { r: 0.1 + 2 * rnd(), alpha: 1 + 60 * rnd(), a: 0.2 + 2 * rnd(), b: 0.3 + 4 * rnd() };
      const T = Math.floor(1 + 700 * rnd());
      const x = Math.floor(30 * rnd() ** 3);
      const tx = x === 0 ? 0 : Math.floor(T * rnd());
      const t = Math.floor(1 + 1000 * rnd());
      expect(rel(ours(p, x, tx, T, t), conditionalExpectedRef(p, { x, tx, T }, t)), JSON.stringify({ p, x, tx, T, t })).toBeLessThan(1e-11);
    }
  });

  // A fit on five months of orders (the sample data at as_of 2022-06-01) found a ≈ 2.7 million and b ≈ 41
  // million (every buyer's dropout chance near a/(a+b)): in Euler's form (1−z)^(a−1) leaves the doubles'
  // range and its series climbs for millions of terms (a horizon took two minutes, then NaN).
  const huge: BgNbd = { r: 0.3975133353196674, alpha: 41.2810505164302, a: 2729840.4810561724, b: 41204716.23055538 };
  it.each([
    [0, 0, 30, 365], [0, 0, 150, 1], [1, 20, 100, 365], [5, 80, 150, 3650], [40, 10, 150, 730], [2000, 140, 150, 365],
  ])('a and b in the millions: x = %i, t_x = %i, T = %i, next %i days: finite, accurate, in few terms', (x, tx, T, t) => {
    const got = ours(huge, x, tx, T, t);
    expect(termsOfLastSeries()).toBeLessThan(20_000);
    expect(Number.isFinite(got)).toBe(true);
    expect(rel(got, conditionalExpectedRef(huge, { x, tx, T }, t))).toBeLessThan(1e-11);
  });

  it('seeded parameters with a from a thousand to a hundred million agree within 1e-11', () => {
    const rnd = prng(23);
    for (let k = 0; k < 12; k++) {
      const a = 10 ** (3 + 5 * rnd());
      const p = { r: 0.1 + 2 * rnd(), alpha: 1 + 60 * rnd(), a, b: a * (0.5 + 30 * rnd()) };
      const T = Math.floor(1 + 700 * rnd());
      const x = Math.floor(30 * rnd() ** 3);
      const tx = x === 0 ? 0 : Math.floor(T * rnd());
      const t = Math.floor(1 + 1000 * rnd());
      expect(rel(ours(p, x, tx, T, t), conditionalExpectedRef(p, { x, tx, T }, t)), JSON.stringify({ p, x, tx, T, t })).toBeLessThan(1e-11);
    }
  });

  it('a = 1 exactly (where the printed formula divides 0 by 0) is the limit from either side', () => {
    const at = (a: number) => ours({ ...cdnow, a }, 3, 20, 38, 39);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(rel(at(1), (at(1 + 1e-7) + at(1 - 1e-7)) / 2)).toBeLessThan(1e-9);
  });
});

/** Seeded customers with repeated triples, as real data has. */
function customers(seed: number, n: number) {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => {
    const T = Math.floor(1 + 20 * rnd()) * 7;
    const x = Math.floor(6 * rnd() ** 2);
    const tx = x === 0 ? 0 : Math.floor((T / 7) * rnd()) * 7;
    return { x, tx, T, m: x === 0 ? NaN : Math.round(5 + 40 * rnd()) };
  });
}

describe('the grouped log-likelihoods equal the textbook per-customer formulas at 50 digits', () => {
  const rows = customers(7, 80);
  const g = groupRows(rows.map((c) => c.x), rows.map((c) => c.tx), rows.map((c) => c.T));
  const repeat = rows.filter((c) => c.x > 0);
  const s = groupRows(repeat.map((c) => c.x), repeat.map((c) => c.m), repeat.map(() => 0));

  it('the 80 customers form fewer groups than customers, and counts add up', () => {
    expect(g.count.length).toBeLessThan(80);
    expect(g.count.reduce((a, b) => a + b, 0)).toBe(80);
  });

  it.each([cdnow, days, { r: 2, alpha: 3, a: 1.5, b: 0.4 }])('BG/NBD at %o', (p) => {
    expect(rel(bgnbdLogLik(p, g), bgnbdLogLikRef(p, rows))).toBeLessThan(1e-12);
  });

  it.each([{ p: 6.2488, q: 3.7446, v: 15.4477 }, { p: 0.7, q: 1.2, v: 3 }])('Gamma-Gamma at %o', (p) => {
    expect(rel(gammaGammaLogLik(p, s), gammaGammaLogLikRef(p, repeat))).toBeLessThan(1e-12);
  });

  it('the analytic gradients (in log-parameters) match central differences', () => {
    const fd = (f: (t: number[]) => number, t: number[], i: number) => {
      const h = 1e-5;
      const up = [...t];
      const down = [...t];
      up[i] += h;
      down[i] -= h;
      return (f(up) - f(down)) / (2 * h);
    };
    const bg = (t: number[]) => bgnbdLogLik({ r: Math.exp(t[0]), alpha: Math.exp(t[1]), a: Math.exp(t[2]), b: Math.exp(t[3]) }, g);
    const at = [Math.log(0.5), Math.log(30), Math.log(0.8), Math.log(2.5)];
    const grad = new Float64Array(4);
    bgnbdLogLik({ r: 0.5, alpha: 30, a: 0.8, b: 2.5 }, g, grad);
    grad.forEach((v, i) => expect(Math.abs(v - fd(bg, at, i))).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
    const gg = (t: number[]) => gammaGammaLogLik({ p: Math.exp(t[0]), q: Math.exp(t[1]), v: Math.exp(t[2]) }, s);
    const at2 = [Math.log(6), Math.log(3.7), Math.log(15)];
    const grad2 = new Float64Array(3);
    gammaGammaLogLik({ p: 6, q: 3.7, v: 15 }, s, grad2);
    grad2.forEach((v, i) => expect(Math.abs(v - fd(gg, at2, i))).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
  });
});

describe('the discount factor k (SPEC §3a)', () => {
  it.each([
    [0, 365, 1],
    [0.1, 365, (1 - 1 / 1.1) / Math.log(1.1)],
    [1, 365, 1 / (2 * Math.log(2))],
    [0.1, 3650, (1 - 1.1 ** -10) / (10 * Math.log(1.1))],
  ])('annual discount %f over %i days gives k = %f', (d, h, k) => {
    expect(rel(discountFactor({ annualDiscount: d, horizonDays: h }), k)).toBeLessThan(1e-14);
  });
});

describe('formatPredicted writes the export text (SPEC §6): half away from zero to 9 places, plain', () => {
  it.each([
    [0.1 + 0.2, '0.3'],
    [1e-10, '0'],
    [-1e-10, '0'],
    [-0, '0'],
    [0, '0'],
    [2.5e-9, '0.000000003'],
    [-2.5e-9, '-0.000000003'],
    [1.0000000005, '1.000000001'],
    [123456789012.3456789, '123456789012.345672607'],
    [1.85795600911809, '1.857956009'],
    [398.15999999999997, '398.16'],
    [42, '42'],
    [1e15, '1000000000000000'],
    [1e21, '1000000000000000000000'],
    [-1.5e22, '-15000000000000000000000'],
  ])('%f → %s', (v, text) => {
    expect(formatPredicted(v)).toBe(text);
  });

  it('refuses a number that is not finite, naming it', () => {
    expect(() => formatPredicted(NaN)).toThrow('NaN');
  });
});
