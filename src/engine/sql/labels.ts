// Every framework's label (SPEC §4) as SQL over tb_metrics, for the export, the SQL cell and the tests.
// The live recount in the worker implements the same rules over typed arrays (src/engine/live);
// tests hold the two to the same answers.
import type { Config } from '../config';
import { DOUBLE_METRICS, segmentRules } from '../frameworks';
import { atLeastIndex, cutPosition, RFM_QUINTILES, valueShareProbabilities, type CutPosition, type Decimal } from '../quantile';
import { dec, ident, int, plainDecimal, str, strIn } from './quote';
import { sortedList, type Dialect } from './dialect';
import { AS_OF_TABLES, type ModelTables } from './tables';

/** Metrics whose quantiles are taken over buyers; their counts n decide the cut positions. */
export type QuantileMetric = 'monetary' | 'profit' | 'aov' | 'purchases' | 'recency_days' | 'predicted_clv';
export type QuantileCounts = Record<QuantileMetric, number>;

const QUANTILE_METRICS: Exclude<QuantileMetric, 'predicted_clv'>[] = ['monetary', 'profit', 'aov', 'purchases', 'recency_days'];

// predicted_clv lives in the date's tb_clv (buyers only; none when the fit is refused).
export const quantileCountsSql = (tables: ModelTables = AS_OF_TABLES): string => `SELECT ${QUANTILE_METRICS.map(
  (m) => `CAST(count(${ident(m)}) FILTER (WHERE purchases > 0) AS INTEGER) AS ${ident(m)}`,
).join(', ')}, (SELECT CAST(count(predicted_clv) AS INTEGER) FROM ${tables.clv}) AS predicted_clv FROM ${tables.metrics}`;
export const QUANTILE_COUNTS_SQL = quantileCountsSql();

/** A threshold on a metric: a fixed value, or a quantile position among the buyers' sorted values. */
export type Cut = { metric: string; value: number } | { metric: QuantileMetric; at: CutPosition | null };

export function literal(metric: string, v: number): string {
  if (DOUBLE_METRICS.has(metric)) return `CAST(${str(plainDecimal(v))} AS DOUBLE)`;
  return dec(v);
}

const sortedValue = (metric: QuantileMetric, index: number) => `(SELECT s[${int(index + 1)}] FROM ${ident(`q_${metric}`)})`;

export function atLeast(x: string, cut: Cut): string {
  if ('value' in cut) return `${x} >= ${literal(cut.metric, cut.value)}`;
  return cut.at ? `${x} >= ${sortedValue(cut.metric, atLeastIndex(cut.at))}` : 'NULL';
}
export function below(x: string, cut: Cut): string {
  if ('value' in cut) return `${x} < ${literal(cut.metric, cut.value)}`;
  return cut.at ? `${x} < ${sortedValue(cut.metric, atLeastIndex(cut.at))}` : 'NULL';
}
export function above(x: string, cut: Cut): string {
  if ('value' in cut) return `${x} > ${literal(cut.metric, cut.value)}`;
  return cut.at ? `${x} > ${sortedValue(cut.metric, cut.at.lo)}` : 'NULL';
}

export interface Cuts {
  valueHigh: Cut;
  valueMid: Cut;
  r: Cut[];
  f: Cut[];
  m: Cut[];
}

/** The cuts of the config on data with these buyer counts. Shared with the live recount. */
export function planCuts(config: Config, counts: QuantileCounts): Cuts {
  const v = config.value;
  const quantileCut = (metric: QuantileMetric, p: Decimal): Cut => ({ metric, at: cutPosition(p, counts[metric]) });
  let valueHigh: Cut, valueMid: Cut;
  if (v.mode === 'share') {
    const p = valueShareProbabilities(v.high, v.mid);
    valueHigh = quantileCut(v.metric, p.high);
    valueMid = quantileCut(v.metric, p.mid);
  } else {
    valueHigh = { metric: v.metric, value: v.high };
    valueMid = { metric: v.metric, value: v.mid };
  }
  const rfm = (metric: 'recency_days' | 'purchases' | 'monetary', key: 'r' | 'f' | 'm'): Cut[] =>
    config.rfm.cuts === 'quintiles'
      ? RFM_QUINTILES.map((p) => quantileCut(metric, p))
      : config.rfm.cuts[key].map((value) => ({ metric, value }));
  return { valueHigh, valueMid, r: rfm('recency_days', 'r'), f: rfm('purchases', 'f'), m: rfm('monetary', 'm') };
}

const caseOfIn = (rules: [string, string][], otherwise: string, d: Dialect = 'duckdb') =>
  `CASE ${rules.map(([when, label]) => `WHEN ${when} THEN ${strIn(label, d)}`).join(' ')} ELSE ${strIn(otherwise, d)} END`;

/**
 * ClickHouse names a column of \`mt.*\` \`mt.idx\` once a third table joins with an idx of its own: there the
 * predictions join the metrics first, in a subquery of two tables.
 */
const clvMetrics = (tables: ModelTables) =>
  `(SELECT m.*, pc.predicted_clv AS predicted_clv FROM ${tables.metrics} AS m LEFT JOIN (SELECT idx, predicted_clv FROM ${tables.clv}) AS pc ON pc.idx = m.idx)`;

const score = (cuts: Cut[], test: (x: string, c: Cut) => string, x: string) =>
  `CASE WHEN purchases > 0 THEN CAST(1 ${cuts.map((c) => `+ CAST(coalesce(${test(x, c)}, false) AS INTEGER)`).join(' ')} AS INTEGER) END`;

/**
 * SELECT idx, customer_id, touches, r, f, m and one column per framework, over tb_metrics (or the
 * tables of a replay at another date). Columns of the metrics are addressed by name; values of the
 * config enter only as typed literals.
 */
export function labelsSql(config: Config, cuts: Cuts, tables: ModelTables = AS_OF_TABLES, d: Dialect = 'duckdb'): string {
  // ClickHouse: the sorted lists as arrays (never quantile(): it samples), labels as escaped literals.
  const sorted = (x: string) => sortedList(x, d);
  const caseOf = (rules: [string, string][], otherwise: string) => caseOfIn(rules, otherwise, d);
  const { ladder: l, lifecycle: lc, value: v, engagement: e, needs: nd, satisfaction: s, nps: np } = config;
  const vm = ident(v.metric);
  const nm = ident(nd.metric);
  const loyalLadder = `purchases >= ${int(l.loyalMinPurchases)} AND recency_days <= ${int(l.activeDays)}`;
  const sortedLists = (['monetary', 'profit', 'aov', 'purchases', 'recency_days'] as const).map(
    (m) => `${ident(`q_${m}`)} AS (SELECT ${sorted(ident(m))} AS s FROM ${tables.metrics} WHERE purchases > 0 AND ${ident(m)} IS NOT NULL)`,
  );
  // The predictions join in only when value tiers are cut by them (every other query stays as it was).
  const byClv = v.metric === 'predicted_clv';
  if (byClv) sortedLists.push(`q_predicted_clv AS (SELECT ${sorted('predicted_clv')} AS s FROM ${tables.clv} WHERE predicted_clv IS NOT NULL)`);
  const segments = segmentRules(config).map((seg): [string, string] => [
    (['r', 'f', 'm'] as const).map((k) => `${k} BETWEEN ${int(seg[k][0])} AND ${int(seg[k][1])}`).join(' AND '),
    seg.name,
  ]);
  const num = (metric: string, x: number) => literal(metric, x);
  return `WITH ${sortedLists.join(',\n')},
t AS (SELECT idx, CAST(count(*) FILTER (WHERE days_before <= ${int(e.windowDays)}) AS INTEGER) AS touches FROM ${tables.touchEvents} GROUP BY idx),
scored AS (
  SELECT mt.*, CAST(coalesce(t.touches, 0) AS INTEGER) AS touches,${byClv && d === 'duckdb' ? ' pc.predicted_clv,' : ''}
    ${score(cuts.r, below, 'recency_days')} AS r,
    ${score(cuts.f, above, 'purchases')} AS f,
    ${score(cuts.m, above, 'monetary')} AS m
  FROM ${byClv && d === 'clickhouse' ? clvMetrics(tables) : tables.metrics} mt LEFT JOIN t USING (idx)${byClv && d === 'duckdb' ? ` LEFT JOIN (SELECT idx, predicted_clv FROM ${tables.clv}) pc USING (idx)` : ''}
)
SELECT idx, customer_id, touches, r, f, m,
  ${caseOf([
    ['purchases = 0', 'prospect'],
    ['purchases = 1', 'first_time'],
    [`${loyalLadder} AND (referrals >= ${int(l.advocateMinReferrals)} OR nps >= ${num('nps', l.advocateMinNps)})`, 'advocate'],
    [loyalLadder, 'loyal'],
  ], 'repeat')} AS ladder,
  ${caseOf([
    ['purchases = 0', 'potential'],
    [`recency_days > ${int(lc.churnDays)}`, 'churned'],
    [`recency_days > ${int(lc.atRiskDays)}`, 'at_risk'],
    [`tenure_days <= ${int(lc.newDays)}`, 'new'],
    [`purchases >= ${int(lc.loyalMinPurchases)}`, 'loyal'],
  ], 'mature')} AS lifecycle,
  ${caseOf([
    ['purchases = 0', 'prospect'],
    [atLeast(vm, cuts.valueHigh), 'high'],
    [atLeast(vm, cuts.valueMid), 'mid'],
  ], 'low')} AS value,
  ${caseOf([
    [`touches >= ${int(e.frequentMin)}`, 'frequent'],
    [`touches >= ${int(e.occasionalMin)}`, 'occasional'],
  ], 'low')} AS engagement,
  ${caseOf([
    ['purchases = 0', 'prospect'],
    [`${nm} >= ${num(nd.metric, nd.high)}`, 'high'],
    [`${nm} >= ${num(nd.metric, nd.mid)}`, 'mid'],
  ], 'low')} AS needs,
  ${caseOf([
    ['csat IS NULL', 'unknown'],
    [`csat >= ${num('csat', s.high)}`, 'high'],
    [`csat >= ${num('csat', s.mid)}`, 'mid'],
  ], 'low')} AS satisfaction,
  ${caseOf([
    ['nps IS NULL', 'unknown'],
    [`nps >= ${num('nps', np.promoterMin)}`, 'promoter'],
    [`nps >= ${num('nps', np.passiveMin)}`, 'passive'],
  ], 'detractor')} AS nps,
  CASE WHEN purchases = 0 THEN 'prospect' ${segments.map(([w, n]) => `WHEN ${w} THEN ${strIn(n, d)}`).join(' ')} ELSE 'other' END AS rfm_segment
FROM scored`;
}

