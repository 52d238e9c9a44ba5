// The per-customer columns the live recount reads: numbers only (ids stay in DuckDB), NaN for null.
import type { QuantileMetric } from '../sql/labels';
import { AS_OF_TABLES, type ModelTables } from '../sql/tables';

export const METRIC_COLUMNS = [
  'purchases', 'monetary', 'recency_days', 'tenure_days', 'aov', 'profit', 'categories',
  'purchase_rate', 'csat', 'nps', 'referrals',
] as const;
export type MetricName = (typeof METRIC_COLUMNS)[number];

/**
 * Whole-number metrics that every relabel reads cross as Int32 (half the memory traffic of doubles).
 * They are never null except recency and tenure of prospects, which every rule masks by purchases;
 * -1 stands in for those.
 */
export const INT_COLUMNS = ['purchases', 'recency_days', 'tenure_days', 'referrals'] as const;
type IntName = (typeof INT_COLUMNS)[number];

export type MetricColumns = Record<Exclude<MetricName, IntName>, Float64Array> &
  Record<IntName, Int32Array> & {
    n: number; /** purchases as doubles, when it is the value metric */ purchasesValue: Float64Array;
    /** tb_clv's predicted_clv (NaN: a prospect, or no fit), set by the session after each write of tb_clv. */
    predicted_clv: Float64Array;
  };

const isInt = (c: string) => (INT_COLUMNS as readonly string[]).includes(c);

/** One row per customer in idx order; DECIMAL becomes DOUBLE only here, at the boundary. NaN for null. */
export const metricColumnsSql = (tables: ModelTables = AS_OF_TABLES): string => `SELECT ${METRIC_COLUMNS.map((c) =>
  isInt(c) ? `coalesce(CAST("${c}" AS INTEGER), -1) AS "${c}"` : `coalesce(CAST("${c}" AS DOUBLE), 'NaN'::DOUBLE) AS "${c}"`,
).join(', ')} FROM ${tables.metrics} ORDER BY idx`;
export const METRIC_COLUMNS_SQL = metricColumnsSql();

export function toMetricColumns(n: number, raw: Record<string, ArrayLike<number>>): MetricColumns {
  const cols = { n } as MetricColumns;
  // Kept as read when the reader already gives the type (Arrow's Int32 and Float64 columns): a copy of
  // every column would double them at the load's peak (1M customers: ~90 MB). Nothing writes into them.
  const int32 = (a: ArrayLike<number>) => (a instanceof Int32Array ? a : Int32Array.from(a));
  const float64 = (a: ArrayLike<number>) => (a instanceof Float64Array ? a : Float64Array.from(a));
  for (const c of METRIC_COLUMNS) (cols as Record<string, unknown>)[c] = isInt(c) ? int32(raw[c]) : float64(raw[c]);
  cols.purchasesValue = Float64Array.from(cols.purchases);
  cols.predicted_clv = raw.predicted_clv ? Float64Array.from(raw.predicted_clv) : new Float64Array(n).fill(NaN);
  return cols;
}

/** A metric as doubles, for thresholds that may be any metric (value tiers, needs). */
export function metricColumn(c: MetricColumns, name: 'monetary' | 'profit' | 'aov' | 'purchases' | 'purchase_rate' | 'categories' | 'predicted_clv'): Float64Array {
  return name === 'purchases' ? c.purchasesValue : c[name];
}

/** Every customer's predicted_clv in idx order (NaN where none): the live value tiers' column. */
export const predictedColumnSql = (tables: ModelTables = AS_OF_TABLES): string =>
  `SELECT coalesce(CAST(c.predicted_clv AS DOUBLE), 'NaN'::DOUBLE) AS predicted_clv FROM ${tables.metrics} m LEFT JOIN ${tables.clv} c USING (idx) ORDER BY m.idx`;

export const TOUCH_EVENTS_SQL = `SELECT idx, days_before FROM tb_touch_events ORDER BY days_before, idx`;
/** The same events in any order, for `sortTouchEvents` (a sort of millions of rows in SQL costs ~10× it). */
export const touchEventsUnsortedSql = (tables: ModelTables = AS_OF_TABLES): string => `SELECT idx, days_before FROM ${tables.touchEvents}`;
export const TOUCH_EVENTS_UNSORTED_SQL = touchEventsUnsortedSql();

/**
 * Events ordered by (days before, idx), as TOUCH_EVENTS_SQL returns them: two stable counting sorts
 * (by idx, then by days before), linear in the events. `n`: customers (idx < n).
 */
export function sortTouchEvents(idx: ArrayLike<number>, daysBefore: ArrayLike<number>, n: number): TouchEvents {
  const m = idx.length;
  const byIdx = countingOrder(idx, m, 0, n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < m; k++) { const d = daysBefore[k]; if (d < lo) lo = d; if (d > hi) hi = d; }
  // The second pass places each event straight into the output (no key copy, no second order): at ten
  // million events that is 80 MB less held at the load's peak.
  const range = m ? hi - lo + 1 : 0;
  const start = new Int32Array(range + 1);
  for (let k = 0; k < m; k++) start[daysBefore[k] - lo + 1]++;
  for (let v = 0; v < range; v++) start[v + 1] += start[v];
  const out = { idx: new Int32Array(m), daysBefore: new Int32Array(m) };
  for (let k = 0; k < m; k++) {
    const at = byIdx[k];
    const d = daysBefore[at];
    const to = start[d - lo]++;
    out.idx[to] = idx[at];
    out.daysBefore[to] = d;
  }
  return out;
}

/** Positions of `keys` (integers in [lo, lo + range)) in stable ascending order. */
function countingOrder(keys: ArrayLike<number>, m: number, lo: number, range: number): Int32Array {
  const start = new Int32Array(range + 1);
  for (let k = 0; k < m; k++) start[keys[k] - lo + 1]++;
  for (let v = 0; v < range; v++) start[v + 1] += start[v];
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[start[keys[k] - lo]++] = k;
  return order;
}

export interface TouchEvents {
  idx: Int32Array;
  daysBefore: Int32Array;
}

/** Buyers' non-null values of each quantile metric, ascending: the cuts are read from these by index. */
export type SortedMetrics = Record<QuantileMetric, Float64Array>;

/** `only`: sort these metrics, leave the others empty (a trend date keeps only what its frameworks read). */
export function sortMetrics(c: MetricColumns, only?: ReadonlySet<QuantileMetric>): SortedMetrics {
  const pick = (col: ArrayLike<number>, metric: QuantileMetric) => {
    if (only && !only.has(metric)) return new Float64Array(0);
    const out = new Float64Array(c.n);
    let k = 0;
    for (let i = 0; i < c.n; i++) if (c.purchases[i] > 0 && col[i] >= -Infinity) out[k++] = col[i];
    return out.slice(0, k).sort();
  };
  return {
    monetary: pick(c.monetary, 'monetary'), profit: pick(c.profit, 'profit'), aov: pick(c.aov, 'aov'),
    purchases: pick(c.purchases, 'purchases'), recency_days: pick(c.recency_days, 'recency_days'), predicted_clv: pick(c.predicted_clv, 'predicted_clv'),
  };
}

/** The lengths of sorted copies not made yet (sortLater): counting the buyers does not need the sort. */
const deferredLengths = new WeakMap<SortedMetrics, Partial<Record<QuantileMetric, number>>>();

/**
 * `sorted[metric]` sorted from `c` on first read instead of now: a horizon move replaces predicted_clv, and
 * only value tiers cut by it read its sorted copy (a sort of a million doubles is ~0.1 s); its length is
 * known at once (`sortedLength`): `counted` when the caller counted the buyers with a value as it wrote the
 * column, else one pass here. Assigning the key replaces the deferred sort with the array given.
 */
export function sortLater(sorted: SortedMetrics, c: MetricColumns, metric: QuantileMetric, counted?: number): void {
  let kept: Float64Array | null = null;
  const col: ArrayLike<number> = c[metric];
  let length = counted ?? 0;
  if (counted === undefined) for (let i = 0; i < c.n; i++) if (c.purchases[i] > 0 && col[i] >= -Infinity) length++;
  const lengths = deferredLengths.get(sorted) ?? {};
  lengths[metric] = length;
  deferredLengths.set(sorted, lengths);
  const settle = (v: Float64Array) => {
    delete lengths[metric];
    return (kept = v);
  };
  Object.defineProperty(sorted, metric, {
    configurable: true,
    enumerable: true,
    get: () => kept ?? settle(sortMetrics(c, new Set([metric]))[metric]),
    set: (v: Float64Array) => { settle(v); },
  });
}

/** sorted[metric].length, without making a deferred sort. */
export function sortedLength(sorted: SortedMetrics, metric: QuantileMetric): number {
  return deferredLengths.get(sorted)?.[metric] ?? sorted[metric].length;
}

/** touches = purchases + interactions within the window; events are sorted by days before as_of. */
export function countTouches(events: TouchEvents, n: number, windowDays: number, out: Int32Array = new Int32Array(n)): Int32Array {
  out.fill(0);
  const { idx, daysBefore } = events;
  for (let k = 0; k < idx.length && daysBefore[k] <= windowDays; k++) out[idx[k]]++;
  return out;
}
