// Identical rows evaluate the likelihood identically: fitting and predicting run over distinct keys with
// a count each. Groups come out sorted by key, so every sum is taken in the same order whatever the
// input row order (the fit never depends on how the rows were ordered).
import { toEnd } from './steps';

export interface Column {
  /** Distinct values, ascending (`groupRepeatBuyers`' amounts: one per group, ascending within each count). */
  values: Float64Array;
  /** Per group, the index of its value in `values` (for tables computed once per distinct value). */
  of: Uint32Array;
}

export interface Groups {
  /** Per group (sorted ascending by the three keys), the three key columns. */
  cols: [Column, Column, Column];
  count: Float64Array;
  /** Per input row, its group; -1 for rows left out. */
  groupOf: Int32Array;
}

/** Index of v in the ascending array d, where it is present. */
function find(d: Float64Array, v: number): number {
  let lo = 0;
  let hi = d.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rows per step of the groupings: the work between two of their pause points is at most one pass over
 * this many rows (~1 ms), so a threshold move arriving during the fit waits for little more than the
 * worker's slice. A whole pass at a million rows held the worker for 50–100 ms in Chromium.
 */
export const ROWS_PER_STEP = 1 << 15;

/** Each value's rank among the column's distinct values (sorted ascending), which does not depend on the row order. */
function* rankSteps(values: ArrayLike<number>, step: number): Generator<void, Column & { id: Uint32Array }, void> {
  return (yield* rankSmallIntegersSteps(values, step)) ?? rankAny(values);
}

/** Beyond this the lookup table of `rankSmallIntegersSteps` costs more than it saves. */
const TABLE_LIMIT = 1 << 22;

/** The largest of values[from..to), at least `max`; -1 when one is not a small non-negative integer. */
function smallIntegerMax(values: ArrayLike<number>, from: number, to: number, max: number): number {
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (!(v >= 0 && v < TABLE_LIMIT && v === Math.floor(v))) return -1;
    if (v > max) max = v;
  }
  return max;
}

function markPresent(values: ArrayLike<number>, from: number, to: number, rankOf: Int32Array): void {
  for (let i = from; i < to; i++) rankOf[values[i]] = 0;
}

function rankRows(values: ArrayLike<number>, from: number, to: number, rankOf: Int32Array, id: Uint32Array): void {
  for (let i = from; i < to; i++) id[i] = rankOf[values[i]];
}

/**
 * Counts and days (x, t_x, T) are small non-negative integers: a lookup table over 0..max ranks them in
 * linear passes, without a Map. Null when a value is anything else.
 */
function* rankSmallIntegersSteps(values: ArrayLike<number>, step: number): Generator<void, (Column & { id: Uint32Array }) | null, void> {
  const n = values.length;
  let max = 0;
  for (let from = 0; from < n; from += step) {
    max = smallIntegerMax(values, from, Math.min(n, from + step), max);
    if (max < 0) return null;
    yield;
  }
  const rankOf = new Int32Array(max + 1).fill(-1);
  for (let from = 0; from < n; from += step) {
    markPresent(values, from, Math.min(n, from + step), rankOf);
    yield;
  }
  let distinct = 0;
  for (let v = 0; v <= max; v++) if (rankOf[v] === 0) rankOf[v] = distinct++;
  const sorted = new Float64Array(distinct);
  for (let v = 0; v <= max; v++) if (rankOf[v] >= 0) sorted[rankOf[v]] = v;
  const id = new Uint32Array(n);
  for (let from = 0; from < n; from += step) {
    rankRows(values, from, Math.min(n, from + step), rankOf, id);
    yield;
  }
  return { values: sorted, of: id, id };
}

/** Any other values (amounts): sort them all (a typed sort), keep the distinct ones, search each. */
function rankAny(values: ArrayLike<number>): Column & { id: Uint32Array } {
  const id = new Uint32Array(values.length);
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let j = 0; j < sorted.length; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[n++] = sorted[j];
  const distinct = sorted.slice(0, n);
  for (let j = 0; j < values.length; j++) id[j] = find(distinct, values[j]);
  return { values: distinct, of: id, id };
}

/** `order` stably reordered by `key` (values 0..size−1) into `out`: one counting-sort pass, in steps. */
function* countingPassSteps(order: Uint32Array, key: Uint32Array, size: number, out: Uint32Array, step: number): Generator<void, void, void> {
  const start = new Uint32Array(size + 1);
  for (let from = 0; from < key.length; from += step) {
    countKeys(key, from, Math.min(key.length, from + step), start);
    yield;
  }
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  for (let from = 0; from < order.length; from += step) {
    placeRows(order, key, from, Math.min(order.length, from + step), start, out);
    yield;
  }
}

function countKeys(key: Uint32Array, from: number, to: number, start: Uint32Array): void {
  for (let j = from; j < to; j++) start[key[j] + 1]++;
}

function placeRows(order: Uint32Array, key: Uint32Array, from: number, to: number, start: Uint32Array, out: Uint32Array): void {
  for (let s = from; s < to; s++) out[start[key[order[s]]]++] = order[s];
}

/**
 * Groups the rows where `keep[i]` is set (all rows without it) by the triple (a[i], b[i], c[i]).
 * Few arrays a row: on this machine fresh memory is costly to touch (page faults, and V8 collects
 * after large ArrayBuffer allocations), so the rows are read in place when all are kept, the radix
 * sort ping-pongs two buffers, and the per-group outputs are sized after counting the groups.
 */
export function groupRows(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, keep?: Uint8Array): Groups {
  return toEnd(groupRowsSteps(a, b, c, keep));
}

function countKept(keep: Uint8Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) if (keep[i]) m++;
  return m;
}

/** The kept rows of [from, to) copied from position j on; returns the next position. */
function copyKept(keep: Uint8Array, a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, from: number, to: number, j: number, rows: Int32Array, va: Float64Array, vb: Float64Array, vc: Float64Array): number {
  for (let i = from; i < to; i++) {
    if (!keep[i]) continue;
    rows[j] = i;
    va[j] = a[i];
    vb[j] = b[i];
    vc[j] = c[i];
    j++;
  }
  return j;
}

function identity(order: Uint32Array, from: number, to: number): void {
  for (let j = from; j < to; j++) order[j] = j;
}

/** Group starts among the sorted positions [from, to). */
function countGroupStarts(order: Uint32Array, ia: Uint32Array, ib: Uint32Array, ic: Uint32Array, from: number, to: number): number {
  let size = 0;
  for (let s = from; s < to; s++) {
    const j = order[s], p = s > 0 ? order[s - 1] : 0;
    if (s === 0 || ia[j] !== ia[p] || ib[j] !== ib[p] || ic[j] !== ic[p]) size++;
  }
  return size;
}

interface GroupsOut {
  oa: Uint32Array;
  ob: Uint32Array;
  oc: Uint32Array;
  counts: Float64Array;
  groupOf: Int32Array;
}

/** The sorted positions [from, to) written to their groups, g being the group before `from`; returns the last group. */
function writeGroups(order: Uint32Array, ia: Uint32Array, ib: Uint32Array, ic: Uint32Array, rows: Int32Array | null, from: number, to: number, g: number, out: GroupsOut): number {
  const { oa, ob, oc, counts, groupOf } = out;
  for (let s = from; s < to; s++) {
    const j = order[s], p = s > 0 ? order[s - 1] : 0;
    if (s === 0 || ia[j] !== ia[p] || ib[j] !== ib[p] || ic[j] !== ic[p]) {
      g++;
      oa[g] = ia[j];
      ob[g] = ib[j];
      oc[g] = ic[j];
    }
    counts[g]++;
    groupOf[rows ? rows[j] : j] = g;
  }
  return g;
}

/**
 * The same, yielding between steps of at most one pass over `step` rows: the worker's fit pauses there
 * and serves threshold moves.
 */
export function* groupRowsSteps(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, keep?: Uint8Array, step = ROWS_PER_STEP): Generator<void, Groups, void> {
  const n = a.length;
  let rows: Int32Array | null = null;
  let cols: [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>] = [a, b, c];
  if (keep) {
    let m = 0;
    for (let from = 0; from < n; from += step) {
      m += countKept(keep, from, Math.min(n, from + step));
      yield;
    }
    rows = new Int32Array(m);
    const [va, vb, vc] = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
    for (let from = 0, j = 0; from < n; from += step) {
      j = copyKept(keep, a, b, c, from, Math.min(n, from + step), j, rows, va, vb, vc);
      yield;
    }
    cols = [va, vb, vc];
  }
  const m = rows ? rows.length : n;
  const ra = yield* rankSteps(cols[0], step);
  const rb = yield* rankSteps(cols[1], step);
  const rc = yield* rankSteps(cols[2], step);
  // Radix sort on the three ranks, last key first (linear in the rows); a key with one value moves nothing.
  let order = new Uint32Array(m);
  for (let from = 0; from < m; from += step) {
    identity(order, from, Math.min(m, from + step));
    yield;
  }
  let spare = new Uint32Array(m);
  for (const r of [rc, rb, ra]) {
    if (r.values.length < 2) continue;
    yield* countingPassSteps(order, r.id, r.values.length, spare, step);
    [order, spare] = [spare, order];
  }
  const [ia, ib, ic] = [ra.id, rb.id, rc.id];
  let size = 0;
  for (let from = 0; from < m; from += step) {
    size += countGroupStarts(order, ia, ib, ic, from, Math.min(m, from + step));
    yield;
  }
  const groupOf = new Int32Array(n);
  if (rows) groupOf.fill(-1);
  const out: GroupsOut = { oa: new Uint32Array(size), ob: new Uint32Array(size), oc: new Uint32Array(size), counts: new Float64Array(size), groupOf };
  for (let from = 0, g = -1; from < m; from += step) {
    g = writeGroups(order, ia, ib, ic, rows, from, Math.min(m, from + step), g, out);
    if (from + step < m) yield;
  }
  return { cols: [{ values: ra.values, of: out.oa }, { values: rb.values, of: out.ob }, { values: rc.values, of: out.oc }], count: out.counts, groupOf };
}

/**
 * The Gamma-Gamma rows: the repeat buyers (x ≥ 1) grouped by (x, m_x), in the order `groupRows(x, m, 0,
 * x ≥ 1)` gives them, with the same counts. Amounts are nearly all distinct, so a group is nearly a row:
 * instead of ranking the amounts (a sort, then a search per row) the rows are bucketed by x and each
 * bucket's amounts sorted in place. The amount column holds one value per group (`of` is the identity);
 * no per-row `groupOf` (the fit needs none). Falls back to `groupRows` for anything but small integer x
 * and non-NaN amounts, where the two could order differently.
 */
export function groupRepeatBuyers(x: ArrayLike<number>, m: ArrayLike<number>): Groups {
  return toEnd(groupRepeatBuyersSteps(x, m));
}

/**
 * Over rows [from, to): the largest repeat count, at least `max`, with the repeat buyers counted into
 * kept[0]; -1 when a repeat buyer's count is not a small integer or its amount is NaN.
 */
function repeatMax(x: ArrayLike<number>, m: ArrayLike<number>, from: number, to: number, max: number, kept: Float64Array): number {
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (!(v >= 1)) continue;
    if (!(v < TABLE_LIMIT && v === Math.floor(v)) || Number.isNaN(m[i])) return -1;
    if (v > max) max = v;
    kept[0]++;
  }
  return max;
}

/** `groupRows(x, m, 0, x ≥ 1)` in steps: the fall-back where bucketing by x could order differently. */
function* repeatBuyersByGroupRows(x: ArrayLike<number>, m: ArrayLike<number>, step: number): Generator<void, Groups, void> {
  const n = x.length;
  const keep = new Uint8Array(n);
  for (let from = 0; from < n; from += step) {
    markRepeats(x, from, Math.min(n, from + step), keep);
    yield;
  }
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
  const kept = new Float64Array(1);
  for (let from = 0; from < n; from += step) {
    max = repeatMax(x, m, from, Math.min(n, from + step), max, kept);
    if (max < 0) return yield* repeatBuyersByGroupRows(x, m, step);
    yield;
  }
  const start = new Int32Array(max + 2);
  for (let from = 0; from < n; from += step) {
    countRepeats(x, from, Math.min(n, from + step), start);
    yield;
  }
  for (let v = 0; v <= max; v++) start[v + 1] += start[v];
  const next = start.slice(0, max + 1);
  const amounts = new Float64Array(kept[0]);
  for (let from = 0; from < n; from += step) {
    placeAmounts(x, m, from, Math.min(n, from + step), next, amounts);
    yield;
  }
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
  const { xOf, mOf, count, ms } = out;
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
  return { cols: [{ values: xs, of: xOf }, { values: ms, of: mOf }, zero], count, groupOf: new Int32Array(0) };
}
