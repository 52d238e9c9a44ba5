// Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999): the log-likelihood of each
// repeat buyer's mean order value m_x over x purchases, with its analytic gradient, and the conditional mean.
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import type { GammaGammaParams } from './api';
import type { Groups } from './group';
import { ln } from './libm';

/** ln of each distinct m_x, once per grouping (the optimiser evaluates the likelihood tens of times). */
const lnCache = new WeakMap<Float64Array, Float64Array>();
function lnOf(values: Float64Array): Float64Array {
  let out = lnCache.get(values);
  if (!out) {
    out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = ln(values[i]);
    lnCache.set(values, out);
  }
  return out;
}

/**
 * Σ count · ℓ(p, q, v | x, m) and its gradient in (ln p, ln q, ln v), with the density of the mean of x
 * Gamma(p, ν) values, ν ~ Gamma(q, v) (the parameterisation of lifetimes' GammaGammaFitter):
 * ℓ = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v).
 */
export function gammaGammaLogLik(params: GammaGammaParams, g: Groups, grad?: Float64Array): number {
  const { p, q, v } = params;
  const [xs, ms] = g.cols;
  const lnMs = lnOf(ms.values);
  const lnV = ln(v);
  const [gq, dq] = [gammaln(q), digamma(q)];
  let ll = 0;
  let [gp, gqSum, gv] = [0, 0, 0];
  let lastX = NaN;
  let cx = 0;
  let dpx = 0;
  let dqx = 0;
  let lnX = 0;
  for (let i = 0; i < g.count.length; i++) {
    const x = xs.values[xs.of[i]];
    const w = g.count[i];
    if (x !== lastX) {
      lastX = x;
      lnX = ln(x);
      cx = gammaln(p * x + q) - gammaln(p * x) - gq + q * lnV + p * x * lnX;
      if (grad) {
        const dpxq = digamma(p * x + q);
        dpx = dpxq - digamma(p * x);
        dqx = dpxq - dq;
      }
    }
    const m = ms.values[ms.of[i]];
    const lnM = lnMs[ms.of[i]];
    const lnXmv = ln(x * m + v);
    ll += w * (cx + (p * x - 1) * lnM - (p * x + q) * lnXmv);
    if (grad) {
      gp += w * x * (dpx + lnM + lnX - lnXmv);
      gqSum += w * (dqx + lnV - lnXmv);
      gv += w * (q / v - (p * x + q) / (x * m + v));
    }
  }
  if (grad) {
    grad[0] = gp * p;
    grad[1] = gqSum * q;
    grad[2] = gv * v;
  }
  return ll;
}

/** E[M | x, m_x] = p(v + x m_x) / (px + q − 1); for x = 0 the population mean p v / (q − 1) (SPEC §3a). */
export function expectedOrderValue(g: GammaGammaParams, x: number, m: number): number {
  return x >= 1 ? (g.p * (g.v + x * m)) / (g.p * x + g.q - 1) : (g.p * g.v) / (g.q - 1);
}
