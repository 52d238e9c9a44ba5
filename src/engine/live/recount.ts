// The threshold-move hot path: every framework relabelled and counted over typed arrays.
// Rules mirror src/engine/sql/labels.ts one for one; tests hold the two to the same answers.
import type { Config } from '../config';
import { FRAMEWORKS, labelKeys, segmentRules, type Framework } from '../frameworks';
import { atLeastIndex } from '../quantile';
import { planCuts, type Cut, type QuantileCounts } from '../sql/labels';
import type { MetricColumns, SortedMetrics } from './columns';

export type Labels = Record<Framework, Uint8Array>;
export type Counts = Record<Framework, Int32Array>;

export interface Recount {
  labels: Labels;
  counts: Counts;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
}

export function allocate(n: number, config: Config): Recount {
  const labels = {} as Labels;
  const counts = {} as Counts;
  for (const fw of FRAMEWORKS) {
    labels[fw] = new Uint8Array(n);
    counts[fw] = new Int32Array(labelKeys(fw, config).length);
  }
  return { labels, counts, r: new Uint8Array(n), f: new Uint8Array(n), m: new Uint8Array(n) };
}

export function quantileCounts(s: SortedMetrics): QuantileCounts {
  return {
    monetary: s.monetary.length, profit: s.profit.length, aov: s.aov.length,
    purchases: s.purchases.length, recency_days: s.recency_days.length,
  };
}

/** The numbers `x >= cut`/`x < cut` and `x > cut` compare with (see quantile.ts); NaN when there are no buyers. */
export function thresholds(cut: Cut, sorted: SortedMetrics): { atLeast: number; above: number } {
  if ('value' in cut) return { atLeast: cut.value, above: cut.value };
  if (!cut.at) return { atLeast: NaN, above: NaN };
  const s = sorted[cut.metric];
  return { atLeast: s[atLeastIndex(cut.at)], above: s[cut.at.lo] };
}

export function recount(c: MetricColumns, touches: Int32Array, sorted: SortedMetrics, config: Config, out = allocate(c.n, config)): Recount {
  const cuts = planCuts(config, quantileCounts(sorted));
  const { labels: L, counts: C } = out;
  for (const fw of FRAMEWORKS) if (C[fw].length !== labelKeys(fw, config).length) C[fw] = new Int32Array(labelKeys(fw, config).length);
  else C[fw].fill(0);
  const n = c.n;
  const { purchases, recency_days: rec, tenure_days: ten, referrals, nps, csat } = c;

  { // ladder: prospect, first_time, repeat, loyal, advocate
    const { loyalMinPurchases: lp, activeDays: ad, advocateMinReferrals: ar, advocateMinNps: an } = config.ladder;
    const lab = L.ladder, cnt = C.ladder;
    for (let i = 0; i < n; i++) {
      const p = purchases[i];
      const k = p === 0 ? 0 : p === 1 ? 1 : p >= lp && rec[i] <= ad ? (referrals[i] >= ar || nps[i] >= an ? 4 : 3) : 2;
      lab[i] = k; cnt[k]++;
    }
  }
  { // lifecycle: potential, new, mature, loyal, at_risk, churned
    const { newDays, atRiskDays, churnDays, loyalMinPurchases } = config.lifecycle;
    const lab = L.lifecycle, cnt = C.lifecycle;
    for (let i = 0; i < n; i++) {
      const p = purchases[i], r = rec[i];
      const k = p === 0 ? 0 : r > churnDays ? 5 : r > atRiskDays ? 4 : ten[i] <= newDays ? 1 : p >= loyalMinPurchases ? 3 : 2;
      lab[i] = k; cnt[k]++;
    }
  }
  { // value: high, mid, low, prospect
    const col = c[config.value.metric];
    const hi = thresholds(cuts.valueHigh, sorted).atLeast, mid = thresholds(cuts.valueMid, sorted).atLeast;
    tiers(purchases, col, hi, mid, L.value, C.value);
  }
  { // needs: high, mid, low, prospect
    tiers(purchases, c[config.needs.metric], config.needs.high, config.needs.mid, L.needs, C.needs);
  }
  { // engagement: frequent, occasional, low
    const { frequentMin: fm, occasionalMin: om } = config.engagement;
    const lab = L.engagement, cnt = C.engagement;
    for (let i = 0; i < n; i++) {
      const t = touches[i];
      const k = t >= fm ? 0 : t >= om ? 1 : 2;
      lab[i] = k; cnt[k]++;
    }
  }
  { // satisfaction: high, mid, low, unknown
    const { high, mid } = config.satisfaction;
    scale(csat, high, mid, L.satisfaction, C.satisfaction);
  }
  { // nps: promoter, passive, detractor, unknown
    const { promoterMin, passiveMin } = config.nps;
    scale(nps, promoterMin, passiveMin, L.nps, C.nps);
  }
  rfm(c, sorted, cuts, config, out);
  return out;
}

/** high / mid / low by `metric >= cut`, prospects first. */
function tiers(purchases: Float64Array, col: Float64Array, hi: number, mid: number, lab: Uint8Array, cnt: Int32Array): void {
  for (let i = 0, n = lab.length; i < n; i++) {
    const v = col[i];
    const k = purchases[i] === 0 ? 3 : v >= hi ? 0 : v >= mid ? 1 : 2;
    lab[i] = k; cnt[k]++;
  }
}

/** high / mid / low on a survey answer; unknown without one. */
function scale(col: Float64Array, hi: number, mid: number, lab: Uint8Array, cnt: Int32Array): void {
  for (let i = 0, n = lab.length; i < n; i++) {
    const v = col[i];
    const k = v !== v ? 3 : v >= hi ? 0 : v >= mid ? 1 : 2;
    lab[i] = k; cnt[k]++;
  }
}

function rfm(c: MetricColumns, sorted: SortedMetrics, cuts: ReturnType<typeof planCuts>, config: Config, out: Recount): void {
  const rules = segmentRules(config);
  const other = rules.length, prospect = rules.length + 1;
  // Segment of every (r, f, m): the first matching rule, looked up instead of tested per customer.
  const table = new Uint8Array(216).fill(other);
  for (let r = 5; r >= 1; r--) for (let f = 5; f >= 1; f--) for (let m = 5; m >= 1; m--) {
    const k = rules.findIndex((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1] && m >= s.m[0] && m <= s.m[1]);
    table[r * 36 + f * 6 + m] = k < 0 ? other : k;
  }
  const [r1, r2, r3, r4] = cuts.r.map((x) => thresholds(x, sorted).atLeast);
  const [f1, f2, f3, f4] = cuts.f.map((x) => thresholds(x, sorted).above);
  const [m1, m2, m3, m4] = cuts.m.map((x) => thresholds(x, sorted).above);
  const { purchases, recency_days: rec, monetary } = c;
  const lab = out.labels.rfm, cnt = out.counts.rfm, R = out.r, F = out.f, M = out.m;
  for (let i = 0, n = c.n; i < n; i++) {
    const p = purchases[i];
    if (p === 0) { R[i] = F[i] = M[i] = 0; lab[i] = prospect; cnt[prospect]++; continue; }
    const x = rec[i], y = monetary[i];
    const r = 1 + +(x < r1) + +(x < r2) + +(x < r3) + +(x < r4);
    const f = 1 + +(p > f1) + +(p > f2) + +(p > f3) + +(p > f4);
    const m = 1 + +(y > m1) + +(y > m2) + +(y > m3) + +(y > m4);
    R[i] = r; F[i] = f; M[i] = m;
    const k = table[r * 36 + f * 6 + m];
    lab[i] = k; cnt[k]++;
  }
}
