// The Gamma-Gamma rows grouped: the repeat buyers by (x, m_x). Amounts are nearly all distinct, so the
// general grouping (group.ts) would rank them with a sort and a search per row; bucketing by x and
// sorting each bucket in place gives the same groups in the same order for less.
import { groupRowsSteps, ROWS_PER_STEP, TABLE_LIMIT, type Groups } from './group';
import { inSteps, toEnd } from './steps';

/**
 * The Gamma-Gamma rows: the repeat buyers (x ≥ 1) grouped by (x, m_x), in the order `groupRows(x, m, 0,
 * x ≥ 1)` gives them, with the same counts. The amount column holds one value per group (`of` is the
 * identity); no per-row `groupOf` (the fit needs none). Falls back to `groupRows` for anything but small
 * integer x and non-NaN amounts, where the two could order differently.
 */
export function groupRepeatBuyers(x: ArrayLike<number>, m: ArrayLike<number>): Groups {
  return toEnd(groupRepeatBuyersSteps(x, m));
}

/** Over rows [from, to): the largest repeat count, at least `max`; -1 when a repeat buyer's count is not a small integer or its amount is NaN. */
function repeatMax(x: ArrayLike<number>, m: ArrayLike<number>, from: number, to: number, max: number): number {
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (!(v >= 1)) continue;
    if (!(v < TABLE_LIMIT && v === Math.floor(v)) || Number.isNaN(m[i])) return -1;
    if (v > max) max = v;
  }
  return max;
}

/** `groupRows(x, m, 0, x ≥ 1)` in steps: the fall-back where bucketing by x could order differently. */
function* repeatBuyersByGroupRows(x: ArrayLike<number>, m: ArrayLike<number>, step: number): Generator<void, Groups, void> {
  const n = x.length;
  const keep = new Uint8Array(n);
  yield* inSteps(n, step, (from, to) => markRepeats(x, from, to, keep));
  return yield* groupRowsSteps(x, m, new Float64Array(n), keep, step);
}

function markRepeats(x: ArrayLike<number>, from: number, to: number, keep: Uint8Array): void {
  for (let i = from; i < to; i++) keep[i] = x[i] >= 1 ? 1 : 0;
}

function countRepeats(x: ArrayLike<number>, from: number, to: number, start: Int32Array): void {
  for (let i = from; i < to; i++) if (x[i] >= 1) start[x[i] + 1]++;
}

function placeAmounts(x: ArrayLike<number>, m: ArrayLike<number>, from: number, to: number, next: Int32Array, amounts: Float64Array): void {
  for (let i = from; i < to; i++) if (x[i] >= 1) amounts[next[x[i]]++] = m[i];
}

function countDistinct(seg: Float64Array): number {
  let size = 0;
  for (let j = 0; j < seg.length; j++) if (j === 0 || seg[j] !== seg[j - 1]) size++;
  return size;
}

interface AmountGroups {
  xOf: Uint32Array;
  mOf: Uint32Array;
  count: Float64Array;
  ms: Float64Array;
}

/** The sorted amounts [from, to) of bucket k (starting at `first`) written to their groups after group g; returns the last group. */
function writeAmountGroups(amounts: Float64Array, first: number, from: number, to: number, k: number, g: number, out: AmountGroups): number {
  const { xOf, mOf, count, ms } = out;
  for (let j = from; j < to; j++) {
    if (j === first || amounts[j] !== amounts[j - 1]) {
      g++;
      xOf[g] = k;
      mOf[g] = g;
      ms[g] = amounts[j];
    }
    count[g]++;
  }
  return g;
}

/** The same, yielding between steps of one pass over at most `step` rows, and between the sorts of its buckets. */
export function* groupRepeatBuyersSteps(x: ArrayLike<number>, m: ArrayLike<number>, step = ROWS_PER_STEP): Generator<void, Groups, void> {
  const n = x.length;
  let max = 0;
  const small = yield* inSteps(n, step, (from, to) => (max = repeatMax(x, m, from, to, max)) >= 0);
  if (!small) return yield* repeatBuyersByGroupRows(x, m, step);
  // start[v + 1] counts the buyers with x = v, then (summed) start[v] is where bucket v begins.
  const start = new Int32Array(max + 2);
  yield* inSteps(n, step, (from, to) => countRepeats(x, from, to, start));
  for (let v = 0; v <= max; v++) start[v + 1] += start[v];
  const next = start.slice(0, max + 1);
  const amounts = new Float64Array(start[max + 1]);
  yield* inSteps(n, step, (from, to) => placeAmounts(x, m, from, to, next, amounts));
  let size = 0;
  let counts = 0;
  let sorted = 0;
  for (let v = 1; v <= max; v++) {
    if (start[v] === start[v + 1]) continue;
    counts++;
    // A bucket is sorted whole (one typed sort): the one step here that can be longer than `step` rows.
    size += countDistinct(amounts.subarray(start[v], start[v + 1]).sort());
    sorted += start[v + 1] - start[v];
    if (sorted >= step) {
      sorted = 0;
      yield;
    }
  }
  yield;
  const xs = new Float64Array(counts);
  const out: AmountGroups = { xOf: new Uint32Array(size), mOf: new Uint32Array(size), count: new Float64Array(size), ms: new Float64Array(size) };
  let g = -1;
  let written = 0;
  for (let v = 1, k = -1; v <= max; v++) {
    if (start[v] === start[v + 1]) continue;
    xs[++k] = v;
    for (let from = start[v]; from < start[v + 1]; from += step) {
      const to = Math.min(start[v + 1], from + step);
      g = writeAmountGroups(amounts, start[v], from, to, k, g, out);
      written += to - from;
      if (written >= step) {
        written = 0;
        yield;
      }
    }
  }
  const zero = { values: new Float64Array(1), of: new Uint32Array(size) };
  return { cols: [{ values: xs, of: out.xOf }, { values: out.ms, of: out.mOf }, zero], count: out.count, groupOf: new Int32Array(0) };
}
