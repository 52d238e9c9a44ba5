// What a trend date must keep in memory: only the columns the shown frameworks' rules read (SPEC §4a
// trend at 1M customers × 36 dates would otherwise hold every column of every date: ~5.6 GB).
import type { Config } from '../config';
import type { Framework } from '../frameworks';
import type { QuantileMetric } from '../sql/labels';
import type { MetricColumns, SortedMetrics, TouchEvents } from './columns';
import { tiersByPrediction } from '../value-metric';

type ColumnName = Exclude<keyof MetricColumns, 'n'>;

export interface TrendNeed {
  columns: ReadonlySet<ColumnName>;
  sorted: ReadonlySet<QuantileMetric>;
  events: boolean;
}

/** The column a value or needs metric is read from (metricColumn in columns.ts). */
const column = (metric: string): ColumnName => (metric === 'purchases' ? 'purchasesValue' : (metric as ColumnName));

/**
 * The columns `recount` reads for one framework under `config` (recount.ts, rule by rule). The value and
 * needs metrics are the config's: changing one of them is a change of need (the dates are built again);
 * a threshold or a mode never is.
 */
export function trendNeed(framework: Framework, config: Config): TrendNeed {
  const need = (columns: ColumnName[], sorted: QuantileMetric[] = [], events = false): TrendNeed => ({ columns: new Set(columns), sorted: new Set(sorted), events });
  switch (framework) {
    case 'ladder': return need(['purchases', 'recency_days', 'referrals', 'nps']);
    case 'lifecycle': return need(['purchases', 'recency_days', 'tenure_days']);
    // By predicted_clv, a date whose fit is refused is cut by monetary (SPEC §3a, value-metric.ts): both kept sorted.
    case 'value': return need(['purchases', 'monetary', column(config.value.metric)], tiersByPrediction(config) ? ['predicted_clv', 'monetary'] : [config.value.metric]);
    case 'needs': return need(['purchases', column(config.needs.metric)]);
    case 'engagement': return need([], [], true);
    case 'satisfaction': return need(['csat']);
    case 'nps': return need(['nps']);
    case 'rfm': return need(['purchases', 'recency_days', 'monetary'], ['recency_days', 'purchases', 'monetary']);
  }
}

export const unionNeed = (a: TrendNeed, b: TrendNeed): TrendNeed => ({
  columns: new Set([...a.columns, ...b.columns]), sorted: new Set([...a.sorted, ...b.sorted]), events: a.events || b.events,
});

/** Whether columns kept for `have` (null: all of them) serve `want`. */
export function covers(have: TrendNeed | null, want: TrendNeed): boolean {
  if (!have) return true;
  return [...want.columns].every((c) => have.columns.has(c)) && [...want.sorted].every((s) => have.sorted.has(s)) && (!want.events || have.events);
}

const NO_INTS = new Int32Array(0);
const NO_DOUBLES = new Float64Array(0);

/** The columns with those not needed replaced by empty arrays (their buffers freed with the full ones). */
/**
 * A kept column on its own memory: a column read as a view of the reader's result (toMetricColumns keeps
 * Arrow's arrays as read) would hold every other column of that result alive with it.
 */
function own<T extends Int32Array | Float64Array>(v: T): T {
  return v.byteLength === v.buffer.byteLength ? v : (v.slice() as T);
}

export function compactColumns(cols: MetricColumns, sorted: SortedMetrics, events: TouchEvents, need: TrendNeed): { cols: MetricColumns; sorted: SortedMetrics; events: TouchEvents } {
  const out = { n: cols.n } as MetricColumns;
  for (const k of Object.keys(cols) as (keyof MetricColumns)[]) {
    if (k === 'n') continue;
    const v = cols[k];
    (out as Record<string, unknown>)[k] = need.columns.has(k) ? own(v as Int32Array | Float64Array) : v instanceof Int32Array ? NO_INTS : NO_DOUBLES;
  }
  const keptSorted = {} as SortedMetrics;
  for (const k of Object.keys(sorted) as QuantileMetric[]) keptSorted[k] = need.sorted.has(k) ? sorted[k] : NO_DOUBLES;
  return { cols: out, sorted: keptSorted, events: need.events ? events : { idx: NO_INTS, daysBefore: NO_INTS } };
}
