// The Predicted value cell's answer (SPEC §3a), assembled in the worker from the live columns, the fit and
// the top customers' ids: no per-customer data crosses to the page beyond the top customers shown.
import type { ClvSummary } from '../clv-model';
import { clvDistribution, pAliveMatrix, type ClvDistribution, type PAlivePoint } from './view';
import type { ClvFit } from './api';

export interface ClvTopRow {
  customer_id: string; purchases: number; monetary: number;
  p_alive: number; expected_purchases: number; expected_order_value: number; predicted_clv: number;
}

export interface ClvPanel {
  summary: ClvSummary;
  distribution: ClvDistribution;
  /** The P(alive) matrix at the buyers' longest tenure; null when the fit is refused. */
  pAlive: { T: number; points: PAlivePoint[] } | null;
  top: ClvTopRow[];
}

/** Rows with the largest values (NaN: none), ties by idx (customer_id byte order); `keep`: the filter. */
export function topIndices(values: ArrayLike<number>, k: number, keep?: Uint8Array): number[] {
  // One pass keeping the best k in order (k is a handful): sorting a million rows for ten cost ~0.3 s.
  const out: number[] = [];
  const before = (a: number, b: number) => values[a] > values[b] || (values[a] === values[b] && a < b);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] >= -Infinity) || (keep && !keep[i])) continue;
    if (out.length === k && !before(i, out[k - 1])) continue;
    let at = out.length === k ? k - 1 : out.length;
    while (at > 0 && before(i, out[at - 1])) {
      out[at] = out[at - 1];
      at--;
    }
    out[at] = i;
  }
  return out;
}

/** Every customer's id in idx order (the rows of the live columns): the top customers' ids are read from it. */
export const CUSTOMER_IDS_SQL = 'SELECT customer_id FROM tb_metrics ORDER BY idx';

/** Most repeat purchases drawn in the P(alive) matrix: beyond a dozen the rows are all but 1 at any recency. */
const MATRIX_MAX_X = 12;

/** What the panel draws that depends on the fit and its inputs only (not the horizon, nor the filter): kept per fit. */
const perFit = new WeakMap<object, { inputs: object; pAlive: ClvPanel['pAlive'] }>();

function pAliveOf(fit: ClvFit, inputs: { x: ArrayLike<number>; T: ArrayLike<number> }): ClvPanel['pAlive'] {
  const kept = perFit.get(fit);
  if (kept && kept.inputs === inputs) return kept.pAlive;
  let T = 0, maxX = 0;
  for (let i = 0; i < inputs.T.length; i++) { if (inputs.T[i] > T) T = inputs.T[i]; if (inputs.x[i] > maxX) maxX = inputs.x[i]; }
  const pAlive = fit.ok && T > 0 ? { T, points: pAliveMatrix(fit, T, Math.min(MATRIX_MAX_X, maxX)) } : null;
  perFit.set(fit, { inputs, pAlive });
  return pAlive;
}

/** `predicted`: every customer's value in idx order (NaN: none); `keep`: the filter. */
export function panelOf(summary: ClvSummary, fit: ClvFit, inputs: { x: ArrayLike<number>; T: ArrayLike<number> }, predicted: ArrayLike<number>, top: ClvTopRow[], keep?: Uint8Array): ClvPanel {
  return { summary, distribution: clvDistribution(predicted, 30, keep), pAlive: pAliveOf(fit, inputs), top };
}
