// The SQL cell: the analyst's own read-only questions over the loaded tables and a `customers` view.
import { REPEAT_VALUE } from './tables';

/** Every metric and label under the current config, one row per customer; refreshed before each query. */
export function customersViewSql(labelsSql: string): string {
  return `CREATE OR REPLACE TEMP VIEW customers AS
WITH l AS (${labelsSql})
SELECT mt.* EXCLUDE (idx, ${REPEAT_VALUE}), l.* EXCLUDE (idx, customer_id), ca.* EXCLUDE (idx)
FROM tb_metrics mt JOIN l USING (idx) JOIN tb_attributes ca USING (idx)`;
}

export const QUERY_ROW_LIMIT = 1000;

/**
 * Whether a query of the SQL cell can read the predictions: the customers view does when value tiers rank
 * by predicted_clv (its labels cut on tb_clv), and a query that names tb_clv does. Only then must tb_clv be
 * written first (it is written when read: docs/clv.md), which costs seconds at a million buyers.
 */
export function queryReadsPredictions(text: string, valueMetric: string): boolean {
  return valueMetric === 'predicted_clv' || /tb_clv/i.test(text);
}

export interface WrappedQuery {
  sql: string;
}

/**
 * One statement that the gate (query-guard.ts) found to be a query, as a subquery with a row limit. The
 * wrapping only adds the limit; it is not what keeps the text read-only (the gate, the prepared
 * statement and the read-only transaction in workers/sql-cell.ts are).
 */
export function wrapUserQuery(text: string, limit = QUERY_ROW_LIMIT): WrappedQuery {
  const body = text.replace(/[\s;]+$/, '');
  return { sql: `SELECT * FROM (\n${body}\n) AS user_query LIMIT ${Math.floor(limit) + 1}` };
}

/**
 * DuckDB's first line, and where in the user's text it points: DuckDB prints `LINE n: <text>` and a
 * caret under the spot; the user's text starts on line 2 of the wrapped query.
 */
export function userError(message: string): { message: string; line: number | null; column: number | null } {
  const first = message.split('\n')[0];
  const m = /LINE (\d+): ([^\n]*)\n( *)\^/.exec(message);
  if (!m) return { message: first, line: null, column: null };
  const prefix = `LINE ${m[1]}: `.length;
  return { message: first, line: Math.max(1, Number(m[1]) - 1), column: Math.max(1, m[3].length - prefix + 1) };
}
