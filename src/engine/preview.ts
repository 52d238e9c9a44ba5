// The mapping panel's live previews: an amount expression and a date format applied to the sampled rows,
// by the same SQL that will stage them.
import type { Db } from './db';
import type { DateFormat, NumberStyle } from './mapping';
import { amountFromText, ExprError, exprColumns } from './sql/amount-expr';
import { previewAmountSql, previewDateSql, previewRelationSql } from './sql/preview';

export { OUT_OF_RANGE } from './sql/preview';

/** Each value as loading reads it: its decimal text, null when it is not a number, or OUT_OF_RANGE. */
export type AmountPreview = { ok: true; values: (string | null)[] } | { ok: false; error: string; position: number | null };

export async function previewAmount(db: Db, columns: string[], rows: string[][], expression: string, style: NumberStyle): Promise<AmountPreview> {
  if (expression.trim() === '') return { ok: false, error: 'empty', position: null };
  let expr;
  try {
    expr = amountFromText(expression, columns);
  } catch (e) {
    if (e instanceof ExprError) return { ok: false, error: e.message, position: e.position };
    throw e;
  }
  const unknown = exprColumns(expr).filter((c) => !columns.includes(c));
  if (unknown.length) return { ok: false, error: `unknown column ${unknown.map((c) => `"${c}"`).join(', ')}`, position: null };
  const values = await db.rows<{ v: string | null }>(previewAmountSql(previewRelationSql(columns, rows), expr, style));
  return { ok: true, values: values.map((r) => r.v) };
}

export async function previewDates(db: Db, columns: string[], rows: string[][], column: string, format: DateFormat): Promise<(string | null)[]> {
  if (!columns.includes(column)) return [];
  return (await db.rows<{ v: string | null }>(previewDateSql(previewRelationSql(columns, rows), column, format))).map((r) => r.v);
}
