// Per-customer predictions from a fit (SPEC §3a) and the holdout check. Expected purchases depend on
// (x, T) only through the 2F1 part, so that part is evaluated once per distinct (x, T).
import type { ClvFitted, ClvHorizon, ClvInputs, ClvPredictions, HoldoutRow } from './api';
import { atTenure, expectedIfAliveAt, pAlive } from './bgnbd';
import { expectedOrderValue } from './gammagamma';
import { groupRowsSteps } from './group';
import { pausesAs, toEnd } from './steps';
import { expm1, log1p } from './libm';

/**
 * What every horizon shares, computed once per fit and inputs: P(alive) and the expected order value per
 * row (neither depends on the horizon), and the rows grouped by (x, T), the key of the 2F1 part.
 */
export interface Predictor {
  pAlive: Float64Array;
  expectedOrderValue: Float64Array;
  /** E[purchases in the next t days | x, t_x, T] for every row, the 2F1 part shared by equal (x, T). */
  expected(t: number): Float64Array;
  /** The 2F1 part per (x, T) group at horizon t, and each row's group: expected(t)[i] = pAlive[i] × perGroup[groupOf[i]]. */
  ifAlive(t: number): { perGroup: Float64Array; groupOf: Int32Array };
}

export function predictor(fit: ClvFitted, inputs: ClvInputs): Predictor {
  return toEnd(predictorSteps(fit, inputs));
}

/** Rows per step of `predictorSteps`: a few milliseconds of work. */
const PREDICTOR_ROWS = 8192;

/** The same, a step per few thousand rows (the worker pauses between steps, as it does while fitting). */
export function* predictorSteps(fit: ClvFitted, inputs: ClvInputs): Generator<number, Predictor, void> {
  const n = inputs.x.length;
  const g = yield* pausesAs(groupRowsSteps(inputs.x, inputs.T, new Float64Array(n)), 0);
  const [xs, Ts] = g.cols;
  const alive = new Float64Array(n);
  const eov = new Float64Array(n);
  for (let from = 0; from < n; from += PREDICTOR_ROWS) {
    yield from;
    for (let i = from; i < Math.min(n, from + PREDICTOR_ROWS); i++) {
      alive[i] = pAlive(fit.bgnbd, inputs.x[i], inputs.tx[i], inputs.T[i]);
      eov[i] = expectedOrderValue(fit.gammaGamma, inputs.x[i], inputs.mx[i]);
    }
  }
  const ifAlive = (t: number) => {
    const perGroup = new Float64Array(g.count.length);
    // The tenure's logarithms and exponentials once per distinct T, not per (x, T) group.
    const atT = Array.from(Ts.values, (T) => (t > 0 ? atTenure(fit.bgnbd, T, t) : null));
    for (let k = 0; k < perGroup.length; k++) perGroup[k] = expectedIfAliveAt(fit.bgnbd, xs.values[xs.of[k]], atT[Ts.of[k]]);
    return { perGroup, groupOf: g.groupOf };
  };
  return {
    pAlive: alive,
    expectedOrderValue: eov,
    ifAlive,
    expected(t) {
      const { perGroup } = ifAlive(t);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = alive[i] * perGroup[g.groupOf[i]];
      return out;
    },
  };
}

/** What every horizon shares, per fit and inputs (kept while the inputs live): set by the fit job, else made on first use. */
const shared = new WeakMap<ClvInputs, { fit: ClvFitted; predictor: Predictor }>();
export function predictorOf(fit: ClvFitted, inputs: ClvInputs): Predictor {
  const kept = shared.get(inputs);
  if (kept && kept.fit === fit) return kept.predictor;
  const p = predictor(fit, inputs);
  keepPredictor(fit, inputs, p);
  return p;
}
export function keepPredictor(fit: ClvFitted, inputs: ClvInputs, p: Predictor): void {
  shared.set(inputs, { fit, predictor: p });
}

/** E[purchases in the next t days | x, t_x, T] for every row. */
export function conditionalExpected(fit: ClvFitted, inputs: ClvInputs, t: number): Float64Array {
  return predictor(fit, inputs).expected(t);
}

/** SPEC §3a's k: 1 without discount, else (1 − e^(−δH)) / (δH) with δ = ln(1 + d) / 365 per day. */
export function discountFactor(h: ClvHorizon): number {
  if (h.annualDiscount === 0) return 1;
  const dh = (log1p(h.annualDiscount) / 365) * h.horizonDays;
  return -expm1(-dh) / dh;
}

export function predictClv(fit: ClvFitted, inputs: ClvInputs, horizon: ClvHorizon, shared: Predictor = predictor(fit, inputs)): ClvPredictions {
  const n = inputs.x.length;
  const expectedPurchases = shared.expected(horizon.horizonDays);
  const predictedClv = new Float64Array(n);
  const k = discountFactor(horizon);
  for (let i = 0; i < n; i++) predictedClv[i] = expectedPurchases[i] * shared.expectedOrderValue[i] * k;
  return { pAlive: shared.pAlive, expectedPurchases, expectedOrderValue: shared.expectedOrderValue, predictedClv };
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
