// Identical rows evaluate the likelihood identically: fitting and predicting run over distinct keys with
// a count each. Groups come out sorted by key, so every sum is taken in the same order whatever the
// input row order (the fit never depends on how the rows were ordered).
import { inSteps, toEnd } from './steps';
import { lowerBound } from '../lower-bound';

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
export const TABLE_LIMIT = 1 << 22;

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
  const small = yield* inSteps(n, step, (from, to) => (max = smallIntegerMax(values, from, to, max)) >= 0);
  if (!small) return null;
  const rankOf = new Int32Array(max + 1).fill(-1);
  yield* inSteps(n, step, (from, to) => markPresent(values, from, to, rankOf));
  let distinct = 0;
  for (let v = 0; v <= max; v++) if (rankOf[v] === 0) rankOf[v] = distinct++;
  const sorted = new Float64Array(distinct);
  for (let v = 0; v <= max; v++) if (rankOf[v] >= 0) sorted[rankOf[v]] = v;
  const id = new Uint32Array(n);
  yield* inSteps(n, step, (from, to) => rankRows(values, from, to, rankOf, id));
  return { values: sorted, of: id, id };
}

/** Any other values (amounts): sort them all (a typed sort), keep the distinct ones, search each. */
function rankAny(values: ArrayLike<number>): Column & { id: Uint32Array } {
  const id = new Uint32Array(values.length);
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let j = 0; j < sorted.length; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[n++] = sorted[j];
  const distinct = sorted.slice(0, n);
  for (let j = 0; j < values.length; j++) id[j] = lowerBound(distinct, values[j]);
  return { values: distinct, of: id, id };
}

/** `order` stably reordered by `key` (values 0..size−1) into `out`: one counting-sort pass, in steps. */
function* countingPassSteps(order: Uint32Array, key: Uint32Array, size: number, out: Uint32Array, step: number): Generator<void, void, void> {
  const start = new Uint32Array(size + 1);
  yield* inSteps(key.length, step, (from, to) => countKeys(key, from, to, start));
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  yield* inSteps(order.length, step, (from, to) => placeRows(order, key, from, to, start, out));
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
    yield* inSteps(n, step, (from, to) => void (m += countKept(keep, from, to)));
    const kept = new Int32Array(m);
    const [va, vb, vc] = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
    let j = 0;
    yield* inSteps(n, step, (from, to) => void (j = copyKept(keep, a, b, c, from, to, j, kept, va, vb, vc)));
    rows = kept;
    cols = [va, vb, vc];
  }
  const m = rows ? rows.length : n;
  const ra = yield* rankSteps(cols[0], step);
  const rb = yield* rankSteps(cols[1], step);
  const rc = yield* rankSteps(cols[2], step);
  // Radix sort on the three ranks, last key first (linear in the rows); a key with one value moves nothing.
  let order = new Uint32Array(m);
  const first = order;
  yield* inSteps(m, step, (from, to) => identity(first, from, to));
  let spare = new Uint32Array(m);
  for (const r of [rc, rb, ra]) {
    if (r.values.length < 2) continue;
    yield* countingPassSteps(order, r.id, r.values.length, spare, step);
    [order, spare] = [spare, order];
  }
  const [ia, ib, ic] = [ra.id, rb.id, rc.id];
  const sorted = order;
  let size = 0;
  yield* inSteps(m, step, (from, to) => void (size += countGroupStarts(sorted, ia, ib, ic, from, to)));
  const groupOf = new Int32Array(n);
  if (rows) groupOf.fill(-1);
  const out: GroupsOut = { oa: new Uint32Array(size), ob: new Uint32Array(size), oc: new Uint32Array(size), counts: new Float64Array(size), groupOf };
  let g = -1;
  yield* inSteps(m, step, (from, to) => void (g = writeGroups(sorted, ia, ib, ic, rows, from, to, g, out)));
  return { cols: [{ values: ra.values, of: out.oa }, { values: rb.values, of: out.ob }, { values: rc.values, of: out.oc }], count: out.counts, groupOf };
}
