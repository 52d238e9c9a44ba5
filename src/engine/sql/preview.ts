// SQL over the few rows the mapping panel previews, before anything is loaded: the same readers as
// staging, so the preview shows what loading will do.
import { exprColumns, type AmountExpr } from './amount-expr';
import type { DateFormat, NumberStyle } from '../mapping';
import { ident, str } from './quote';
import { amountExact, amountIsNumber, date, outOfRange, parsedColumns, text } from './values';

/** The preview rows as a relation with the file's column names; every cell text, '' as NULL. */
export function previewRelationSql(columns: string[], rows: string[][]): string {
  if (columns.length === 0) throw new Error('no columns to preview');
  const names = columns.map(ident).join(', ');
  if (rows.length === 0) return `SELECT * FROM (VALUES (${columns.map(() => 'CAST(NULL AS VARCHAR)').join(', ')})) t(${names}) WHERE false`;
  const values = rows.map((r) => `(${columns.map((_, i) => (r[i] === undefined || r[i] === '' ? 'CAST(NULL AS VARCHAR)' : str(r[i]))).join(', ')})`);
  return `SELECT * FROM (VALUES ${values.join(', ')}) t(${names})`;
}

/** A preview value that is a number loading would reject as too large (SPEC §1: 1e18 or more). */
export const OUT_OF_RANGE = 'amount_out_of_range';

/**
 * Each preview row's amount under the expression, as text: NULL when it is not a number, and the
 * reason's key when loading would reject it as out of range. Same parsing as staging, row order kept.
 */
export function previewAmountSql(relation: string, expr: AmountExpr, style: NumberStyle): string {
  const parsed = parsedColumns(exprColumns(expr), text, style);
  // 1234.500000000 -> 1234.5: the preview shows the value, not the storage scale.
  return `SELECT CASE
    WHEN is_number IS NULL THEN NULL
    WHEN v IS NULL OR ${outOfRange('v')} THEN ${str(OUT_OF_RANGE)}
    ELSE regexp_replace(CAST(v AS VARCHAR), '\\.?0+$', '')
  END AS v
FROM (
  SELECT ${amountExact(expr)} AS v, ${amountIsNumber(expr)} AS is_number
  FROM (SELECT *${parsed.values.map((v) => `, ${v}`).join('')} FROM (SELECT *${parsed.literals.map((l) => `, ${l}`).join('')} FROM (${relation})))
)`;
}

/** Each preview row's date under the format, as text (NULL: unparseable). */
export function previewDateSql(relation: string, column: string, format: DateFormat): string {
  return `SELECT CAST(${date(text(column), format)} AS VARCHAR) AS v FROM (${relation})`;
}
