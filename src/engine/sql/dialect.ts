// The SQL engines the builders write for (docs/scale.md), and the expressions where ClickHouse differs
// from DuckDB in what it computes, not only in how it is spelled (the traps). Each function gives DuckDB
// exactly the SQL the builders wrote before dialects existed, and ClickHouse SQL that gives the same text;
// tests/unit/clickhouse-dialect.test.ts runs every one on both engines.
import { day, str, strIn } from './quote';
import { dayNumberLiteral, dayNumberText, daysAfterDay, ymdDay } from './ch-days';

export type Dialect = 'duckdb' | 'clickhouse';
export const DIALECTS = ['duckdb', 'clickhouse'] as const satisfies readonly Dialect[];

/**
 * Money: exact DECIMAL(38,9) on both. In ClickHouse a column that can hold NULL must say so (`Nullable`):
 * a CAST of NULL to a plain type is an error, and a plain column holds 0 or '' where DuckDB holds NULL.
 */
export const moneyType = (d: Dialect) => (d === 'duckdb' ? 'DECIMAL(38,9)' : 'Nullable(Decimal(38, 9))');
export const textType = (d: Dialect) => (d === 'duckdb' ? 'VARCHAR' : 'Nullable(String)');

/**
 * A decimal literal's exact value rounded half away from zero to 9 places (SPEC §1); NULL when it is not a
 * literal. ClickHouse's text-to-decimal conversion truncates extra digits (`1.0000000005` is 1), so the
 * text is read with one more place (whether the 10th digit is 5 or more decides half away from zero) and
 * rounded: `round` on a Decimal rounds half away from zero. ClickHouse does not check a Decimal's precision
 * (10^29 fits in Decimal(38,9)'s Int128), so a literal too large for DuckDB's DECIMAL(38,9) is a value
 * here; both are `amount_out_of_range` long before (SPEC §1: |v| >= 10^18). Past Int128 (10^30) it is NULL on
 * both.
 */
export function literalValue(literal: string, d: Dialect): string {
  if (d === 'duckdb') return `CAST(coalesce(TRY_CAST(${literal} AS DECIMAL(18,9)), TRY_CAST(${literal} AS DECIMAL(38,9))) AS DECIMAL(38,9))`;
  // A value past Decimal(38,9)'s 128 bits (1e30) is NULL, as DuckDB's TRY_CAST gives; a CAST would throw.
  return `accurateCastOrNull(round(toDecimal256OrNull(${literal}, 10), 9), 'Decimal(38, 9)')`;
}

/**
 * A DOUBLE as DECIMAL(38,9), rounded to 9 places (the export's csat_mean, nps_latest, purchase_rate).
 * ClickHouse's Float64 -> Decimal truncates (4.666666666666667 is 4.666666666): it goes through 18 places
 * (every digit a double has below 10^20), then rounds half away from zero as a Decimal.
 */
export function doubleToMoney(x: string, d: Dialect): string {
  if (d === 'duckdb') return `TRY_CAST(${x} AS DECIMAL(38,9))`;
  return `CAST(round(accurateCastOrNull(${x}, 'Decimal(38, 18)'), 9) AS ${moneyType(d)})`;
}

/**
 * A DECIMAL(38,9) as a 128-bit count of 10^-9 units (exact for any sum below 8.5e28): its whole and
 * fractional parts scaled apart, since `x * 1e9` as a decimal would overflow from 10^20 on.
 */
export function decimalUnits(x: string, d: Dialect): string {
  if (d === 'duckdb') return `(CAST(trunc(${x}) AS HUGEINT) * 1000000000 + CAST((${x} - trunc(${x})) * 1000000000 AS HUGEINT))`;
  return `(toInt128(trunc(${x})) * 1000000000 + toInt128((${x} - trunc(${x})) * 1000000000))`;
}

/**
 * units / n (n > 0) rounded half away from zero, as a DECIMAL(38,9) of 10^-9 units (aov, SPEC §3): integer
 * arithmetic, so that equal ratios tie exactly. ClickHouse's Decimal division truncates (2/3 is
 * 0.666666666, the SPEC's 0.666666667): never divide decimals there.
 */
export function roundedRatio(units: string, n: string, d: Dialect, width = 38): string {
  if (d === 'duckdb') return `CAST(sign(${units}) * ((2 * abs(${units}) + ${n}) // (2 * ${n})) AS DECIMAL(${width},0)) * CAST('0.000000001' AS DECIMAL(10,9))`;
  return `toDecimal128(sign(${units}) * intDiv(2 * abs(${units}) + ${n}, 2 * ${n}), 0) * toDecimal128('0.000000001', 9)`;
}

/** Integer division toward zero (`//` in DuckDB, `intDiv` in ClickHouse); `/` is float division in both. */
export const intDiv = (a: string, b: string, d: Dialect) => (d === 'duckdb' ? `(${a} // ${b})` : `intDiv(${a}, ${b})`);

/**
 * A double rounded half away from zero to `places` (DuckDB's `round`); ClickHouse rounds a Float64 half to
 * even (`round(2.5)` is 2) and a Decimal half away from zero, so the double goes through a Decimal.
 */
export function roundHalfAway(x: string, places: number, d: Dialect): string {
  if (d === 'duckdb') return `round(${x}, ${places})`;
  return `toFloat64(round(accurateCastOrNull(${x}, 'Decimal(38, 18)'), ${places}))`;
}

/**
 * Plain decimal text of a DECIMAL(38,9) (or an integer, which is one exactly): no exponent, no trailing
 * zeros. DuckDB writes every place of the DECIMAL(38,9) it is cast to (1.500000000, 0.000000000: a point
 * always) and the zeros, then the bare point, are trimmed from the end (characters trimmed: two regular
 * expressions per cell took half the export's time, 0.7 s at 83k customers); ClickHouse writes none
 * (`output_format_decimal_trailing_zeros` is off), the same text.
 * A value under 1e9 in magnitude is written through DECIMAL(18,9), which holds it exactly and writes the
 * same text: DuckDB's text of a 128-bit decimal cost ~1.4 µs a cell natively, 30× the 64-bit one's, so a
 * million customers' export spent most of its ~7 s there (the same text checked over 2M decimals, 1M
 * integers and 1M doubles across 24 orders of magnitude: `tests/unit/decimal-text.test.ts`).
 */
export function plainDecimalText(x: string, d: Dialect): string {
  if (d !== 'duckdb') return `toString(${x})`;
  const m = `CAST(${x} AS ${moneyType(d)})`;
  return `rtrim(rtrim(CASE WHEN abs(${m}) < 1000000000 THEN CAST(CAST(${m} AS DECIMAL(18,9)) AS VARCHAR) ELSE CAST(${m} AS VARCHAR) END, '0'), '.')`;
}

/** Whole-text regular-expression match (RE2 in both; ClickHouse's string literals take `\\` escapes: see `str`). */
export const fullMatch = (x: string, pattern: string, d: Dialect) =>
  d === 'duckdb' ? `regexp_full_match(${x}, ${str(pattern)})` : `match(${x}, ${strIn(`^(?:${pattern})$`, d)})`;

/**
 * When a CSV field is quoted: it holds a quote, a comma or a line break (SPEC §6), or it starts with a
 * byte-order mark, which a reader would otherwise drop as if it opened the text (DuckDB's node client and
 * Arrow's decoder do, for a value that starts a line): quoted, the mark is the cell's own.
 */
export const CSV_QUOTED = '[",\\r\\n]|^\\x{FEFF}';

/** The same field in JavaScript (the headers, the time files): quoted where `CSV_QUOTED` says so. */
export const csvFieldText = (v: string): string => (/[",\r\n]|^\uFEFF/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A CSV field: quoted (quotes doubled) where `CSV_QUOTED` says so. */
export function quoteCsv(x: string, d: Dialect): string {
  if (d === 'duckdb') return `CASE WHEN regexp_matches(${x}, ${str(CSV_QUOTED)}) THEN '"' || replace(${x}, '"', '""') || '"' ELSE ${x} END`;
  return `if(match(${x}, ${strIn(CSV_QUOTED, d)}), concat('"', replaceAll(${x}, '"', '""'), '"'), ${x})`;
}

/**
 * `YYYY-MM-DD` text (fields already in that order, one or two digits for month and day) as a date, NULL
 * when no such day exists. On ClickHouse a day is a day number (ch-days.ts): its own parse rolls over
 * (2024-02-30 is 2024-03-01) and its Date32 ends at 1900-01-01 .. 2299-12-31, where DuckDB reads every year.
 */
export function ymdDate(ymd: string, d: Dialect): string {
  if (d === 'duckdb') return `TRY_CAST(${ymd} AS DATE)`;
  return ymdDay(ymd);
}

/** `days` (an integer) after the day `epoch` (YYYY-MM-DD). */
export function daysAfter(epoch: string, days: string, d: Dialect): string {
  if (d === 'duckdb') return `DATE ${str(epoch)} + CAST(${days} AS INTEGER)`;
  return daysAfterDay(epoch, days);
}

/** A YYYY-MM-DD day as a literal (a day number in ClickHouse, as every staged day there). */
export const dayLiteral = (iso: string, d: Dialect) => (d === 'duckdb' ? day(iso) : (day(iso), dayNumberLiteral(iso)));

/** A day as YYYY-MM-DD text, as DuckDB's strftime writes it (years before 1000 and after 9999 included). */
export const dayText = (x: string, d: Dialect) => (d === 'duckdb' ? `strftime(${x}, '%Y-%m-%d')` : dayNumberText(x));

/** Days from day `from` to day `to` (an integer). */
export const daysBetween = (from: string, to: string, d: Dialect) => (d === 'duckdb' ? `date_diff('day', ${from}, ${to})` : `(${to} - ${from})`);

/**
 * The ascending values of a column (NULLs left out) as one list, for the SPEC's exact quantile positions:
 * the k-th value is `list[k]` (1-based in both). Never `quantile()` in ClickHouse: it samples and
 * interpolates.
 */
export const sortedList = (x: string, d: Dialect) => (d === 'duckdb' ? `list(${x} ORDER BY ${x})` : `arraySort(groupArray(${x}))`);

/** 2^53: below it a count of 10^-9 units is an exact double. */
const EXACT = '9007199254740992';

/**
 * A DECIMAL(38,9) as DuckDB casts it to DOUBLE (its TryCastDecimalToFloatingPoint): the units over 1e9 while
 * they are an exact double, else the whole part plus the fraction, each converted apart. ClickHouse's own
 * cast always divides the units (12345678.123456789 is 12345678.123456787 there, 12345678.12345679 in
 * DuckDB), and the fit would then start from other bits.
 */
export function decimalToDouble(x: string): string {
  const u = decimalUnits(x, 'clickhouse');
  return `if(abs(${u}) <= ${EXACT}, toFloat64(${u}) / 1e9, toFloat64(intDiv(${u}, 1000000000)) + toFloat64(${u} % 1000000000) / 1e9)`;
}
