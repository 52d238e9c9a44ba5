// Maximum-likelihood fits of BG/NBD and Gamma-Gamma over grouped inputs, or the SPEC's refusal (§3a).
import type { BgNbdParams, ClvFit, ClvInputs, ClvRefusal, GammaGammaParams } from './api';
import { minimise, type MinimiseResult } from './bfgs';
import { bgnbdLogLik } from './bgnbd';
import { gammaGammaLogLik } from './gammagamma';
import { groupRows } from './group';
import { exp, ln } from './libm';

export const MIN_REPEAT_BUYERS = 20;

/**
 * The optimiser works on log-parameters (every parameter is > 0) and on the mean log-likelihood per buyer,
 * so the tolerance does not depend on the number of customers. Starting points scale with the data's
 * units (α with time, v with money), which makes the fit unit-free: the same data in weeks or in days
 * takes the same path and gives α × 7 (SPEC §3a).
 */
export const FIT_OPTIONS = { gradTol: 1e-9, maxIterations: 500, maxStep: 3 };
/** A log-parameter this far from its start means the likelihood has no interior maximum (e.g. no spread). */
const RUNAWAY = 30;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function fitClv(inputs: ClvInputs): ClvFit {
  const started = performance.now();
  const n = inputs.x.length;
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) if (inputs.x[i] >= 1) repeatBuyers++;
  const common = () => ({ buyers: n, repeatBuyers, ms: performance.now() - started });
  const refuse = (reason: ClvRefusal, detail: string): ClvFit => ({ ...common(), ok: false, reason, detail });
  if (repeatBuyers < MIN_REPEAT_BUYERS) {
    return refuse('too_few_repeat_buyers', `${plural(repeatBuyers, 'buyer')} with repeat purchases; at least ${MIN_REPEAT_BUYERS} are needed`);
  }

  const d = groupRows(inputs.x, inputs.tx, inputs.T);
  let sumX = 0;
  let sumT = 0;
  for (let g = 0; g < d.count.length; g++) {
    sumX += d.count[g] * d.cols[0].values[d.cols[0].of[g]];
    sumT += d.count[g] * d.cols[2].values[d.cols[2].of[g]];
  }
  const bgParams = (t: Float64Array): BgNbdParams => ({ r: exp(t[0]), alpha: exp(t[1]), a: exp(t[2]), b: exp(t[3]) });
  // r = a = b = 1 and α = r / (mean repeat purchase rate).
  const bgStart = Float64Array.of(0, ln(sumT / sumX), 0, 0);
  const bg = minimise((t, grad) => {
    const ll = bgnbdLogLik(bgParams(t), d, grad);
    for (let i = 0; i < grad.length; i++) grad[i] = -grad[i] / n;
    return -ll / n;
  }, bgStart, FIT_OPTIONS);
  const bgFail = failure('BG/NBD', bg, bgStart);
  if (bgFail) return refuse('no_convergence', bgFail);

  const repeat = Uint8Array.from({ length: n }, (_, i) => (inputs.x[i] >= 1 ? 1 : 0));
  const s = groupRows(inputs.x, inputs.mx, new Float64Array(n), repeat);
  let sumM = 0;
  for (let g = 0; g < s.count.length; g++) sumM += s.count[g] * s.cols[1].values[s.cols[1].of[g]];
  const ggParams = (t: Float64Array): GammaGammaParams => ({ p: exp(t[0]), q: exp(t[1]), v: exp(t[2]) });
  // p = 1, q = 2 and v so that the population mean order value p v / (q − 1) is the observed mean.
  const ggStart = Float64Array.of(0, ln(2), ln(sumM / repeatBuyers));
  const gg = minimise((t, grad) => {
    const ll = gammaGammaLogLik(ggParams(t), s, grad);
    for (let i = 0; i < grad.length; i++) grad[i] = -grad[i] / repeatBuyers;
    return -ll / repeatBuyers;
  }, ggStart, FIT_OPTIONS);
  const ggFail = failure('Gamma-Gamma', gg, ggStart);
  if (ggFail) return refuse('no_convergence', ggFail);
  const gammaGamma = ggParams(gg.theta);
  if (gammaGamma.q <= 1) {
    return refuse('q_not_above_one', `Gamma-Gamma q = ${gammaGamma.q.toPrecision(4)} is not above 1, so the mean order value is not finite`);
  }
  const bgnbd = bgParams(bg.theta);
  return {
    ...common(),
    ok: true,
    bgnbd,
    gammaGamma,
    logLik: { bgnbd: -bg.value * n, gammaGamma: -gg.value * repeatBuyers },
  };
}

/** Why a minimisation does not count as a fit, as a sentence; null when it does. */
function failure(model: string, res: MinimiseResult, start: Float64Array): string | null {
  if (!Number.isFinite(res.value)) return `the ${model} log-likelihood is not finite at the starting point`;
  const far = res.theta.findIndex((t, i) => Math.abs(t - start[i]) > RUNAWAY);
  if (far >= 0) {
    return `${model} has no finite maximum: a parameter ran off to ${exp(res.theta[far]).toExponential(2)} after ${plural(res.iterations, 'iteration')}`;
  }
  if (!res.converged) {
    return `${model} did not converge after ${plural(res.iterations, 'iteration')} (largest gradient ${res.gradNorm.toExponential(2)} per buyer)`;
  }
  return null;
}
