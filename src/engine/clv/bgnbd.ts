// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): the log-likelihood with its
// analytic gradient over grouped (x, t_x, T), P(alive) and the conditional expectation (their eq. 10).
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import type { BgNbdParams } from './api';
import type { Groups } from './group';
import { logSeries, seriesTail } from './hyp2f1';
import { exp, expm1, ln, log1p } from './libm';

/**
 * Σ count · ℓ(r, α, a, b | x, t_x, T) over grouped (x, t_x, T), and its gradient with respect to
 * (ln r, ln α, ln a, ln b). Per customer (FHL 2005 eq. 6): ℓ = A1 + A2 + ln(e^A3 + [x > 0] e^A4), with
 * A1 = lnΓ(r+x) − lnΓ(r) + r ln α, A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 * A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x). Everything that depends on one column
 * only is computed once per distinct value of it; per group remain one exp and one log1p.
 */
export function bgnbdLogLik(p: BgNbdParams, g: Groups, grad?: Float64Array): number {
  const { r, alpha, a, b } = p;
  const [xs, txs, Ts] = g.cols;
  const lnAlpha = ln(alpha);
  const [gr0, gab, gb] = [gammaln(r), gammaln(a + b), gammaln(b)];
  const [dr0, dab, db] = [digamma(r), digamma(a + b), digamma(b)];
  const nx = xs.values.length;
  const [c1, lnA4, dR, dA, dB] = [new Float64Array(nx), new Float64Array(nx), new Float64Array(nx), new Float64Array(nx), new Float64Array(nx)];
  for (let k = 0; k < nx; k++) {
    const x = xs.values[k];
    c1[k] = gammaln(r + x) - gr0 + r * lnAlpha + gab + gammaln(b + x) - gb - gammaln(a + b + x);
    lnA4[k] = x > 0 ? ln(a) - ln(b + x - 1) : -Infinity;
    if (grad) {
      dR[k] = digamma(r + x) - dr0 + lnAlpha;
      const dabx = digamma(a + b + x);
      dA[k] = dab - dabx;
      dB[k] = dab + digamma(b + x) - db - dabx;
    }
  }
  // Plain loops: Float64Array.from with a map function goes through the iterator protocol, ~10× slower.
  const [lnT, invT] = [new Float64Array(Ts.values.length), new Float64Array(Ts.values.length)];
  for (let k = 0; k < lnT.length; k++) {
    lnT[k] = ln(alpha + Ts.values[k]);
    invT[k] = 1 / (alpha + Ts.values[k]);
  }
  const [lnTx, invTx] = [new Float64Array(txs.values.length), new Float64Array(txs.values.length)];
  for (let k = 0; k < lnTx.length; k++) {
    lnTx[k] = ln(alpha + txs.values[k]);
    invTx[k] = 1 / (alpha + txs.values[k]);
  }
  let ll = 0;
  let [gR, gAlpha, gA, gB] = [0, 0, 0, 0];
  for (let i = 0; i < g.count.length; i++) {
    const xi = xs.of[i];
    const x = xs.values[xi];
    const w = g.count[i];
    const lT = lnT[Ts.of[i]];
    const A3 = -(r + x) * lT;
    let lse = A3;
    let share = 0;
    let lt = 0;
    if (x > 0) {
      lt = lnTx[txs.of[i]];
      const A4 = lnA4[xi] - (r + x) * lt;
      const e = exp(-Math.abs(A3 - A4));
      lse = Math.max(A3, A4) + log1p(e);
      // The weight of the "dropped out after the last purchase" term in the mixture.
      share = A4 >= A3 ? 1 / (1 + e) : e / (1 + e);
    }
    ll += w * (c1[xi] + lse);
    if (grad) {
      const keep = 1 - share;
      gR += w * (dR[xi] - keep * lT - share * lt);
      gAlpha += w * (r / alpha - (r + x) * (keep * invT[Ts.of[i]] + share * invTx[txs.of[i]]));
      gA += w * (dA[xi] + share / a);
      gB += w * (dB[xi] - (x > 0 ? share / (b + x - 1) : 0));
    }
  }
  if (grad) {
    grad[0] = gR * r;
    grad[1] = gAlpha * alpha;
    grad[2] = gA * a;
    grad[3] = gB * b;
  }
  return ll;
}

/** P(alive at T | x, t_x, T) = 1 / (1 + [x > 0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) (FHL 2005 eq. 11). */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const lnOdds = ln(p.a / (p.b + x - 1)) + (p.r + x) * log1p((T - tx) / (p.alpha + tx));
  return 1 / (1 + exp(lnOdds));
}

/**
 * E[purchases in (T, T+t] | alive at T, x purchases in (0, T]] (FHL 2005 eq. 10 without the P(alive)
 * factor): (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t).
 * Euler's transformation turns the bracket into 1 − (1−z)^(a−1) 2F1(A, a−1; C; z) with A = a+b−1−r and
 * C = a+b+x−1: no factor grows with x. Writing 2F1(A, a−1; C; z) = 1 + (a−1)·S, where S is the series
 * with (a−1)_n replaced by (a)_(n−1), the division by a−1 is done exactly:
 * result = C · [−expm1((a−1)L)/(a−1) − e^((a−1)L) S], L = ln(1−z). Nothing cancels as a → 1.
 */
export function expectedIfAlive(p: BgNbdParams, x: number, T: number, t: number): number {
  return expectedIfAliveAt(p, x, t > 0 ? atTenure(p, T, t) : null);
}

/** What expectedIfAlive computes from T and t alone (null: t ≤ 0); shared by every x at one tenure. */
export interface AtTenure { z: number; L: number; first: number; scale: number; growth: number }

export function atTenure(p: BgNbdParams, T: number, t: number): AtTenure {
  const { alpha, a } = p;
  const z = t / (alpha + T + t);
  const L = -log1p(t / (alpha + T));
  const B = a - 1;
  const first = B === 0 ? -L : -expm1(B * L) / B;
  return { z, L, first, scale: first * exp(-B * L), growth: exp(B * L) };
}

/**
 * Past this (a−1)·|ln(1−z)|, Euler's form is no use: (1−z)^(a−1) leaves the doubles' range and its series
 * climbs for ~(a−1)z/(1−z) terms before it falls (a fit with a ≈ 2.7 million, on five months of orders:
 * millions of terms per group, then ∞·0 = NaN). There the printed form is summed instead (below).
 */
const EULER_LIMIT = 500;

/**
 * expectedIfAlive from its tenure's part: the same operations in the same order, so the same double. A
 * horizon move evaluates it for every (x, T) group, and the logarithms and exponentials only once per T.
 */
export function expectedIfAliveAt(p: BgNbdParams, x: number, at: AtTenure | null): number {
  if (at === null) return 0;
  const { r, a, b } = p;
  const B = a - 1;
  const C = a + b + x - 1;
  // The printed form (FHL eq. 10), its 2F1 summed with a running scale (logSeries): with a large, C/(a−1)
  // is moderate and the bracket is not a small difference; its series shrinks once n passes ~(r+x)z/(1−z).
  if (B * -at.L > EULER_LIMIT) return (C / B) * -expm1((r + x) * at.L + logSeries(((r + x) * (b + x) * at.z) / C, r + x, b + x, C, at.z));
  const A = a + b - 1 - r;
  // S's terms: s_1 = A z / C, s_{n+1} = s_n (A+n)(B+n) z / ((C+n)(n+1)).
  const S = seriesTail((A * at.z) / C, A, B, C, at.z, at.scale);
  return C * (at.first - at.growth * S);
}

/** E[X(t)]: purchases of a new customer in (0, t] (FHL 2005 eq. 9), the x = 0, T = 0 case of the above. */
export function expectedPurchasesNew(p: BgNbdParams, t: number): number {
  return expectedIfAlive(p, 0, 0, t);
}
