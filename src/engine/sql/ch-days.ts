// Days on ClickHouse (docs/scale.md, "Days on ClickHouse"): a staged day is an Int32 count of days from
// 1970-01-01 on the proleptic Gregorian calendar, DuckDB's. ClickHouse's own Date32 ends at 1900-01-01 ..
// 2299-12-31, where DuckDB reads every day from 0000-01-01 to 9999-12-30 (and earlier ones from unix
// seconds): a day number holds them all, compares and subtracts as DuckDB's DATE does, and is turned into
// calendar fields only where text or a period start is needed.
//
// Calendar fields come from Date32 after all: the Gregorian calendar repeats every 400 years, which are
// 146,097 days (20,871 whole weeks), and Date32's range is exactly one such cycle. A day is moved by whole
// cycles into that range, read there (year, month, day of month, text), and the year moved back.

/** The staged day's type (NULL: no such day). */
export const DAY_TYPE = 'Nullable(Int32)';

/** Days in 400 Gregorian years: the calendar (weekdays included) repeats after it. */
const CYCLE = 146_097;
/** Date32's first day, 1900-01-01 (a Monday), as a day number; its last is CYCLE - 1 days later. */
const DATE32_FIRST = -25_567;
/** Cycles added before a division so it divides non-negative numbers (years from -9999, days from year -8100 on). */
const CYCLES_BACK = 25;
/** Days from 0000-03-01 to 1970-01-01: the civil algorithm counts years from March (H. Hinnant's days_from_civil). */
const MARCH_0000 = 719_468;

/** Day number of an ISO YYYY-MM-DD day, any year 0000..9999 (Date.UTC would read 0000..0099 as 19xx). */
export function epochDay(iso: string): number {
  const [y, m, d] = [+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10)];
  const y2 = y + 400 * CYCLES_BACK - (m <= 2 ? 1 : 0);
  return 365 * y2 + Math.floor(y2 / 4) - Math.floor(y2 / 100) + Math.floor(y2 / 400) + Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1 - MARCH_0000 - CYCLES_BACK * CYCLE;
}

/**
 * Binds an expression to a name for `body`: ClickHouse has no LET, and a day's fields each read the day
 * several times; a one-element arrayMap evaluates it once and keeps the SQL linear in its size.
 */
const bind = (expr: string, body: (name: string) => string, name = '__z') => `arrayMap(${name} -> ${body(name)}, [${expr}])[1]`;

/**
 * Day number of year y, month m, day d (integers, m and d valid; y from -9999): days_from_civil, the year
 * counted from March so that a leap day is a year's last; whole cycles added to y keep every division on
 * non-negatives (intDiv truncates).
 */
function civilDays(y: string, m: string, d: string): string {
  const y2 = `(${y} + ${400 * CYCLES_BACK} - (${m} <= 2))`;
  return `(365 * ${y2} + intDiv(${y2}, 4) - intDiv(${y2}, 100) + intDiv(${y2}, 400) + intDiv(153 * ((${m} + 9) % 12) + 2, 5) + ${d} - ${1 + MARCH_0000 + CYCLES_BACK * CYCLE})`;
}

/** Day number of y, m, d, or NULL when there is no such day (2023-02-29, month 13, day 0). */
function checkedCivilDays(y: string, m: string, d: string): string {
  const leap = `((${y} % 4 = 0 AND ${y} % 100 != 0) OR ${y} % 400 = 0)`;
  const monthDays = `([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][${m}] + (${m} = 2 AND ${leap}))`;
  return `if(${m} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND ${monthDays}, ${civilDays(y, m, d)}, NULL)`;
}

/**
 * `Y-M-D` text (a four-digit year, one or two digits for month and day) as a day number, NULL when no such
 * day exists: DuckDB's `TRY_CAST(… AS DATE)` of the same text, for every year it holds.
 */
export function ymdDay(ymd: string): string {
  const part = (p: string, i: number) => `toInt32OrZero(${p}[${i}])`;
  return `CAST(${bind(`splitByChar('-', coalesce(${ymd}, ''))`, (p) => checkedCivilDays(part(p, 1), part(p, 2), part(p, 3)), '__p')} AS ${DAY_TYPE})`;
}

/** `days` (an integer, possibly NULL) after the ISO day `epoch`. */
export const daysAfterDay = (epoch: string, days: string) => `CAST(toInt64(${days}) + ${epochDay(epoch)} AS ${DAY_TYPE})`;

/** An ISO day as a day-number literal (the ISO day beside it for whoever reads the SQL). */
export const dayNumberLiteral = (iso: string) => `toInt32(${epochDay(iso)}) /* ${iso} */`;

/** The calendar fields of day number z: the whole cycles k it was moved by and the Date32 s it landed on. */
function fields(z: string) {
  const k = `(intDiv(${z} - ${DATE32_FIRST} + ${CYCLES_BACK * CYCLE}, ${CYCLE}) - ${CYCLES_BACK})`;
  const s = `toDate32(${z} - ${k} * ${CYCLE})`;
  return { s, year: `(toYear(${s}) + 400 * ${k})`, month: `toMonth(${s})` };
}

/**
 * A day number as DuckDB's `strftime(day, '%Y-%m-%d')` writes it: the year zero-padded to four digits
 * (0099, 10000), a year before 0000 as a plain negative number (-44, not -0044); month and day two digits.
 */
export function dayNumberText(x: string): string {
  return bind(x, (z) => {
    const { s, year } = fields(z);
    return bind(year, (y) => `concat(if(${y} >= 0 AND ${y} < 1000, leftPad(toString(${y}), 4, '0'), toString(${y})), substring(toString(${s}), 5))`, '__y');
  });
}

/** The first day (a day number) of the week (from Monday), month or quarter holding day number x. */
export function periodStartDay(period: 'week' | 'month' | 'quarter', x: string): string {
  // 1970-01-01 was a Thursday: three days after a Monday.
  if (period === 'week') return bind(x, (z) => `(${z} - positiveModulo(${z} + 3, 7))`);
  return bind(x, (z) => {
    const { year, month } = fields(z);
    return civilDays(year, period === 'month' ? month : `(${month} - (${month} - 1) % 3)`, '1');
  });
}

/** Months from year 0's January to day number x's month: two days' difference is the months between them. */
export const monthIndex = (x: string) => bind(x, (z) => {
  const { year, month } = fields(z);
  return `(${year} * 12 + ${month} - 1)`;
});
