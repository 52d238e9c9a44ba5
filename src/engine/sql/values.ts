// SQL snippets that read raw text cells as the SPEC §1 types. Every raw cell is text here.
import type { AmountExpr } from './amount-expr';
import type { DateFormat } from '../mapping';
import { ident, str } from './quote';

export const MONEY = 'DECIMAL(38,9)';
const BLANKS = str(' \t\r\n');

/** The raw cell as trimmed text; empty becomes NULL. */
export function text(column: string): string {
  return `nullif(trim(CAST(${ident(column)} AS VARCHAR), ${BLANKS}), '')`;
}

/**
 * A decimal literal (`-12.5`, `3e2`) as an exact DECIMAL(38,9); anything else (hex, NaN, `12,50`) is NULL.
 * Parsing into DECIMAL(38,9) is ~25x slower than into DECIMAL(18,9) (128-bit path), so the wide parse
 * only runs for values the narrow one cannot hold; both round half away from zero alike.
 */
export function number(sqlText: string): string {
  const literal = `CASE WHEN regexp_full_match(${sqlText}, '[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?') THEN ${sqlText} END`;
  return `CAST(coalesce(TRY_CAST(${literal} AS DECIMAL(18,9)), TRY_CAST(${literal} AS ${MONEY})) AS ${MONEY})`;
}

/** A calendar day; a date that does not exist or carries trailing text is NULL. Times are dropped, never shifted. */
export function date(sqlText: string, format: DateFormat = 'iso'): string {
  switch (format) {
    case 'iso':
      return `CASE WHEN regexp_full_match(${sqlText}, '\\d{4}-\\d{2}-\\d{2}([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?') THEN TRY_CAST(left(${sqlText}, 10) AS DATE) END`;
  }
}

/**
 * The amount expression over parsed numeric columns; `column(name)` gives the SQL of a column's trimmed
 * text. Products are rounded back to 9 places; quotients go through DOUBLE.
 */
export function amount(e: AmountExpr, column: (name: string) => string = text): string {
  switch (e.kind) {
    case 'num':
      return `CAST(${str(e.text)} AS ${MONEY})`;
    case 'col':
      return number(column(e.name));
    case 'neg':
      return `(-${amount(e.arg, column)})`;
    case 'bin': {
      const l = amount(e.left, column);
      const r = amount(e.right, column);
      if (e.op === '/') return `TRY_CAST(CAST(${l} AS DOUBLE) / nullif(CAST(${r} AS DOUBLE), 0) AS ${MONEY})`;
      // DECIMAL(38,18) products overflow past 1e20 (an error, not NULL): out-of-range factors make the amount non-numeric.
      if (e.op === '*') return `CASE WHEN abs(${l}) < 1e10 AND abs(${r}) < 1e10 THEN CAST(${l} * ${r} AS ${MONEY}) END`;
      return `(${l} ${e.op} ${r})`;
    }
  }
}
