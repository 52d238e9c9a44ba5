// SPEC §4a cohorts as SQL over the analysis date's tables: each buyer's cohort is the period of their
// first purchase; per cohort and period since, the buyers with a purchase and the summed value of the
// cohort's orders (returns included), every period up to the one holding the day before as_of.
import type { Period } from '../config/schema';
import { addDays } from '../time/periods';
import { day, str } from './quote';
import { MONEY } from './values';
import { dayLiteral, daysBetween, dayText, intDiv, moneyType, type Dialect } from './dialect';
import { monthIndex, periodStartDay } from './ch-days';

/** A day's period start (in ClickHouse a day number, ch-days.ts). */
function trunc(period: Period, x: string, d: Dialect = 'duckdb'): string {
  if (d === 'duckdb') return `CAST(date_trunc(${str(period)}, ${x}) AS DATE)`;
  return `CAST(${periodStartDay(period, x)} AS Int32)`;
}

/** Whole periods from period start `from` to period start `to` (both already truncated). */
function periodsSql(period: Period, from: string, to: string, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') {
    const months = `(${monthIndex(to)} - ${monthIndex(from)})`;
    return `CAST(${period === 'week' ? intDiv(daysBetween(from, to, d), '7', d) : period === 'quarter' ? intDiv(months, '3', d) : months} AS Int32)`;
  }
  if (period === 'week') return `CAST(date_diff('day', ${from}, ${to}) // 7 AS INTEGER)`;
  const months = `date_diff('month', ${from}, ${to})`;
  return `CAST(${period === 'quarter' ? `${months} // 3` : months} AS INTEGER)`;
}

/**
 * One row per (cohort, k): cohort (YYYY-MM-DD), k, customers (the cohort's size), active, revenue (exact
 * DECIMAL text). `keep` is a condition over `mt` (tb_metrics) and `ca` (tb_attributes): a dimension filter.
 */
export function cohortSql(period: Period, asOf: string, keep?: string, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return cohortSqlClickHouse(period, asOf, keep);
  const lastDay = trunc(period, day(addDays(asOf, -1)));
  return `WITH b AS (
  SELECT mt.customer_id, ${trunc(period, 'mt.first_purchase')} AS cohort
  FROM tb_metrics mt JOIN tb_attributes ca USING (idx)
  WHERE mt.purchases > 0${keep ? ` AND (${keep})` : ''}
),
sizes AS (SELECT cohort, count(*) AS customers FROM b GROUP BY cohort),
grid AS (SELECT cohort, customers, CAST(unnest(range(0, ${periodsSql(period, 'cohort', lastDay)} + 1)) AS INTEGER) AS k FROM sizes),
cells AS (
  SELECT b.cohort, ${periodsSql(period, 'b.cohort', trunc(period, 'o.day'))} AS k,
    count(DISTINCT o.customer_id) FILTER (WHERE o.value > 0) AS active, sum(o.value) AS revenue
  FROM tb_orders o JOIN b USING (customer_id)
  WHERE o.day >= b.cohort
  GROUP BY ALL
)
SELECT strftime(g.cohort, '%Y-%m-%d') AS cohort, g.k, CAST(g.customers AS INTEGER) AS customers,
  CAST(coalesce(c.active, 0) AS INTEGER) AS active, CAST(CAST(coalesce(c.revenue, 0) AS ${MONEY}) AS VARCHAR) AS revenue
FROM grid g LEFT JOIN cells c USING (cohort, k)
ORDER BY g.cohort, g.k`;
}

/** cohortSql in ClickHouse: arrayJoin for unnest, -If for FILTER, day-number period starts, decimal text without trailing zeros. */
function cohortSqlClickHouse(period: Period, asOf: string, keep?: string): string {
  const d = 'clickhouse';
  const t = (x: string) => trunc(period, x, d);
  const lastDay = t(dayLiteral(addDays(asOf, -1), d));
  return `WITH b AS (
  SELECT mt.customer_id AS customer_id, ${t('mt.first_purchase')} AS cohort
  FROM tb_metrics AS mt JOIN tb_attributes AS ca ON ca.idx = mt.idx
  WHERE mt.purchases > 0${keep ? ` AND (${keep})` : ''}
),
sizes AS (SELECT cohort, count() AS customers FROM b GROUP BY cohort),
grid AS (SELECT cohort, customers, CAST(arrayJoin(range(0, ${periodsSql(period, 'cohort', lastDay, d)} + 1)) AS Int32) AS k FROM sizes),
cells AS (
  SELECT b.cohort AS cohort, ${periodsSql(period, 'b.cohort', t('o.day'), d)} AS k,
    countDistinctIf(o.customer_id, o.value > 0) AS active, sum(o.value) AS revenue
  FROM tb_orders AS o JOIN b ON b.customer_id = o.customer_id
  WHERE o.day >= b.cohort
  GROUP BY cohort, k
)
SELECT ${dayText('g.cohort', d)} AS cohort, g.k AS k, CAST(g.customers AS Int32) AS customers,
  CAST(coalesce(c.active, 0) AS Int32) AS active, toString(CAST(coalesce(c.revenue, 0) AS ${moneyType(d)})) AS revenue
FROM grid AS g LEFT JOIN cells AS c ON c.cohort = g.cohort AND c.k = g.k
ORDER BY g.cohort, g.k`;
}
