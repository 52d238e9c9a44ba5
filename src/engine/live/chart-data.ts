// Small aggregates the charts draw, computed in the worker from the columns and the current labels.
import { cutValue } from '../quantile';
import { lowerBound } from '../lower-bound';
import type { Config } from '../config';
import type { Cut } from '../sql/labels';
import type { MetricColumns, SortedMetrics } from './columns';
import type { Recount } from './recount';

export interface ValueTiers {
  /** The metric the tiers are cut on: monetary where tiers by predicted_clv have no predictions (SPEC §3a). */
  metric: Config['value']['metric'];
  /** The metric the config asked for (value.metric). */
  asked: Config['value']['metric'];
  /** Cut values in the metric's units (the interpolated quantile in share mode); null without buyers. */
  highCut: number | null;
  midCut: number | null;
  /** Sum of monetary per value label (high, mid, low, prospect). */
  revenue: number[];
}

export interface RfmHeat {
  cuts: { r: (number | null)[]; f: (number | null)[]; m: (number | null)[] };
  /** 25 cells, r-major: customers and mean monetary for r = 1..5, f = 1..5. */
  cells: { r: number; f: number; customers: number; meanMonetary: number | null }[];
}

export interface ModelCharts {
  /** Buyers per 30-day recency bin (the last bin is open-ended). */
  recency: { from: number; to: number | null; customers: number }[];
  /** Cumulative share of revenue by cumulative share of buyers, best customers first (101 points). */
  pareto: { customers: number; revenue: number }[];
}

const display = (cut: Cut, sorted: SortedMetrics): number | null => {
  if ('value' in cut) return cut.value;
  return cut.at ? cutValue(sorted[cut.metric], cut.at) : null;
};

export function valueTiers(out: Recount, sorted: SortedMetrics, asked: Config['value']['metric']): ValueTiers {
  const cuts = out.cuts!;
  return { metric: cuts.valueHigh.metric as Config['value']['metric'], asked, highCut: display(cuts.valueHigh, sorted), midCut: display(cuts.valueMid, sorted), revenue: Array.from(out.valueRevenue) };
}

export function rfmHeat(out: Recount, sorted: SortedMetrics): RfmHeat {
  const cuts = out.cuts!;
  const count = out.heatCount, sum = out.heatMonetary;
  const cells: RfmHeat['cells'] = [];
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) {
    const k = r * 6 + f;
    cells.push({ r, f, customers: count[k], meanMonetary: count[k] ? sum[k] / count[k] : null });
  }
  return { cuts: { r: cuts.r.map((x) => display(x, sorted)), f: cuts.f.map((x) => display(x, sorted)), m: cuts.m.map((x) => display(x, sorted)) }, cells };
}

export function modelCharts(c: MetricColumns, sorted: Pick<SortedMetrics, 'monetary'>, keep?: Uint8Array, binDays = 30, bins = 24): ModelCharts {
  const counts = new Array(bins).fill(0);
  for (let i = 0; i < c.n; i++) {
    if (c.purchases[i] < 1 || (keep && !keep[i])) continue;
    counts[Math.min(bins - 1, Math.floor((c.recency_days[i] - 1) / binDays))]++;
  }
  const recency = counts.map((customers, b) => ({ from: b * binDays + 1, to: b === bins - 1 ? null : (b + 1) * binDays, customers }));
  const desc = sorted.monetary; // ascending; walk from the top
  const n = desc.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += desc[i];
  const pareto: ModelCharts['pareto'] = [{ customers: 0, revenue: 0 }];
  let acc = 0, next = 1;
  for (let k = 1; k <= n && n > 0; k++) {
    acc += desc[n - k];
    while (next <= 100 && k >= (next * n) / 100) {
      pareto.push({ customers: next / 100, revenue: total > 0 ? acc / total : 0 });
      next++;
    }
  }
  return { recency, pareto };
}

/**
 * The same curve with buyers ranked by another metric (value tiers cut by profit, AOV, purchases or
 * predicted CLV: the tiers' lines then sit where those tiers end, and the curve at a line reads the
 * revenue share the tiers' bars show). `sortedAsc`: the ranked buyers' values, ascending (buyers with a
 * value, and kept). Buyers tied on the metric share their block's revenue evenly, so the curve does not
 * depend on the order of the rows; a point counts whole buyers, as the monetary curve does.
 */
export function rankedPareto(rank: ArrayLike<number>, monetary: ArrayLike<number>, purchases: ArrayLike<number>, sortedAsc: Float64Array, keep?: Uint8Array): ModelCharts['pareto'] {
  const n = sortedAsc.length;
  const blockRevenue = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < rank.length; i++) {
    const v = rank[i];
    if (purchases[i] < 1 || !(v >= -Infinity) || (keep && !keep[i])) continue;
    blockRevenue[lowerBound(sortedAsc, v)] += monetary[i];
    total += monetary[i];
  }
  const pareto: ModelCharts['pareto'] = [{ customers: 0, revenue: 0 }];
  let acc = 0;
  let next = 1;
  // Blocks of equal values from the top: [lo, hi) in sortedAsc holds ranks n−hi+1 … n−lo from the top.
  for (let hi = n; hi > 0;) {
    const lo = lowerBound(sortedAsc, sortedAsc[hi - 1]);
    const start = n - hi;
    const end = n - lo;
    for (let upTo = Math.ceil((next * n) / 100); next <= 100 && upTo <= end; upTo = Math.ceil((++next * n) / 100)) {
      const share = acc + (blockRevenue[lo] * (upTo - start)) / (end - start);
      pareto.push({ customers: next / 100, revenue: total > 0 ? share / total : 0 });
    }
    acc += blockRevenue[lo];
    hi = lo;
  }
  return pareto;
}
