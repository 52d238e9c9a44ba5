// SQL snippets that read raw text cells as the SPEC §1 types. Every raw cell is text here.
import type { AmountExpr } from './amount-expr';
import type { DateFormat, NumberStyle } from '../mapping';
import { ident, str, strIn } from './quote';
import { DAY_TYPE, epochDay } from './ch-days';
import { daysAfter, doubleToMoney, fullMatch, literalValue as literalValueIn, moneyType, ymdDate, type Dialect } from './dialect';

export const MONEY = 'DECIMAL(38,9)';
const BLANKS = str(' \t\r\n');

/**
 * The raw cell as trimmed text; empty becomes NULL. Trimming a set of characters costs ~7× a look at the
 * first character and the last byte, and almost no cell has a blank at either end, so only those that do
 * are trimmed (the blanks are ASCII, so a last byte that is one is a last character that is one).
 */
export function text(column: string, d: Dialect = 'duckdb', unpadded = false): string {
  if (d === 'clickhouse') {
    const v = ident(column);
    const endsBlank = [' ', '\t', '\r', '\n'].map((b) => `endsWith(${v}, ${strIn(b, d)})`).join(' OR ');
    return `CASE WHEN ${v} = '' THEN NULL WHEN ascii(${v}) IN (32, 9, 13, 10) OR ${endsBlank} THEN nullIf(trimBoth(${v}, ${strIn(' \t\r\n', d)}), '') ELSE ${v} END`;
  }
  const v = `CAST(${ident(column)} AS VARCHAR)`;
  // The read found no cell of this column with a blank at either end (readers/cell-facts.ts).
  if (unpadded) return `nullif(${v}, '')`;
  const endsBlank = [' ', '\t', '\r', '\n'].map((b) => `suffix(${v}, ${str(b)})`).join(' OR ');
  return `CASE WHEN ${v} = '' THEN NULL WHEN ord(${v}) IN (32, 9, 13, 10) OR ${endsBlank} THEN nullif(trim(${v}, ${BLANKS}), '') ELSE ${v} END`;
}

/**
 * A decimal literal (`-12.5`, `3e2`) as an exact DECIMAL(38,9); anything else (hex, NaN, `12,50`) is NULL,
 * and so is a literal of 10^29 or more (use `numberLiteral` to tell the two apart).
 * Other number styles are first rewritten into such a literal (see `normalisedNumber`).
 */
export function number(sqlText: string, style: NumberStyle = 'plain', d: Dialect = 'duckdb'): string {
  return literalValue(numberLiteral(sqlText, style, d), d);
}

/** The text as a decimal literal (other styles rewritten into one), or NULL when it is not a number. */
export function numberLiteral(sqlText: string, style: NumberStyle = 'plain', d: Dialect = 'duckdb'): string {
  const t = normalisedNumber(sqlText, style, d);
  if (d === 'clickhouse') return `CASE WHEN ${fullMatch(t, '[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?', d)} THEN ${t} END`;
  return `CASE WHEN regexp_full_match(${t}, '[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?') THEN ${t} END`;
}

/**
 * A decimal literal's exact value, rounded half away from zero to 9 places; NULL past DECIMAL(38,9).
 * Parsing into DECIMAL(38,9) is ~25x slower than into DECIMAL(18,9) (128-bit path), so the wide parse
 * only runs for values the narrow one cannot hold; both round alike.
 */
export function literalValue(literal: string, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return literalValueIn(literal, d);
  return `CAST(coalesce(TRY_CAST(${literal} AS DECIMAL(18,9)), TRY_CAST(${literal} AS ${MONEY})) AS ${MONEY})`;
}

/** SPEC §1 (revision 2): an amount or cost of this magnitude or more is `amount_out_of_range`. */
export const AMOUNT_LIMIT = '1000000000000000000';
/** `|v| >= 1e18`, compared exactly (as a DOUBLE, 999999999999999999.999999999 would round up to 1e18). */
export const outOfRange = (v: string, d: Dialect = 'duckdb') => `abs(${v}) >= CAST('${AMOUNT_LIMIT}' AS ${d === 'duckdb' ? MONEY : moneyType(d)})`;

// Currency symbols and the blanks used as thousands separators (space, no-break spaces).
const SYMBOLS = `'[\\p{Sc}\\s\\x{00A0}\\x{202F}]'`;

/**
 * `grouped`: `¥1,234.50`, `$1,234`, `(12.50)` for -12.50; `decimal_comma`: `1 234,50`, `1.234,50`, `€12,50`.
 * Separators must sit in groups of three, or the value stays non-numeric.
 */
function normalisedNumber(sqlText: string, style: NumberStyle, d: Dialect): string {
  if (style === 'plain') return sqlText;
  if (d === 'clickhouse') return normalisedNumberCh(sqlText, style);
  const bare = `regexp_replace(${sqlText}, ${SYMBOLS}, '', 'g')`;
  // (x) is -x: accounting exports write negatives in parentheses.
  const signed = `CASE WHEN regexp_full_match(${bare}, '\\([^()]*\\)') THEN '-' || trim(${bare}, '()') ELSE ${bare} END`;
  if (style === 'grouped') {
    return `CASE WHEN regexp_full_match(${signed}, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?') THEN replace(${signed}, ',', '') ELSE ${signed} END`;
  }
  const grouped = `CASE WHEN regexp_full_match(${signed}, '[+-]?\\d{1,3}(\\.\\d{3})+(,\\d*)?') THEN replace(${signed}, '.', '') WHEN regexp_full_match(${signed}, '[+-]?\\d*(,\\d*)?') THEN ${signed} END`;
  return `replace(${grouped}, ',', '.')`;
}

/** `normalisedNumber` in ClickHouse's words (RE2 in both; its literals take backslash escapes). */
function normalisedNumberCh(sqlText: string, style: Exclude<NumberStyle, 'plain'>): string {
  const d = 'clickhouse';
  const bare = `replaceRegexpAll(${sqlText}, ${strIn('[\\p{Sc}\\s\\x{00A0}\\x{202F}]', d)}, '')`;
  const signed = `CASE WHEN ${fullMatch(bare, '\\([^()]*\\)', d)} THEN concat('-', trimBoth(${bare}, '()')) ELSE ${bare} END`;
  if (style === 'grouped') return `CASE WHEN ${fullMatch(signed, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?', d)} THEN replaceAll(${signed}, ',', '') ELSE ${signed} END`;
  const grouped = `CASE WHEN ${fullMatch(signed, '[+-]?\\d{1,3}(\\.\\d{3})+(,\\d*)?', d)} THEN replaceAll(${signed}, '.', '') WHEN ${fullMatch(signed, '[+-]?\\d*(,\\d*)?', d)} THEN ${signed} END`;
  return `replaceAll(${grouped}, ',', '.')`;
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
function serial(sqlText: string, pattern: string, epoch: string, per: number, max: number, d: Dialect): string {
  if (d === 'duckdb') {
    const v = `TRY_CAST(${sqlText} AS DOUBLE)`;
    return `CASE WHEN regexp_full_match(${sqlText}, '${pattern}') AND abs(${v}) <= ${max} THEN DATE '${epoch}' + CAST(floor(${v} / ${per}) AS INTEGER) END`;
  }
  const v = `toFloat64OrNull(${sqlText})`;
  return `if(${fullMatch(sqlText, pattern, d)} AND abs(${v}) <= ${max}, ${daysAfter(epoch, `floor(${v} / ${per})`, d)}, NULL)`;
}

/** The last readable day: the default as_of (the day after the latest order) must still be a date. */
export const LAST_DAY = '9999-12-30';

/**
 * A calendar day; a date that does not exist, carries trailing text or falls after 9999-12-30 is NULL.
 * Times are dropped, never shifted.
 */
export function date(sqlText: string, format: DateFormat = 'iso', d: Dialect = 'duckdb', iso?: IsoCells): string {
  // least() skips NULLs: any day after LAST_DAY, and NULL itself, end as the sentinel nullif() turns to NULL.
  if (d === 'duckdb') return `nullif(least(${format === 'iso' && iso ? isoCells(sqlText, iso) : anyDate(sqlText, format, d)}, DATE '9999-12-31'), DATE '9999-12-31')`;
  // The same on day numbers (ch-days.ts); coalesce stands in for DuckDB's least(), which skips NULLs.
  const after = epochDay('9999-12-31');
  return `CAST(nullIf(least(coalesce(${anyDate(sqlText, format, d)}, ${after}), ${after}), ${after}) AS ${DAY_TYPE})`;
}

/** What the read found every cell of a date column to be (readers/cell-facts.ts): an ISO day, or one with a time. */
export type IsoCells = 'day' | 'stamp';

/** The ISO pattern's day where every cell is known to match it: the pattern itself is left out. */
const isoCells = (sqlText: string, iso: IsoCells) => (iso === 'day' ? `TRY_CAST(${sqlText} AS DATE)` : `TRY_CAST(left(${sqlText}, 10) AS DATE)`);

const ISO = '\\d{4}-\\d{2}-\\d{2}([ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?';

function anyDate(sqlText: string, format: DateFormat, d: Dialect): string {
  const ch = d === 'clickhouse';
  switch (format) {
    case 'iso':
      if (ch) return `if(${fullMatch(sqlText, ISO, d)}, ${ymdDate(`left(${sqlText}, 10)`, d)}, NULL)`;
      return `CASE WHEN regexp_full_match(${sqlText}, '${ISO}') THEN TRY_CAST(left(${sqlText}, 10) AS DATE) END`;
    case 'excel':
      // Excel's day 1 is 1900-01-01 and it counts a 1900-02-29 that never was: from day 61 on, the epoch is 1899-12-30.
      if (ch) return `if(toFloat64OrNull(${sqlText}) >= 61, ${serial(sqlText, '\\d{1,7}(\\.\\d+)?', '1899-12-30', 1, 2958465, d)}, NULL)`;
      return `CASE WHEN TRY_CAST(${sqlText} AS DOUBLE) >= 61 THEN ${serial(sqlText, '\\d{1,7}(\\.\\d+)?', '1899-12-30', 1, 2958465, d)} END`;
    case 'unix_s':
      return serial(sqlText, '-?\\d{1,11}(\\.\\d+)?', '1970-01-01', 86400, 253402300799, d);
    case 'unix_ms':
      return serial(sqlText, '-?\\d{1,14}', '1970-01-01', 86400000, 253402300799999, d);
    default: {
      const [pattern, ymd] = REORDERED[format];
      if (ch) return `if(${fullMatch(sqlText, pattern, d)}, ${ymdDate(`replaceRegexpOne(${sqlText}, ${strIn(`^${pattern}$`, d)}, ${strIn(ymd, d)})`, d)}, NULL)`;
      return `CASE WHEN regexp_full_match(${sqlText}, '${pattern}') THEN TRY_CAST(regexp_replace(${sqlText}, '^${pattern}$', '${ymd}') AS DATE) END`;
    }
  }
}

/*
 * An amount expression as SQL that grows linearly with the expression: every column is parsed once, in
 * queries below the expression (`parsedColumns`), and every operand is written once.
 *
 * `amountExact`: the exact value. Products and sums are exact decimals rounded back to 9 places;
 * quotients go through DOUBLE. NULL when an operand is not a number, a divisor is 0, or a value does not
 * fit (an operand or product of 10^20 or more: `try()` turns DuckDB's overflow error into NULL).
 * `amountIsNumber`: NULL exactly when an operand is not a number or a divisor is 0; so a NULL exact
 * value beside a non-NULL `amountIsNumber` is a number too large to hold (`amount_out_of_range`).
 */

export const litCol = (c: string) => ident(`l:${c}`);
export const valCol = (c: string) => ident(`n:${c}`);

/**
 * Select items reading each column as a number once: `literals` (as `l:<column>`, over the columns'
 * text) in one query, `values` (as `n:<column>`, over the literals) in the query above it.
 */
export function parsedColumns(columns: readonly string[], text: (column: string) => string, style: NumberStyle | ((column: string) => NumberStyle) = 'plain', d: Dialect = 'duckdb', decimal: (column: string) => boolean = () => false): { literals: string[]; values: string[] } {
  const cols = [...new Set(columns)];
  const styleOf = typeof style === 'function' ? style : () => style;
  // A plain column whose every cell the read found to be a decimal literal is its own literal.
  const literal = (c: string) => (decimal(c) && styleOf(c) === 'plain' ? text(c) : numberLiteral(text(c), styleOf(c), d));
  return {
    literals: cols.map((c) => `${literal(c)} AS ${litCol(c)}`),
    values: cols.map((c) => `${literalValue(litCol(c), d)} AS ${valCol(c)}`),
  };
}

const INF = `CAST('inf' AS DOUBLE)`;

export function amountExact(e: AmountExpr, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return amountExactCh(e);
  switch (e.kind) {
    case 'num':
      return `TRY_CAST(${str(e.text)} AS ${MONEY})`;
    case 'col':
      return valCol(e.name);
    case 'neg':
      return `(-${amountExact(e.arg)})`;
    case 'bin': {
      const l = amountExact(e.left);
      const r = amountExact(e.right);
      if (e.op === '/') return `TRY_CAST(CAST(${l} AS DOUBLE) / nullif(CAST(${r} AS DOUBLE), 0) AS ${MONEY})`;
      if (e.op === '*') return `try(CAST(${l} * ${r} AS ${MONEY}))`;
      return `try(${l} ${e.op} ${r})`;
    }
  }
}

/**
 * The value in DOUBLE, an operand too large to hold read as +inf; only whether it is NULL matters. Each
 * node is rounded to 9 places as the exact value is, so a divisor is 0 here exactly when it is 0 there
 * (`x / (0.1 + 0.2 - 0.3)`, `x / (0.00001 * 0.00001)` divide by zero in both).
 */
export function amountIsNumber(e: AmountExpr, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return amountIsNumberCh(e);
  switch (e.kind) {
    case 'num':
      return `coalesce(CAST(TRY_CAST(${str(e.text)} AS ${MONEY}) AS DOUBLE), ${INF})`;
    case 'col':
      return `CASE WHEN ${litCol(e.name)} IS NOT NULL THEN coalesce(CAST(${valCol(e.name)} AS DOUBLE), ${INF}) END`;
    case 'neg':
      return `(-${amountIsNumber(e.arg)})`;
    case 'bin': {
      const l = amountIsNumber(e.left);
      const r = amountIsNumber(e.right);
      if (e.op === '/') return `round(${l} / nullif(${r}, 0), 9)`;
      return `round(${l} ${e.op} ${r}, 9)`;
    }
  }
}

/*
 * The amount in ClickHouse: products and sums in Decimal256 (ClickHouse raises an error on a Decimal128
 * overflow where DuckDB's try() gives NULL), rounded half away from zero to 9 places, NULL where
 * DECIMAL(38,9) cannot hold it; quotients through Float64, rounded as DuckDB's cast rounds (dialect.ts).
 */
function amountExactCh(e: AmountExpr): string {
  const d = 'clickhouse';
  const wide = (x: string) => `toDecimal256(${x}, 9)`;
  const back = (x: string) => `accurateCastOrNull(round(${x}, 9), ${strIn(moneyType(d), d)})`;
  switch (e.kind) {
    case 'num':
      return literalValueIn(strIn(e.text, d), d);
    case 'col':
      return valCol(e.name);
    case 'neg':
      return `(-${amountExactCh(e.arg)})`;
    case 'bin': {
      const l = amountExactCh(e.left);
      const r = amountExactCh(e.right);
      if (e.op === '/') return doubleToMoney(`(toFloat64(${l}) / nullIf(toFloat64(${r}), 0))`, d);
      return back(`${wide(l)} ${e.op} ${wide(r)}`);
    }
  }
}

function amountIsNumberCh(e: AmountExpr): string {
  const d = 'clickhouse';
  switch (e.kind) {
    case 'num':
      return `coalesce(toFloat64(${literalValueIn(strIn(e.text, d), d)}), inf)`;
    case 'col':
      return `CASE WHEN ${litCol(e.name)} IS NOT NULL THEN coalesce(toFloat64(${valCol(e.name)}), inf) END`;
    case 'neg':
      return `(-${amountIsNumberCh(e.arg)})`;
    case 'bin': {
      const l = amountIsNumberCh(e.left);
      const r = amountIsNumberCh(e.right);
      if (e.op === '/') return `round(${l} / nullIf(${r}, 0), 9)`;
      return `round(${l} ${e.op} ${r}, 9)`;
    }
  }
}
