// The Predicted value cell's answer (SPEC §3a), assembled in the worker from the live columns, the fit and
// the top customers' ids: no per-customer data crosses to the page beyond the top customers shown.
import type { ClvSummary } from '../clv-model';
import { quickselect } from 'd3-array';
import { barsOf, clvDistribution, distributionOf, histogram, keptSample, keptStats, p99Rank, pAliveMatrix, SMALL, type ClvDistribution, type GuessedBins, type PAlivePoint } from './view';
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
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] >= -Infinity && (!keep || keep[i])) offer(values, out, k, i);
  return out;
}

/**
 * Row i into the best k so far, kept in order (k is a handful): sorting a million rows for ten cost ~0.3 s.
 * Callers offer rows in ascending i with a value (not NaN), so a tie never beats a row already kept; most
 * rows fall below the k-th at the first comparison (no closure per row: that alone was ~8 ms at 25k rows).
 */
function offer(values: ArrayLike<number>, out: number[], k: number, i: number): void {
  if (k <= 0) return;
  const v = values[i];
  if (out.length === k) {
    const last = out[k - 1];
    const w = values[last];
    if (v < w || (v === w && i > last)) return;
  }
  let at = out.length === k ? k - 1 : out.length;
  while (at > 0) {
    const o = out[at - 1];
    const w = values[o];
    if (!(v > w || (v === w && i < o))) break;
    out[at] = o;
    at--;
  }
  out[at] = i;
}

/** Bars counted in the pass while guessing: enough that a guess of the step a notch too fine still fits. */
const GUESSED_BARS = 128;

/**
 * The distribution and the top k rows (as clvDistribution and topIndices give them) in one pass over the
 * values instead of four: a sample gives a bound, and a guess of the bars (their step and start, from the
 * sample's 99th percentile and minimum); the pass sums the kept values, counts those below the bound into
 * the guessed bars and keeps the rows at or above it, among which both the 99th percentile and the top k
 * lie (checked: otherwise the two functions answer). The values at or above the bound are binned from
 * their rows; if the exact bars are not the guessed ones, the histogram takes its own pass. At a million
 * buyers a horizon move repaints sooner.
 */
export function distributionAndTop(values: ArrayLike<number>, k: number, keep?: Uint8Array, bins = 30): { distribution: ClvDistribution; top: number[] } {
  const plain = () => ({ distribution: clvDistribution(values, bins, keep), top: topIndices(values, k, keep) });
  if (values.length < SMALL) return plain();
  const sample = keptSample(values, keep);
  if (sample.length <= 100) return plain();
  // Two points below the 99th percentile's share, so the sample's noise rarely puts the bound above it.
  const q = Math.floor(0.97 * (sample.length - 1));
  quickselect(sample, q);
  const bound = sample[q];
  let sampleMin = Infinity;
  for (let j = 0; j < q; j++) if (sample[j] < sampleMin) sampleMin = sample[j];
  const p99Guess = quickselect(sample, p99Rank(sample.length), q)[p99Rank(sample.length)];
  const bars = barsOf({ n: sample.length, total: 0, min: Math.min(sampleMin, bound), max: 0 }, p99Guess, bins);
  const guess: GuessedBins = { start: bars.start, step: bars.step, counts: new Float64Array(GUESSED_BARS), over: false };
  const stats = keptStats(values, keep, bound, guess);
  const { n, rows } = stats;
  const above = rows.length;
  const at = p99Rank(n);
  const below = n - above;
  if (below > at || above < k) return plain();
  const top: number[] = [];
  for (let j = 0; j < above; j++) offer(values, top, k, rows[j]);
  const picked = new Float64Array(above);
  for (let j = 0; j < above; j++) picked[j] = values[rows[j]];
  quickselect(picked, at - below);
  const p99 = picked[at - below];
  const { start, step, count, end } = barsOf(stats, p99, bins);
  // The guess held (and every value below the bound lies below the last bar's end): the pass's counts are the bars'.
  if (guess.over || start !== guess.start || step !== guess.step || !(end > bound)) return { distribution: histogram(values, keep, stats, p99, bins), top };
  const counts = new Float64Array(count);
  for (let j = 0; j < GUESSED_BARS; j++) counts[Math.min(count - 1, j)] += guess.counts[j];
  let tail = 0;
  for (let j = 0; j < above; j++) {
    const x = values[rows[j]];
    if (x >= end) tail++;
    else counts[Math.min(count - 1, Math.floor((x - start) / step))]++;
  }
  return { distribution: distributionOf(stats, counts, start, step, tail), top };
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
export function panelOf(summary: ClvSummary, fit: ClvFit, inputs: { x: ArrayLike<number>; T: ArrayLike<number> }, distribution: ClvDistribution, top: ClvTopRow[]): ClvPanel {
  return { summary, distribution, pAlive: pAliveOf(fit, inputs), top };
}
