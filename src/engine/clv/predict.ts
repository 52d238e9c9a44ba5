// Per-customer predictions from a fit (SPEC §3a) and the holdout check. Expected purchases depend on
// (x, T) only through the 2F1 part, so that part is evaluated once per distinct (x, T).
import type { ClvFitted, ClvHorizon, ClvInputs, ClvPredictions, HoldoutRow } from './api';
import { expectedIfAlive, pAlive } from './bgnbd';
import { expectedOrderValue } from './gammagamma';
import { groupRows } from './group';
import { expm1, log1p } from './libm';

/** E[purchases in the next t days | x, t_x, T] for every row, the 2F1 part shared by equal (x, T). */
export function conditionalExpected(fit: ClvFitted, inputs: ClvInputs, t: number, pAliveOut?: Float64Array): Float64Array {
  const n = inputs.x.length;
  const g = groupRows(inputs.x, inputs.T, new Float64Array(n));
  const [xs, Ts] = g.cols;
  const ifAlive = new Float64Array(g.count.length);
  for (let k = 0; k < ifAlive.length; k++) ifAlive[k] = expectedIfAlive(fit.bgnbd, xs.values[xs.of[k]], Ts.values[Ts.of[k]], t);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const alive = pAlive(fit.bgnbd, inputs.x[i], inputs.tx[i], inputs.T[i]);
    if (pAliveOut) pAliveOut[i] = alive;
    out[i] = alive * ifAlive[g.groupOf[i]];
  }
  return out;
}

/** SPEC §3a's k: 1 without discount, else (1 − e^(−δH)) / (δH) with δ = ln(1 + d) / 365 per day. */
export function discountFactor(h: ClvHorizon): number {
  if (h.annualDiscount === 0) return 1;
  const dh = (log1p(h.annualDiscount) / 365) * h.horizonDays;
  return -expm1(-dh) / dh;
}

export function predictClv(fit: ClvFitted, inputs: ClvInputs, horizon: ClvHorizon): ClvPredictions {
  const n = inputs.x.length;
  const pAliveOut = new Float64Array(n);
  const expectedPurchases = conditionalExpected(fit, inputs, horizon.horizonDays, pAliveOut);
  const expectedOrderValueOut = new Float64Array(n);
  const predictedClv = new Float64Array(n);
  const k = discountFactor(horizon);
  for (let i = 0; i < n; i++) {
    expectedOrderValueOut[i] = expectedOrderValue(fit.gammaGamma, inputs.x[i], inputs.mx[i]);
    predictedClv[i] = expectedPurchases[i] * expectedOrderValueOut[i] * k;
  }
  return { pAlive: pAliveOut, expectedPurchases, expectedOrderValue: expectedOrderValueOut, predictedClv };
}

export const HOLDOUT_BUCKETS = ['0', '1', '2', '3', '4', '5', '6', '7+'] as const;

export function holdoutRows(fitAtD: ClvFitted, inputsAtD: ClvInputs, actual: ArrayLike<number>, windowDays: number): HoldoutRow[] {
  const predicted = conditionalExpected(fitAtD, inputsAtD, windowDays);
  const rows: HoldoutRow[] = [...HOLDOUT_BUCKETS, 'all'].map((bucket) => ({ bucket, customers: 0, actual: 0, predicted: 0 }));
  const all = rows[rows.length - 1];
  for (let i = 0; i < predicted.length; i++) {
    const row = rows[Math.min(inputsAtD.x[i], 7)];
    for (const r of [row, all]) {
      r.customers++;
      r.actual += actual[i];
      r.predicted += predicted[i];
    }
  }
  return rows;
}
