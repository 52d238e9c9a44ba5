// Identical rows evaluate the likelihood identically: fitting and predicting run over distinct keys with
// a count each. Groups come out sorted by key, so every sum is taken in the same order whatever the
// input row order (the fit never depends on how the rows were ordered).

export interface Column {
  /** Distinct values, ascending. */
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
function rank(values: Float64Array): Column & { id: Uint32Array } {
  return rankSmallIntegers(values) ?? rankAny(values);
}

/** Beyond this the lookup table of `rankSmallIntegers` costs more than it saves. */
const TABLE_LIMIT = 1 << 22;

/**
 * Counts and days (x, t_x, T) are small non-negative integers: a lookup table over 0..max ranks them in
 * two linear passes, without a Map. Null when a value is anything else.
 */
function rankSmallIntegers(values: Float64Array): (Column & { id: Uint32Array }) | null {
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
function rankAny(values: Float64Array): Column & { id: Uint32Array } {
  const id = new Uint32Array(values.length);
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let j = 0; j < sorted.length; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[n++] = sorted[j];
  const distinct = sorted.slice(0, n);
  for (let j = 0; j < values.length; j++) id[j] = find(distinct, values[j]);
  return { values: distinct, of: id, id };
}

/** Positions 0..m−1 stably reordered by `key` (values 0..size−1): one counting-sort pass. */
function countingPass(order: Uint32Array, key: Uint32Array, size: number): Uint32Array {
  const start = new Uint32Array(size + 1);
  for (let j = 0; j < key.length; j++) start[key[j] + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const out = new Uint32Array(order.length);
  for (let s = 0; s < order.length; s++) out[start[key[order[s]]]++] = order[s];
  return out;
}

/** Groups the rows where `keep[i]` is set (all rows without it) by the triple (a[i], b[i], c[i]). */
export function groupRows(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>, keep?: Uint8Array): Groups {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (!keep || keep[i]) m++;
  const rows = new Int32Array(m);
  const [va, vb, vc] = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  for (let i = 0, j = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    rows[j] = i;
    va[j] = a[i];
    vb[j] = b[i];
    vc[j] = c[i];
    j++;
  }
  const [ra, rb, rc] = [rank(va), rank(vb), rank(vc)];
  // Radix sort on the three ranks, last key first (linear in the rows).
  let order: Uint32Array = new Uint32Array(m);
  for (let j = 0; j < m; j++) order[j] = j;
  order = countingPass(order, rc.id, rc.values.length);
  order = countingPass(order, rb.id, rb.values.length);
  order = countingPass(order, ra.id, ra.values.length);
  const groupOf = new Int32Array(n).fill(-1);
  const counts = new Float64Array(m);
  const [oa, ob, oc] = [new Uint32Array(m), new Uint32Array(m), new Uint32Array(m)];
  let g = -1;
  for (let s = 0; s < m; s++) {
    const j = order[s];
    if (g < 0 || ra.id[j] !== oa[g] || rb.id[j] !== ob[g] || rc.id[j] !== oc[g]) {
      g++;
      oa[g] = ra.id[j];
      ob[g] = rb.id[j];
      oc[g] = rc.id[j];
    }
    counts[g]++;
    groupOf[rows[j]] = g;
  }
  const size = g + 1;
  const col = (r: Column, of: Uint32Array): Column => ({ values: r.values, of: of.slice(0, size) });
  return { cols: [col(ra, oa), col(rb, ob), col(rc, oc)], count: counts.slice(0, size), groupOf };
}
