// What the Predicted value cell draws (SPEC §3a), computed in the worker from the fit and the predictions:
// the distribution of predicted CLV, the classic P(alive) matrix, and the fit's own summary.
import { quickselect } from 'd3-array';
import { predictClv, type ClvFit, type ClvFitted, type ClvHorizon } from './api';

/** One bar of the distribution: buyers with lo <= predicted_clv < hi (the last bar also holds hi). */
export interface ClvBin { lo: number; hi: number; customers: number }

export interface ClvDistribution {
  bins: ClvBin[];
  /** Buyers above the 99th percentile, drawn as one bar after the others so the long tail does not flatten them. */
  tail: { from: number; customers: number; max: number } | null;
  buyers: number;
  total: number;
}

/** A step that reads well: 1, 2 or 5 times a power of ten, giving about `bins` bars over `span`. */
export function niceStep(span: number, bins: number): number {
  if (!(span > 0)) return 1;
  const raw = span / bins;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
}

/**
 * Histogram of the non-null values (NaN: prospect or refused; `keep`: the filter), in nice steps from 0 (or
 * the minimum) to the 99th percentile. No sort: the 99th percentile is selected (Floyd–Rivest, d3-array),
 * so a horizon move at a million buyers pays one linear pass, not a sort. `total` is summed in the order
 * given (the page gives idx order, which does not depend on the order of the file's rows).
 */
export function clvDistribution(values: ArrayLike<number>, bins = 30, keep?: Uint8Array): ClvDistribution {
  const stats = keptStats(values, keep);
  if (!stats.n) return { bins: [], tail: null, buyers: 0, total: 0 };
  return histogram(values, keep, stats, rankValue(values, keep, stats.n, p99Rank(stats.n)), bins);
}

/** What the histogram needs of the kept non-null values besides the 99th percentile: summed in the order given. */
export interface KeptStats { n: number; total: number; min: number; max: number }

/**
 * Bars counted in keptStats' pass for the values below its bound, at a step and start guessed before the
 * pass (clv/panel.ts): index floor((x − start) / step), the last one also holding any beyond it (`over`).
 */
export interface GuessedBins { start: number; step: number; counts: Float64Array; over: boolean }

/**
 * n, total, min and max of the kept non-null values, summed in the order given; with `bound`, also the rows
 * whose value is at or above it (in row order), in the same pass; with `guess`, the values below the bound
 * counted into its bars too.
 */
export function keptStats(values: ArrayLike<number>, keep?: Uint8Array, bound = Infinity, guess?: GuessedBins): KeptStats & { rows: Int32Array } {
  let n = 0;
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  let above = 0;
  const collect = bound < Infinity;
  let rows = new Int32Array(collect ? Math.max(STATS_BLOCK, Math.ceil(values.length / 20)) : 0);
  const counts = guess?.counts ?? new Float64Array(1);
  const last = counts.length - 1;
  const start = guess?.start ?? 0;
  const step = guess?.step ?? 1;
  let over = false;
  for (let from = 0; from < values.length; from += STATS_BLOCK) {
    // Room for a whole block's rows before its loop: an allocation that may happen inside the loop over the
    // values made V8 keep the sums out of registers (1M values in Node: 6.5 → 2.2 ms; the panel's answer to
    // a horizon move at 1M customers in the page: ~19 → ~11 ms).
    if (collect && rows.length - above < STATS_BLOCK) rows = grown(rows, above);
    const to = Math.min(values.length, from + STATS_BLOCK);
    for (let i = from; i < to; i++) {
      const x = values[i];
      if (!(x >= -Infinity) || (keep && !keep[i])) continue;
      n++;
      total += x;
      if (x < min) min = x;
      if (x > max) max = x;
      if (collect && x >= bound) rows[above++] = i;
      else if (guess) {
        const k = Math.floor((x - start) / step);
        if (k >= 0 && k < last) counts[k]++;
        else {
          counts[last]++;
          if (k !== last) over = true;
        }
      }
    }
  }
  if (guess) guess.over = over;
  return { n, total, min, max, rows: rows.subarray(0, above) };
}

/** Values per block of keptStats' pass: its rows array grows between blocks, never inside one. */
const STATS_BLOCK = 4096;

/** `rows`' first `used` entries in an array with room for at least a block more. */
function grown(rows: Int32Array, used: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(rows.length * 2, used + STATS_BLOCK));
  out.set(rows.subarray(0, used));
  return out;
}

/** The 99th percentile's ascending rank among n values. */
export const p99Rank = (n: number) => Math.min(n - 1, Math.floor(0.99 * (n - 1)));

/** The histogram's bars for these stats and 99th percentile: from 0 (or the minimum) in nice steps past p99. */
export function barsOf(stats: KeptStats, p99: number, bins: number): { start: number; step: number; count: number; end: number } {
  const lo0 = Math.min(0, stats.min);
  const step = niceStep(p99 - lo0, bins);
  const start = Math.floor(lo0 / step) * step;
  const count = Math.max(1, Math.ceil((p99 - start) / step + 1e-12));
  return { start, step, count, end: start + count * step };
}

/** The bars from 0 (or the minimum) to the 99th percentile in nice steps, and the tail past them (stats.n > 0). */
export function histogram(values: ArrayLike<number>, keep: Uint8Array | undefined, stats: KeptStats, p99: number, bins: number): ClvDistribution {
  const { start, step, count, end } = barsOf(stats, p99, bins);
  const counts = new Float64Array(count);
  let tail = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= -Infinity) || (keep && !keep[i])) continue;
    if (x >= end) tail++;
    else counts[Math.min(count - 1, Math.floor((x - start) / step))]++;
  }
  return distributionOf(stats, counts, start, step, tail);
}

/** The distribution from its bars' counts (from `start`, `step` wide) and the count past the last. */
export function distributionOf(stats: KeptStats, counts: Float64Array, start: number, step: number, tail: number): ClvDistribution {
  const bins: ClvBin[] = Array.from(counts, (customers, k) => ({ lo: start + k * step, hi: start + (k + 1) * step, customers }));
  return { bins, tail: tail ? { from: start + counts.length * step, customers: tail, max: stats.max } : null, buyers: stats.n, total: stats.total };
}

/** Below this many values a copy and one selection is as quick as anything cleverer. */
export const SMALL = 20_000;

/** An evenly spaced sample (about 8,000) of the kept non-null values, for bounds on the top ranks. */
export function keptSample(values: ArrayLike<number>, keep?: Uint8Array): number[] {
  const stride = Math.max(1, Math.floor(values.length / 8192));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += stride) {
    const x = values[i];
    if (x >= -Infinity && (keep === undefined || keep[i] !== 0)) sample.push(x);
  }
  return sample;
}

/**
 * The value at ascending rank `at` (0-based) among the `n` kept non-null values. The top ranks are selected
 * among the few values above a bound read off an evenly spaced sample (about 8,000 values), not among a copy
 * of all of them: at a million buyers that is a few milliseconds instead of tens. Exact whatever the sample
 * says: the values below the bound are only counted, and a bound set too high falls back to the copy.
 */
export function rankValue(values: ArrayLike<number>, keep: Uint8Array | undefined, n: number, at: number): number {
  if (n >= SMALL) {
    const sample = keptSample(values, keep);
    // Two points of the share below the asked rank's, so the sample's noise rarely puts the bound above it.
    const q = Math.max(0, at / n - 0.02);
    if (sample.length > 100 && q > 0) {
      const k = Math.floor(q * (sample.length - 1));
      quickselect(sample, k);
      const bound = sample[k];
      // One pass: the values at or above the bound kept (the buffer grows if the sample undersold them).
      let top = new Float64Array(Math.max(1024, Math.ceil((n - at) * 4)));
      let above = 0;
      for (let i = 0; i < values.length; i++) {
        const x = values[i];
        if (!(x >= bound) || (keep !== undefined && keep[i] === 0)) continue;
        if (above === top.length) {
          const grown = new Float64Array(top.length * 2);
          grown.set(top);
          top = grown;
        }
        top[above++] = x;
      }
      const below = n - above;
      if (below <= at) {
        const picked = top.subarray(0, above);
        quickselect(picked, at - below);
        return picked[at - below];
      }
    }
  }
  const v = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) {
    const x = values[i];
    if (x >= -Infinity && (keep === undefined || keep[i] !== 0)) v[j++] = x;
  }
  quickselect(v, at);
  return v[at];
}

/** P(alive) of a buyer with x repeat purchases whose last purchase was `recency` days before as_of, over a tenure of T days. */
export interface PAlivePoint { x: number; recency: number; p: number }

/**
 * The "probability alive" matrix (Fader, Hardie & Lee; lifetimes' plot_probability_alive_matrix): P(alive)
 * under the fit for x = 0…maxX repeat purchases and days since the last purchase from 0 to T, at the
 * longest tenure T among the buyers. x = 0 buyers are alive by the model's definition (1).
 */
export function pAliveMatrix(fit: ClvFitted, T: number, maxX: number, steps = 24): PAlivePoint[] {
  const xs: number[] = [], tx: number[] = [], Ts: number[] = [], mx: number[] = [], rec: number[] = [];
  // A round number of days (1, 2 or 5 × a power of ten), so the axis reads 0, 150, 300 rather than 0, 138, 276:
  // between ~steps × 0.8 and steps × 2 columns.
  const step = Math.max(1, niceStep(T, 2 * steps));
  for (let x = 0; x <= maxX; x++) {
    for (let r = 0; r <= T; r += step) {
      xs.push(x); rec.push(r); tx.push(x === 0 ? 0 : T - r); Ts.push(T); mx.push(x === 0 ? NaN : 1);
    }
  }
  const { pAlive } = predictClv(fit, { x: xs, tx, T: Ts, mx }, { horizonDays: 1, annualDiscount: 0 });
  return xs.map((x, i) => ({ x, recency: rec[i], p: pAlive[i] }));
}

/** The fit as the cell and clv.json show it: parameters and log-likelihoods, or the refusal in words. */
export interface ClvSummary {
  fit: ClvFit;
  horizon: ClvHorizon;
}
