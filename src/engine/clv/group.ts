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

/** Each value's rank among the column's distinct values (sorted ascending), which does not depend on the row order. */
function rank(values: ArrayLike<number>): Column & { id: Uint32Array } {
  return rankSmallIntegers(values) ?? rankAny(values);
}

/** Beyond this the lookup table of `rankSmallIntegers` costs more than it saves. */
const TABLE_LIMIT = 1 << 22;

/**
 * Counts and days (x, t_x, T) are small non-negative integers: a lookup table over 0..max ranks them in
 * two linear passes, without a Map. Null when a value is anything else.
 */
function rankSmallIntegers(values: ArrayLike<number>): (Column & { id: Uint32Array }) | null {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < TABLE_LIMIT && v === Math.floor(v))) return null;
    if (v > max) max = v;
  }
  const rankOf = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < values.length; i++) rankOf[values[i]] = 0;
  let n = 0;
  for (let v = 0; v <= max; v++) if (rankOf[v] === 0) rankOf[v] = n++;
  const distinct = new Float64Array(n);
  for (let v = 0; v <= max; v++) if (rankOf[v] >= 0) distinct[rankOf[v]] = v;
  const id = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) id[i] = rankOf[values[i]];
  return { values: distinct, of: id, id };
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

/** `order` stably reordered by `key` (values 0..size−1) into `out`: one counting-sort pass. */
function countingPass(order: Uint32Array, key: Uint32Array, size: number, out: Uint32Array): void {
  const start = new Uint32Array(size + 1);
  for (let j = 0; j < key.length; j++) start[key[j] + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  for (let s = 0; s < order.length; s++) out[start[key[order[s]]]++] = order[s];
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

/**
 * The same, yielding between its passes over the rows (each a few milliseconds at a million rows, the
 * whole ~130 ms): the worker's fit pauses there and serves threshold moves.
 */
export function* groupRowsSteps(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, keep?: Uint8Array): Generator<void, Groups, void> {
  const n = a.length;
  let rows: Int32Array | null = null;
  let cols: [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>] = [a, b, c];
  if (keep) {
    let m = 0;
    for (let i = 0; i < n; i++) if (keep[i]) m++;
    rows = new Int32Array(m);
    const [va, vb, vc] = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
    for (let i = 0, j = 0; i < n; i++) {
      if (!keep[i]) continue;
      rows[j] = i;
      va[j] = a[i];
      vb[j] = b[i];
      vc[j] = c[i];
      j++;
    }
    cols = [va, vb, vc];
  }
  const m = rows ? rows.length : n;
  yield;
  const ra = rank(cols[0]);
  yield;
  const rb = rank(cols[1]);
  yield;
  const rc = rank(cols[2]);
  yield;
  // Radix sort on the three ranks, last key first (linear in the rows); a key with one value moves nothing.
  let order = new Uint32Array(m);
  for (let j = 0; j < m; j++) order[j] = j;
  let spare = new Uint32Array(m);
  for (const r of [rc, rb, ra]) {
    if (r.values.length < 2) continue;
    countingPass(order, r.id, r.values.length, spare);
    [order, spare] = [spare, order];
    yield;
  }
  const [ia, ib, ic] = [ra.id, rb.id, rc.id];
  let size = 0;
  for (let s = 0; s < m; s++) {
    const j = order[s], p = s > 0 ? order[s - 1] : 0;
    if (s === 0 || ia[j] !== ia[p] || ib[j] !== ib[p] || ic[j] !== ic[p]) size++;
  }
  yield;
  const groupOf = new Int32Array(n);
  if (rows) groupOf.fill(-1);
  const counts = new Float64Array(size);
  const [oa, ob, oc] = [new Uint32Array(size), new Uint32Array(size), new Uint32Array(size)];
  let g = -1;
  for (let s = 0; s < m; s++) {
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
  return { cols: [{ values: ra.values, of: oa }, { values: rb.values, of: ob }, { values: rc.values, of: oc }], count: counts, groupOf };
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

/** Rows sorted between two pauses of `groupRepeatBuyersSteps` (a few milliseconds). */
const SORTED_PER_STEP = 1 << 16;

/** The same, yielding between its passes and between the sorts of its buckets. */
export function* groupRepeatBuyersSteps(x: ArrayLike<number>, m: ArrayLike<number>): Generator<void, Groups, void> {
  const n = x.length;
  let max = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (!(v >= 1)) continue;
    if (!(v < TABLE_LIMIT && v === Math.floor(v)) || Number.isNaN(m[i])) return yield* groupRowsSteps(x, m, new Float64Array(n), Uint8Array.from(x as ArrayLike<number>, (v) => (v >= 1 ? 1 : 0)));
    if (v > max) max = v;
    kept++;
  }
  const start = new Int32Array(max + 2);
  for (let i = 0; i < n; i++) if (x[i] >= 1) start[x[i] + 1]++;
  for (let v = 0; v <= max; v++) start[v + 1] += start[v];
  const next = start.slice(0, max + 1);
  const amounts = new Float64Array(kept);
  for (let i = 0; i < n; i++) if (x[i] >= 1) amounts[next[x[i]]++] = m[i];
  yield;
  let size = 0;
  let counts = 0;
  let sorted = 0;
  for (let v = 1; v <= max; v++) {
    if (start[v] === start[v + 1]) continue;
    counts++;
    const seg = amounts.subarray(start[v], start[v + 1]).sort();
    for (let j = 0; j < seg.length; j++) if (j === 0 || seg[j] !== seg[j - 1]) size++;
    sorted += seg.length;
    if (sorted >= SORTED_PER_STEP) {
      sorted = 0;
      yield;
    }
  }
  yield;
  const xs = new Float64Array(counts);
  const [xOf, mOf] = [new Uint32Array(size), new Uint32Array(size)];
  const [count, ms] = [new Float64Array(size), new Float64Array(size)];
  let g = -1;
  for (let v = 1, k = -1; v <= max; v++) {
    if (start[v] === start[v + 1]) continue;
    xs[++k] = v;
    for (let j = start[v]; j < start[v + 1]; j++) {
      if (j === start[v] || amounts[j] !== amounts[j - 1]) {
        g++;
        xOf[g] = k;
        mOf[g] = g;
        ms[g] = amounts[j];
      }
      count[g]++;
    }
  }
  const zero = { values: new Float64Array(1), of: new Uint32Array(size) };
  return { cols: [{ values: xs, of: xOf }, { values: ms, of: mOf }, zero], count, groupOf: new Int32Array(0) };
}
