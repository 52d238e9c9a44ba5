// SQL snippets that read raw text cells as the SPEC §1 types. Every raw cell is text here.
import type { AmountExpr } from './amount-expr';
import type { DateFormat, NumberStyle } from '../mapping';
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
 * Other number styles are first rewritten into such a literal (see `normalisedNumber`).
 */
export function number(sqlText: string, style: NumberStyle = 'plain'): string {
  const t = normalisedNumber(sqlText, style);
  const literal = `CASE WHEN regexp_full_match(${t}, '[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?') THEN ${t} END`;
  return `CAST(coalesce(TRY_CAST(${literal} AS DECIMAL(18,9)), TRY_CAST(${literal} AS ${MONEY})) AS ${MONEY})`;
}

// Currency symbols and the blanks used as thousands separators (space, no-break spaces).
const SYMBOLS = `'[\\p{Sc}\\s\\x{00A0}\\x{202F}]'`;

/**
 * `grouped`: `¥1,234.50`, `$1,234`, `(12.50)` for -12.50; `decimal_comma`: `1 234,50`, `1.234,50`, `€12,50`.
 * Separators must sit in groups of three, or the value stays non-numeric.
 */
function normalisedNumber(sqlText: string, style: NumberStyle): string {
  if (style === 'plain') return sqlText;
  const bare = `regexp_replace(${sqlText}, ${SYMBOLS}, '', 'g')`;
  // (x) is -x: accounting exports write negatives in parentheses.
  const signed = `CASE WHEN regexp_full_match(${bare}, '\\([^()]*\\)') THEN '-' || trim(${bare}, '()') ELSE ${bare} END`;
  if (style === 'grouped') {
    return `CASE WHEN regexp_full_match(${signed}, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?') THEN replace(${signed}, ',', '') ELSE ${signed} END`;
  }
  const grouped = `CASE WHEN regexp_full_match(${signed}, '[+-]?\\d{1,3}(\\.\\d{3})+(,\\d*)?') THEN replace(${signed}, '.', '') WHEN regexp_full_match(${signed}, '[+-]?\\d*(,\\d*)?') THEN ${signed} END`;
  return `replace(${grouped}, ',', '.')`;
}

const TIME = `([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?|\\s?[AaPp][Mm])?)?`;

/** Day-month-year patterns: the regex (anchored by full match) and the `Y-M-D` rewrite of its groups. */
const REORDERED: Record<'ymd' | 'dmy' | 'mdy' | 'yyyymmdd' | 'zh', [string, string]> = {
  ymd: [`(\\d{4})[/.-](\\d{1,2})[/.-](\\d{1,2})${TIME}`, '\\1-\\2-\\3'],
  dmy: [`(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})${TIME}`, '\\3-\\2-\\1'],
  mdy: [`(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})${TIME}`, '\\3-\\1-\\2'],
  yyyymmdd: [`(\\d{4})(\\d{2})(\\d{2})`, '\\1-\\2-\\3'],
  zh: [`(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日${TIME}`, '\\1-\\2-\\3'],
};

/** Days of a serial count from an epoch: `epoch + floor(value / per)` days, within a sane range. */
function serial(sqlText: string, pattern: string, epoch: string, per: number, max: number): string {
  const v = `TRY_CAST(${sqlText} AS DOUBLE)`;
  return `CASE WHEN regexp_full_match(${sqlText}, '${pattern}') AND abs(${v}) <= ${max} THEN DATE '${epoch}' + CAST(floor(${v} / ${per}) AS INTEGER) END`;
}

/** A calendar day; a date that does not exist or carries trailing text is NULL. Times are dropped, never shifted. */
export function date(sqlText: string, format: DateFormat = 'iso'): string {
  switch (format) {
    case 'iso':
      return `CASE WHEN regexp_full_match(${sqlText}, '\\d{4}-\\d{2}-\\d{2}([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?') THEN TRY_CAST(left(${sqlText}, 10) AS DATE) END`;
    case 'excel':
      // Excel's day 1 is 1900-01-01 and it counts a 1900-02-29 that never was: from day 61 on, the epoch is 1899-12-30.
      return `CASE WHEN TRY_CAST(${sqlText} AS DOUBLE) >= 61 THEN ${serial(sqlText, '\\d{1,7}(\\.\\d+)?', '1899-12-30', 1, 2958465)} END`;
    case 'unix_s':
      return serial(sqlText, '-?\\d{1,11}(\\.\\d+)?', '1970-01-01', 86400, 253402300799);
    case 'unix_ms':
      return serial(sqlText, '-?\\d{1,14}', '1970-01-01', 86400000, 253402300799999);
    default: {
      const [pattern, ymd] = REORDERED[format];
      return `CASE WHEN regexp_full_match(${sqlText}, '${pattern}') THEN TRY_CAST(regexp_replace(${sqlText}, '^${pattern}$', '${ymd}') AS DATE) END`;
    }
  }
}

/**
 * The amount expression over parsed numeric columns; `column(name)` gives the SQL of a column's trimmed
 * text. Products are rounded back to 9 places; quotients go through DOUBLE.
 */
export function amount(e: AmountExpr, column: (name: string) => string = text, style: NumberStyle | ((column: string) => NumberStyle) = 'plain'): string {
  switch (e.kind) {
    case 'num':
      return `CAST(${str(e.text)} AS ${MONEY})`;
    case 'col':
      return number(column(e.name), typeof style === 'function' ? style(e.name) : style);
    case 'neg':
      return `(-${amount(e.arg, column, style)})`;
    case 'bin': {
      const l = amount(e.left, column, style);
      const r = amount(e.right, column, style);
      if (e.op === '/') return `TRY_CAST(CAST(${l} AS DOUBLE) / nullif(CAST(${r} AS DOUBLE), 0) AS ${MONEY})`;
      // DECIMAL(38,18) products overflow past 1e20 (an error, not NULL): out-of-range factors make the amount non-numeric.
      if (e.op === '*') return `CASE WHEN abs(${l}) < 1e10 AND abs(${r}) < 1e10 THEN CAST(${l} * ${r} AS ${MONEY}) END`;
      return `(${l} ${e.op} ${r})`;
    }
  }
}
