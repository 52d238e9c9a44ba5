// The per-customer columns the live recount reads: numbers only (ids stay in DuckDB), NaN for null.
import type { QuantileMetric } from '../sql/labels';

export const METRIC_COLUMNS = [
  'purchases', 'monetary', 'recency_days', 'tenure_days', 'aov', 'profit', 'categories',
  'purchase_rate', 'csat', 'nps', 'referrals',
] as const;
export type MetricName = (typeof METRIC_COLUMNS)[number];

export type MetricColumns = Record<MetricName, Float64Array> & { n: number };

/** One row per customer in idx order; DECIMAL becomes DOUBLE only here, at the boundary. */
export const METRIC_COLUMNS_SQL = `SELECT ${METRIC_COLUMNS.map(
  (c) => `coalesce(CAST("${c}" AS DOUBLE), 'NaN'::DOUBLE) AS "${c}"`,
).join(', ')} FROM tb_metrics ORDER BY idx`;

export const TOUCH_EVENTS_SQL = `SELECT idx, days_before FROM tb_touch_events ORDER BY days_before, idx`;

export interface TouchEvents {
  idx: Int32Array;
  daysBefore: Int32Array;
}

/** Buyers' non-null values of each quantile metric, ascending: the cuts are read from these by index. */
export type SortedMetrics = Record<QuantileMetric, Float64Array>;

export function sortMetrics(c: MetricColumns): SortedMetrics {
  const pick = (col: Float64Array) => {
    const out = new Float64Array(c.n);
    let k = 0;
    for (let i = 0; i < c.n; i++) if (c.purchases[i] > 0 && col[i] === col[i]) out[k++] = col[i];
    return out.slice(0, k).sort();
  };
  return {
    monetary: pick(c.monetary), profit: pick(c.profit), aov: pick(c.aov),
    purchases: pick(c.purchases), recency_days: pick(c.recency_days),
  };
}

/** touches = purchases + interactions within the window; events are sorted by days before as_of. */
export function countTouches(events: TouchEvents, n: number, windowDays: number, out: Int32Array = new Int32Array(n)): Int32Array {
  out.fill(0);
  const { idx, daysBefore } = events;
  for (let k = 0; k < idx.length && daysBefore[k] <= windowDays; k++) out[idx[k]]++;
  return out;
}
