// The threshold-move hot path: every framework relabelled and counted over typed arrays.
// Rules mirror src/engine/sql/labels.ts one for one; tests hold the two to the same answers.
import { tiersByPrediction, valueConfig } from '../value-metric';
import { clvHorizon, horizonKey } from '../clv/horizon';
import type { Config } from '../config';
import { FRAMEWORKS, labelKeys, segmentRules, type Framework } from '../frameworks';
import { atLeastIndex } from '../quantile';
import { planCuts, type Cut, type Cuts, type QuantileCounts, type QuantileMetric } from '../sql/labels';
import { metricColumn, sortedLength, type MetricColumns, type SortedMetrics } from './columns';

export type Labels = Record<Framework, Uint8Array>;
export type Counts = Record<Framework, Int32Array>;

export interface Recount {
  labels: Labels;
  counts: Counts;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Sum of monetary per value label, accumulated in the value pass (the charts draw it). */
  valueRevenue: Float64Array;
  /** The cuts of the last recount (the charts show their values). */
  cuts: Cuts | null;
  /** Customers and summed monetary per (r, f) at r * 6 + f, accumulated in the RFM pass. */
  heatCount: Float64Array;
  heatMonetary: Float64Array;
}

export function allocate(n: number, config: Config): Recount {
  const labels = {} as Labels;
  const counts = {} as Counts;
  for (const fw of FRAMEWORKS) {
    labels[fw] = new Uint8Array(n);
    counts[fw] = new Int32Array(labelKeys(fw, config).length);
  }
  return {
    labels, counts, r: new Uint8Array(n), f: new Uint8Array(n), m: new Uint8Array(n),
    cuts: null, valueRevenue: new Float64Array(4), heatCount: new Float64Array(36), heatMonetary: new Float64Array(36),
  };
}

export function quantileCounts(s: SortedMetrics): QuantileCounts {
  const n = (m: QuantileMetric) => sortedLength(s, m);
  return {
    monetary: n('monetary'), profit: n('profit'), aov: n('aov'),
    purchases: n('purchases'), recency_days: n('recency_days'), predicted_clv: n('predicted_clv'),
  };
}

/** The numbers `x >= cut`/`x < cut` and `x > cut` compare with (see quantile.ts); NaN when there are no buyers. */
export function thresholds(cut: Cut, sorted: SortedMetrics): { atLeast: number; above: number } {
  if ('value' in cut) return { atLeast: cut.value, above: cut.value };
  if (!cut.at) return { atLeast: NaN, above: NaN };
  const s = sorted[cut.metric];
  return { atLeast: s[atLeastIndex(cut.at)], above: s[cut.at.lo] };
}

/** The config section each framework's labels depend on (besides the data). */
export const SECTION: Record<Framework, keyof Config> = {
  ladder: 'ladder', lifecycle: 'lifecycle', value: 'value', engagement: 'engagement',
  needs: 'needs', satisfaction: 'satisfaction', nps: 'nps', rfm: 'rfm',
};

/**
 * What a framework's labels depend on in the config, as a key: its section, and for value tiers by
 * predicted_clv the horizon and discount the predictions are made for (a horizon move re-tiers them, and
 * the counts cached under the key — the movement matrices — must be redone).
 */
export function labelKey(fw: Framework, config: Config): string {
  const section = JSON.stringify(config[SECTION[fw]]);
  return fw === 'value' && tiersByPrediction(config) ? `${section}@${horizonKey(clvHorizon(config))}` : section;
}

/**
 * Relabel and count `only` these frameworks (all by default); the others keep their labels and counts.
 * A threshold move changes one section of the config, so it relabels one framework.
 */
export function recount(
  c: MetricColumns, touches: Int32Array, sorted: SortedMetrics, config0: Config,
  out = allocate(c.n, config0), only: readonly Framework[] = FRAMEWORKS,
): Recount {
  // Value tiers by predicted_clv where this date has no predictions are cut by monetary, as in SQL.
  const config = valueConfig(config0, quantileCounts(sorted));
  const cuts = (out.cuts = planCuts(config, quantileCounts(sorted)));
  const { labels: L, counts: C } = out;
  const want = new Set(only);
  for (const fw of want) {
    const size = labelKeys(fw, config).length;
    if (C[fw].length !== size) C[fw] = new Int32Array(size);
    else C[fw].fill(0);
  }
  const n = c.n;
  const { purchases, recency_days: rec, tenure_days: ten, referrals, nps, csat } = c;

  // Labels are computed as branch-free arithmetic on 0/1 comparisons: per-customer branches on real
  // data mispredict, and the hot path must relabel 500k customers in a few ms. Rule order is kept:
  // each formula is the SPEC's first-match-wins list, written as sums of comparisons. Only relational
  // comparisons are used (V8 compiles `===` on doubles to a much slower path): purchases are whole
  // numbers >= 0, so `p < 1` is "p = 0"; NaN (null) fails every relational test, so `v >= -Infinity`
  // is "v is not null".
  if (want.has('ladder')) { // ladder: prospect 0, first_time 1, repeat 2, loyal 3, advocate 4
    const { loyalMinPurchases: lp, activeDays: ad, advocateMinReferrals: ar, advocateMinNps: an } = config.ladder;
    const lab = L.ladder, cnt = C.ladder;
    for (let i = 0; i < n; i++) {
      const p = purchases[i];
      const loyal = +(p >= lp) & +(rec[i] <= ad);
      const advocate = loyal & (+(referrals[i] >= ar) | +(nps[i] >= an));
      // p itself (0 or 1) on the first two rungs; above that, 2 + loyal + advocate.
      const above = +(p > 1);
      const k = above * (2 + loyal + advocate) + (1 - above) * p;
      lab[i] = k; cnt[k]++;
    }
  }
  if (want.has('lifecycle')) { // lifecycle: potential 0, new 1, mature 2, loyal 3, at_risk 4, churned 5
    const { newDays, atRiskDays, churnDays, loyalMinPurchases } = config.lifecycle;
    const lab = L.lifecycle, cnt = C.lifecycle;
    for (let i = 0; i < n; i++) {
      const p = purchases[i], r = rec[i];
      const churned = +(r > churnDays), atRisk = +(r > atRiskDays), isNew = +(ten[i] <= newDays), loyal = +(p >= loyalMinPurchases);
      // churned wins over at_risk (churnDays > atRiskDays), both over new, new over loyal, loyal over mature.
      const active = 1 - atRisk;
      // Prospects (p = 0) are potential, 0; their NaN recency reaches no comparison.
      const k = +(p >= 1) * (churned * 5 + (atRisk - churned) * 4 + active * (isNew + (1 - isNew) * (2 + loyal)));
      lab[i] = k; cnt[k]++;
    }
  }
  if (want.has('value')) { // value: high, mid, low, prospect
    const col = metricColumn(c, config.value.metric);
    const hi = thresholds(cuts.valueHigh, sorted).atLeast, mid = thresholds(cuts.valueMid, sorted).atLeast;
    tiers(purchases, col, hi, mid, L.value, C.value);
    const revenue = out.valueRevenue.fill(0), lab = L.value, money = c.monetary;
    for (let i = 0; i < n; i++) revenue[lab[i]] += money[i];
  }
  if (want.has('needs')) { // needs: high, mid, low, prospect
    tiers(purchases, metricColumn(c, config.needs.metric), config.needs.high, config.needs.mid, L.needs, C.needs);
  }
  if (want.has('engagement')) { // engagement: frequent 0, occasional 1, low 2 (occasionalMin <= frequentMin)
    const { frequentMin: fm, occasionalMin: om } = config.engagement;
    const lab = L.engagement, cnt = C.engagement;
    for (let i = 0; i < n; i++) {
      const t = touches[i];
      const k = 2 - +(t >= om) - +(t >= fm);
      lab[i] = k; cnt[k]++;
    }
  }
  if (want.has('satisfaction')) { // satisfaction: high, mid, low, unknown
    const { high, mid } = config.satisfaction;
    scale(csat, high, mid, L.satisfaction, C.satisfaction);
  }
  if (want.has('nps')) { // nps: promoter, passive, detractor, unknown
    const { promoterMin, passiveMin } = config.nps;
    scale(nps, promoterMin, passiveMin, L.nps, C.nps);
  }
  if (want.has('rfm')) rfm(c, sorted, cuts, config, out);
  return out;
}

/**
 * high 0 / mid 1 / low 2 by `metric >= cut`, prospects 3. Cuts satisfy mid <= high (validated, or
 * quantile order), so the tier is 2 minus the cuts reached; NaN reaches none (low).
 */
function tiers(purchases: Int32Array, col: Float64Array, hi: number, mid: number, lab: Uint8Array, cnt: Int32Array): void {
  for (let i = 0, n = lab.length; i < n; i++) {
    const v = col[i];
    const reached = +(v >= mid) + +(v >= hi);
    const k = 2 - reached + +(purchases[i] < 1) * (1 + reached);
    lab[i] = k; cnt[k]++;
  }
}

/** high 0 / mid 1 / low 2 on a survey answer (mid <= high); unknown 3 without one (NaN). */
function scale(col: Float64Array, hi: number, mid: number, lab: Uint8Array, cnt: Int32Array): void {
  for (let i = 0, n = lab.length; i < n; i++) {
    const v = col[i];
    const k = 3 - +(v >= -Infinity) * (1 + +(v >= mid) + +(v >= hi));
    lab[i] = k; cnt[k]++;
  }
}

function rfm(c: MetricColumns, sorted: SortedMetrics, cuts: ReturnType<typeof planCuts>, config: Config, out: Recount): void {
  const rules = segmentRules(config);
  const other = rules.length, prospect = rules.length + 1;
  // Segment of every (r, f, m): the first matching rule, looked up instead of tested per customer.
  // Index 0 (r = f = m = 0) is where prospects land.
  const table = new Uint8Array(216).fill(other);
  table[0] = prospect;
  for (let r = 5; r >= 1; r--) for (let f = 5; f >= 1; f--) for (let m = 5; m >= 1; m--) {
    const k = rules.findIndex((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1] && m >= s.m[0] && m <= s.m[1]);
    table[r * 36 + f * 6 + m] = k < 0 ? other : k;
  }
  const [r1, r2, r3, r4] = cuts.r.map((x) => thresholds(x, sorted).atLeast);
  const [f1, f2, f3, f4] = cuts.f.map((x) => thresholds(x, sorted).above);
  const [m1, m2, m3, m4] = cuts.m.map((x) => thresholds(x, sorted).above);
  const { purchases, recency_days: rec, monetary } = c;
  const lab = out.labels.rfm, cnt = out.counts.rfm, R = out.r, F = out.f, M = out.m;
  const heatCount = out.heatCount.fill(0), heatMonetary = out.heatMonetary.fill(0);
  for (let i = 0, n = c.n; i < n; i++) {
    const p = purchases[i], x = rec[i], y = monetary[i];
    const buyer = +(p >= 1); // prospects score 0, 0, 0
    const r = buyer * (1 + +(x < r1) + +(x < r2) + +(x < r3) + +(x < r4));
    const f = buyer * (1 + +(p > f1) + +(p > f2) + +(p > f3) + +(p > f4));
    const m = buyer * (1 + +(y > m1) + +(y > m2) + +(y > m3) + +(y > m4));
    R[i] = r; F[i] = f; M[i] = m;
    const cell = r * 6 + f;
    heatCount[cell]++;
    heatMonetary[cell] += y;
    const k = table[r * 36 + f * 6 + m];
    lab[i] = k; cnt[k]++;
  }
}
