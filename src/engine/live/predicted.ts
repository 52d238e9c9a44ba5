// The page's predictions computed in JavaScript from a fit (no SQL): the live predicted_clv column the value
// tiers and the Predicted value cell read, and single customers' predictions. Every number is the double
// that SQL reads back from tb_clv (CAST of its DECIMAL(38,9) to DOUBLE), so the live answers and the
// export agree to the last bit.
import { formatPredicted, predictClv, type ClvHorizon, type ClvPredictions } from '../clv/api';
import { discountFactor, predictorOf as sharedPredictor, type Predictor } from '../clv/predict';
import { nanoParts } from '../clv/units';
import type { ClvModel } from '../clv-model';

/** 2^53: below it a count of nanos is an exact double, and units / 1e9 is the decimal's correctly rounded double. */
const EXACT_NANOS = 2 ** 53;

/**
 * The double DuckDB gives for `CAST(d AS DOUBLE)` where d is `value` rounded as the export writes it
 * (formatPredicted): the decimal's correctly rounded double, which is Number of its text. Exact integer
 * arithmetic below 2^53 nanos (values under ~9 million); the text above.
 */
export function heldValue(value: number): number {
  // Fast path (a horizon move runs this for every buyer): below 9e6, a × 1e9 < 2^53 is one rounding away
  // from the exact product, at most ulp(p) ≤ p·2^-52 off; unless p's fraction is that close to a half,
  // rounding p half away from zero gives the exact product's rounding, the same nano count nanoParts makes.
  // That rounding is floor(p + 0.5), without a branch on the fraction (a coin toss per buyer: mispredicted
  // half the time, ~5 ms at a million): the test passes only for p < 1.1e15, where p's fraction is more
  // than p·4.5e-16 from a half, more than the sum's own rounding, so floor lands where the branch would.
  const a = Math.abs(value);
  if (a < 9e6) {
    const p = a * 1e9;
    const f = p - Math.floor(p);
    if (Math.abs(f - 0.5) > p * 4.5e-16) return ((value < 0 ? -1 : 1) * Math.floor(p + 0.5)) / 1e9 + 0;
  }
  const { whole, nano } = nanoParts(value);
  const units = whole * 1e9 + nano;
  if (Math.abs(units) < EXACT_NANOS && Math.abs(whole) < EXACT_NANOS / 1e9) return units / 1e9;
  return Number(formatPredicted(value));
}

/** What every horizon shares, per fit: a horizon move computes only the rest. */
function predictorOf(model: ClvModel): Predictor {
  if (!model.fit.ok) throw new Error('no fit to predict from');
  return sharedPredictor(model.fit, model.inputs);
}

/**
 * Every customer's predicted_clv at `horizon` into `out` (NaN where none), as tb_clv holds it. The fit must
 * be made. One pass over the buyers, no per-buyer arrays: the same products in the same order as
 * predictClv's (expected purchases × expected order value × k), so the same doubles. Also counts the
 * customers with purchases and a prediction (what sortLater would count in a pass of its own).
 */
export function predictedColumnInto(model: ClvModel, out: Float64Array, horizon: ClvHorizon, purchases: ArrayLike<number>): { column: Float64Array; buyers: number } {
  if (!model.fit.ok) throw new Error('no fit to predict from');
  const p = predictorOf(model);
  const { perGroup, groupOf } = p.ifAlive(horizon.horizonDays);
  const k = discountFactor(horizon);
  const { pAlive, expectedOrderValue } = p;
  out.fill(NaN);
  const idx = model.idx;
  let buyers = 0;
  // heldValue's fast path written out here for the values it takes (clv ≥ 0 below 9e6, not too near half a
  // nano), the rest left to heldValue in a second loop: with a call in this loop that may allocate, V8
  // keeps its values out of registers, and a horizon move at a million buyers took ~2.5× as long (this
  // pass ~9.5 → ~3.5 ms in Chromium; calling a non-allocating copy of the fast path: ~7 ms).
  // tests/unit/clv-held.test.ts holds the column equal to heldValue of every product.
  const later: number[] = [];
  for (let i = 0; i < idx.length; i++) {
    const clv = pAlive[i] * perGroup[groupOf[i]] * expectedOrderValue[i] * k;
    const nanos = clv * 1e9;
    if (!(clv >= 0 && clv < 9e6 && Math.abs(nanos - Math.floor(nanos) - 0.5) > nanos * 4.5e-16)) {
      later.push(i);
      continue;
    }
    const c = idx[i];
    out[c] = Math.floor(nanos + 0.5) / 1e9;
    if (purchases[c] > 0) buyers++;
  }
  for (const i of later) {
    const clv = pAlive[i] * perGroup[groupOf[i]] * expectedOrderValue[i] * k;
    if (!Number.isFinite(clv)) continue;
    const c = idx[i];
    out[c] = heldValue(clv);
    if (purchases[c] > 0) buyers++;
  }
  return { column: out, buyers };
}

/** One prediction for every customer in idx order (NaN where none), as tb_clv holds it: a list sorted by it. */
export function heldColumn(model: ClvModel, n: number, horizon: ClvHorizon, column: keyof HeldPredictions): Float64Array {
  if (!model.fit.ok) throw new Error('no fit to predict from');
  const p = predictClv(model.fit, model.inputs, horizon, predictorOf(model));
  const values = { p_alive: p.pAlive, expected_purchases: p.expectedPurchases, expected_order_value: p.expectedOrderValue, predicted_clv: p.predictedClv }[column];
  const out = new Float64Array(n).fill(NaN);
  const idx = model.idx;
  for (let k = 0; k < idx.length; k++) if (Number.isFinite(values[k])) out[idx[k]] = heldValue(values[k]);
  return out;
}

/** Row positions in `model.idx` (ascending) of these customers; -1 for one without inputs (a prospect). */
export function inputRows(model: ClvModel, customers: readonly number[]): number[] {
  return customers.map((c) => {
    let lo = 0, hi = model.idx.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (model.idx[mid] === c) return mid;
      if (model.idx[mid] < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  });
}

export type HeldPredictions = Record<'p_alive' | 'expected_purchases' | 'expected_order_value' | 'predicted_clv', number | null>;

/** These customers' four predictions as tb_clv holds them (null where none), computed from the fit alone. */
export function predictionsOf(model: ClvModel, customers: readonly number[], horizon: ClvHorizon): HeldPredictions[] {
  const rows = inputRows(model, customers);
  const none: HeldPredictions = { p_alive: null, expected_purchases: null, expected_order_value: null, predicted_clv: null };
  if (!model.fit.ok) return rows.map(() => ({ ...none }));
  const at = rows.filter((r) => r >= 0);
  const pick = (a: Float64Array) => Float64Array.from(at, (r) => a[r]);
  const inputs = model.inputs;
  const p: ClvPredictions = predictClv(model.fit, { x: pick(inputs.x), tx: pick(inputs.tx), T: pick(inputs.T), mx: pick(inputs.mx) }, horizon);
  const held = (v: number) => (Number.isFinite(v) ? heldValue(v) : null);
  let k = 0;
  return rows.map((r) => {
    if (r < 0) return { ...none };
    const row = { p_alive: held(p.pAlive[k]), expected_purchases: held(p.expectedPurchases[k]), expected_order_value: held(p.expectedOrderValue[k]), predicted_clv: held(p.predictedClv[k]) };
    k++;
    return row;
  });
}
