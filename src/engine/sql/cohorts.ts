// SPEC §4a cohorts as SQL over the analysis date's tables: each buyer's cohort is the period of their
// first purchase; per cohort and period since, the buyers with a purchase and the summed value of the
// cohort's orders (returns included), every period up to the one holding the day before as_of.
import type { Period } from '../config/schema';
import { addDays } from '../time/periods';
import { day, str } from './quote';
import { MONEY } from './values';

const trunc = (period: Period, d: string) => `CAST(date_trunc(${str(period)}, ${d}) AS DATE)`;

/** Whole periods from period start `from` to period start `to` (both already truncated). */
function periodsSql(period: Period, from: string, to: string): string {
  if (period === 'week') return `CAST(date_diff('day', ${from}, ${to}) // 7 AS INTEGER)`;
  const months = `date_diff('month', ${from}, ${to})`;
  return `CAST(${period === 'quarter' ? `${months} // 3` : months} AS INTEGER)`;
}

/**
 * One row per (cohort, k): cohort (YYYY-MM-DD), k, customers (the cohort's size), active, revenue (exact
 * DECIMAL text). `keep` is a condition over `mt` (tb_metrics) and `ca` (tb_attributes): a dimension filter.
 */
export function cohortSql(period: Period, asOf: string, keep?: string): string {
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
