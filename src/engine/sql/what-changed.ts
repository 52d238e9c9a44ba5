// SPEC §4a "What changed" as SQL: revenue, buyers and purchases of the orders (grouped as at as_of, so
// from tb_orders) dated in two equal windows, for all customers and per label at as_of of each framework.
import { FRAMEWORKS, type Framework } from '../frameworks';
import { ident, str } from './quote';
import { dayLiteral, moneyType, type Dialect } from './dialect';
import { labelColumn } from './strategy';
import { MONEY } from './values';

/** The order's value, named apart from the value framework's label column. */
const V = ident('order:value');

export interface Windows {
  /** [start0, end0) the baseline window, [end0, end1) the current one (end1 = as_of). */
  start0: string;
  end0: string;
  end1: string;
}

/**
 * Rows (win 0|1, scope 'all' or a framework's export column, label ('' for all), revenue as exact DECIMAL
 * text, buyers, purchases); only groups with orders. `keep`: a condition over `mt` and `ca`.
 */
export function whatChangedSql(labelsSql: string, w: Windows, frameworks: readonly Framework[] = FRAMEWORKS, keep?: string, d: Dialect = 'duckdb'): string {
  // ClickHouse names a column of a join of several tables \`l.value\`, \`o.customer_id\`: those are named.
  const day = (iso: string) => dayLiteral(iso, d);
  const money = d === 'duckdb' ? MONEY : moneyType(d);
  const cols = frameworks.map((f) => ident(labelColumn(f)));
  const grouped = (c: string) => `GROUPING(${c}) = 0`;
  const scope = cols.length ? `CASE ${cols.map((c, i) => `WHEN ${grouped(c)} THEN ${str(labelColumn(frameworks[i]))}`).join(' ')} ELSE 'all' END` : `'all'`;
  const label = cols.length ? `CASE ${cols.map((c) => `WHEN ${grouped(c)} THEN ${c}`).join(' ')} ELSE '' END` : `''`;
  return `WITH l AS (${labelsSql}),
o AS (
  SELECT CASE WHEN o.day >= ${day(w.end0)} THEN 1 ELSE 0 END AS win, o.customer_id${d === 'duckdb' ? '' : ' AS customer_id'}, o.value AS ${V}${cols.map((c) => `, l.${c}${d === 'duckdb' ? '' : ` AS ${c}`}`).join('')}
  FROM tb_orders o JOIN l USING (customer_id) JOIN tb_metrics mt ON mt.idx = l.idx JOIN tb_attributes ca ON ca.idx = l.idx
  WHERE o.day >= ${day(w.start0)} AND o.day < ${day(w.end1)}${keep ? ` AND (${keep})` : ''}
)
SELECT win, ${scope} AS scope, ${label} AS label,
  CAST(CAST(sum(${V}) AS ${money}) AS VARCHAR) AS revenue,
  CAST(count(DISTINCT customer_id) FILTER (WHERE ${V} > 0) AS INTEGER) AS buyers,
  CAST(count(*) FILTER (WHERE ${V} > 0) AS INTEGER) AS purchases
FROM o
GROUP BY GROUPING SETS ((win)${cols.map((c) => `, (win, ${c})`).join('')})`;
}
