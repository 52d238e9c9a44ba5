// SPEC §4a movement and trend counts as SQL over labels queries (sql/labels.ts): one GROUPING SETS pass
// gives every framework's counts.
import { FRAMEWORKS } from '../frameworks';
import { ident, str } from './quote';
import { labelColumn } from './strategy';

const COLS = FRAMEWORKS.map((f) => labelColumn(f));
const scopeSql = `CASE ${COLS.map((c) => `WHEN GROUPING(${ident(c)}) = 0 THEN ${str(c)}`).join(' ')} END`;
const pick = (of: (c: string) => string) => `CASE ${COLS.map((c) => `WHEN GROUPING(${ident(c)}) = 0 THEN ${of(c)}`).join(' ')} END`;
const from = (c: string) => ident(`${c}:from`);

/** Rows (framework, label, customers) of every framework's non-empty labels. */
export function labelCountsSql(labelsSql: string): string {
  return `SELECT ${scopeSql} AS framework, ${pick(ident)} AS label, CAST(count(*) AS INTEGER) AS customers
FROM (${labelsSql})
GROUP BY GROUPING SETS (${COLS.map((c) => `(${ident(c)})`).join(', ')})`;
}

/**
 * Rows (framework, from, to, customers) of every non-empty (baseline label, current label) pair, over the
 * customers of as_of; `from` is 'absent' for a customer outside the baseline's universe (joined on customer_id).
 */
export function movementSql(currentLabelsSql: string, baselineLabelsSql: string): string {
  return `SELECT ${scopeSql} AS framework, ${pick(from)} AS "from", ${pick(ident)} AS "to", CAST(count(*) AS INTEGER) AS customers
FROM (
  SELECT ${COLS.map((c) => `c.${ident(c)}, coalesce(b.${ident(c)}, 'absent') AS ${from(c)}`).join(', ')}
  FROM (${currentLabelsSql}) c LEFT JOIN (${baselineLabelsSql}) b USING (customer_id)
)
GROUP BY GROUPING SETS (${COLS.map((c) => `(${from(c)}, ${ident(c)})`).join(', ')})`;
}
