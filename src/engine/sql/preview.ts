// SQL over the few rows the mapping panel previews, before anything is loaded: the same readers as
// staging, so the preview shows what loading will do.
import type { AmountExpr } from './amount-expr';
import type { DateFormat, NumberStyle } from '../mapping';
import { ident, str } from './quote';
import { amount, date, text } from './values';

/** The preview rows as a relation with the file's column names; every cell text, '' as NULL. */
export function previewRelationSql(columns: string[], rows: string[][]): string {
  if (columns.length === 0) throw new Error('no columns to preview');
  const names = columns.map(ident).join(', ');
  if (rows.length === 0) return `SELECT * FROM (VALUES (${columns.map(() => 'CAST(NULL AS VARCHAR)').join(', ')})) t(${names}) WHERE false`;
  const values = rows.map((r) => `(${columns.map((_, i) => (r[i] === undefined || r[i] === '' ? 'CAST(NULL AS VARCHAR)' : str(r[i]))).join(', ')})`);
  return `SELECT * FROM (VALUES ${values.join(', ')}) t(${names})`;
}

/** Each preview row's amount under the expression, as text (NULL: non-numeric). */
export function previewAmountSql(relation: string, expr: AmountExpr, style: NumberStyle): string {
  // 1234.500000000 -> 1234.5: the preview shows the value, not the storage scale.
  return `SELECT regexp_replace(CAST(${amount(expr, text, style)} AS VARCHAR), '\\.?0+$', '') AS v FROM (${relation})`;
}

/** Each preview row's date under the format, as text (NULL: unparseable). */
export function previewDateSql(relation: string, column: string, format: DateFormat): string {
  return `SELECT CAST(${date(text(column), format)} AS VARCHAR) AS v FROM (${relation})`;
}
