// The live state of one dataset's columns and the summary the page draws from it: pure, no SQL.
// The Session holds one next to its model; the worker's early recount (workers/early.ts) holds one
// built from the sample's baked columns, so both answer a move with the same code.
import type { Config } from '../config';
import { FRAMEWORKS, labelKeys, segmentRules, type Framework } from '../frameworks';
import { funnel, npsScore } from '../funnel';
import type { Model } from '../pipeline';
import { ruleReach } from '../rfm-rules';
import type { Filter, StrategyMatrix, Summary } from '../session-types';
import { assignments, matrixShape, NO_COLUMNS } from '../playbook/matrix';
import { modelCharts, rankedPareto, rfmHeat, valueTiers, type ModelCharts } from './chart-data';
import { countTouches, metricColumn, sortMetrics, type MetricColumns, type SortedMetrics, type TouchEvents } from './columns';
import { scoreCuts, valueShares } from './cut-notes';
import { countKept, keptBuyerValues } from './filter';
import { matrixCounts, type MatrixCounts } from './matrix';
import { allocate, labelKey, recount, type Recount } from './recount';

/** What a summary says about the data besides the recount: fixed for a loaded dataset and as_of. */
export interface DataFacts {
  asOf: string;
  customers: number;
  report: Model['report'];
  examples: Model['examples'];
  formats: Model['formats'];
  /** Referrals are mapped (referrals or referred_by): anyone can be an advocate even without NPS answers. */
  referralsMapped: boolean;
}

export interface LiveData {
  cols: MetricColumns;
  events: TouchEvents;
  sorted: SortedMetrics;
  touches: Int32Array;
  /** The engagement window `touches` was counted for (-1: not yet). */
  touchWindow: number;
  out: Recount;
  charts: ModelCharts;
  filter: { spec: Filter; keep: Uint8Array; charts: ModelCharts } | null;
  /**
   * The value curve with buyers ranked by value tiers' metric when it is not monetary, and what it was drawn
   * for: the metric, the filter and that metric's sorted values (a new array whenever its column changes).
   */
  ranked?: { metric: string; filter: LiveData['filter']; sorted: Float64Array; pareto: ModelCharts['pareto'] } | null;
  /** The key (labelKey) each framework was last labelled under: unchanged sections are not relabelled. */
  labelledWith: Partial<Record<Framework, string>>;
  /** The matrix counts and what they were counted under (frameworks and their labelling). */
  matrix: { key: string; counts: MatrixCounts } | null;
}

/** Fresh live state over a dataset's columns: buyers' values sorted once, nothing labelled yet. */
export function liveData(cols: MetricColumns, events: TouchEvents, config: Config): LiveData {
  const sorted = sortMetrics(cols);
  return {
    cols, events, sorted, touches: new Int32Array(cols.n), touchWindow: -1, out: allocate(cols.n, config),
    charts: modelCharts(cols, sorted), filter: null, labelledWith: {}, matrix: null,
  };
}

/** The hot path: relabel the frameworks whose config section changed, and summarise; no SQL. */
export function summarise(d: LiveData, facts: DataFacts, config: Config): Summary {
  const t0 = performance.now();
  const w = config.engagement.windowDays;
  if (d.touchWindow !== w) {
    countTouches(d.events, d.cols.n, w, d.touches);
    d.touchWindow = w;
  }
  const stale = FRAMEWORKS.filter((fw) => d.labelledWith[fw] !== labelKey(fw, config));
  recount(d.cols, d.touches, d.sorted, config, d.out, stale);
  for (const fw of stale) d.labelledWith[fw] = labelKey(fw, config);
  const customers = d.filter ? countKept(d.out, d.cols, d.filter.keep) : facts.customers;
  const relabelled = stale.length;
  const value = valueTiers(d.out, d.sorted, config.value.metric);
  const rfm = rfmHeat(d.out, d.sorted);
  const cuts = d.out.cuts!;
  const recountMs = performance.now() - t0;
  const matrix = strategyMatrix(d, config);
  const counts = {} as Summary['counts'];
  for (const fw of FRAMEWORKS) {
    const keys = labelKeys(fw, config);
    counts[fw] = keys.map((key, i) => ({ key, customers: d.out.counts[fw][i] }));
  }
  return {
    asOf: facts.asOf,
    customers,
    filter: d.filter ? { ...d.filter.spec, of: facts.customers } : null,
    report: facts.report,
    examples: facts.examples,
    formats: facts.formats,
    counts,
    funnel: funnel(labelKeys('ladder', config), d.out.counts.ladder),
    npsScore: npsScore(d.out.counts.nps[0], d.out.counts.nps[1], d.out.counts.nps[2]),
    advocateData: facts.referralsMapped || d.out.counts.nps.slice(0, 3).some((n) => n > 0),
    value,
    valueShares: valueShares(config, cuts, d.sorted),
    rfm,
    rfmScores: scoreCuts(config, cuts, d.sorted),
    rfmRules: ruleReach(segmentRules(config)),
    charts: chartsFor(d, value.metric),
    recountMs,
    relabelled,
    matrix,
  };
}

/**
 * The charts of the data (or of the filter's customers); with value tiers cut by another metric than
 * monetary, the value curve ranks buyers by that metric, redrawn only when the metric, the filter or the
 * metric's column changed (a new predicted column comes with a new sorted copy): moving the tiers' cuts
 * does not move the curve, so a drag of Value high does not redraw it (~30 ms at a million buyers).
 */
function chartsFor(d: LiveData, metric: Config['value']['metric']): ModelCharts {
  const base = d.filter?.charts ?? d.charts;
  if (metric === 'monetary') return base;
  const sorted = d.sorted[metric];
  if (d.ranked?.metric !== metric || d.ranked.filter !== d.filter || d.ranked.sorted !== sorted) {
    const rank = metricColumn(d.cols, metric);
    const keep = d.filter?.keep;
    const sortedAsc = keep ? keptBuyerValues(rank, d.cols.purchases, keep) : sorted;
    d.ranked = { metric, filter: d.filter, sorted, pareto: rankedPareto(rank, d.cols.monetary, d.cols.purchases, sortedAsc, keep) };
  }
  return { ...base, pareto: d.ranked.pareto };
}

/** Matrix counts are redone only when a framework of the matrix was relabelled or the filter changed. */
function strategyMatrix(d: LiveData, config: Config): StrategyMatrix {
  const shape = matrixShape(config);
  const { rows, cols } = shape;
  const key = JSON.stringify([rows, cols, d.labelledWith[rows], cols === NO_COLUMNS ? null : d.labelledWith[cols], d.filter?.spec ?? null]);
  if (d.matrix?.key !== key) {
    const colLabels = cols === NO_COLUMNS ? null : d.out.labels[cols];
    const counts = matrixCounts(d.out.labels[rows], shape.rowKeys.length, colLabels, shape.colKeys.length, d.cols.monetary, d.filter?.keep);
    d.matrix = { key, counts };
  }
  const { customers, revenue, totalRevenue } = d.matrix.counts;
  const cells = assignments(config).map((a, k) => ({ ...a, customers: customers[k], revenue: revenue[k] }));
  return { ...shape, cells, totalRevenue };
}
