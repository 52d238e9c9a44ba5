// The traps between DuckDB and ClickHouse (issue 17, docs/scale.md), as a table of cases: each row is the
// expression the builders use (src/engine/sql/dialect.ts, values.ts), run on native DuckDB and on embedded
// ClickHouse (chdb), and the text both must give: the SPEC's digits, never the engine's own habit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openChDb, type ChDb } from '../../src/node/chdb';
import {
  DIALECTS, dayText, decimalUnits, doubleToMoney, intDiv, literalValue, moneyType, plainDecimalText, quoteCsv, roundedRatio, roundHalfAway, sortedList, textType, type Dialect,
} from '../../src/engine/sql/dialect';
import { date } from '../../src/engine/sql/values';
import { strIn } from '../../src/engine/sql/quote';
import type { DateFormat } from '../../src/engine/mapping';

let duck: NodeDb;
let ch: ChDb;
beforeAll(async () => { [duck, ch] = await Promise.all([openNodeDb(), openChDb()]); });
afterAll(() => { duck?.close(); ch?.close(); });

/** Every row of column `v` as text, joined by `|`; NULL as `NULL`. */
async function run(d: Dialect, sql: string): Promise<string> {
  const db = d === 'duckdb' ? duck : ch;
  const rows = await db.rows<{ v: unknown }>(sql);
  return rows.map((r) => (r.v === null ? 'NULL' : String(r.v))).join('|');
}

const asText = (x: string, d: Dialect) => (d === 'duckdb' ? `CAST(${x} AS VARCHAR)` : `toString(${x})`);
const money = (text: string, d: Dialect) => `CAST(${strIn(text, d)} AS ${moneyType(d)})`;
/** A DECIMAL(38,9) as the export writes it. */
const moneyText = (x: string, d: Dialect) => plainDecimalText(x, d);
const values = (xs: string[], d: Dialect) => (d === 'duckdb' ? `(VALUES ${xs.map((x) => `(${x})`).join(', ')}) AS t(x)` : `(SELECT arrayJoin([${xs.join(', ')}]) AS x)`);

interface Case { name: string; sql: (d: Dialect) => string; want: string }

const ratio = (num: string, n: number): Case => ({
  name: `decimal division: ${num} / ${n} rounded half away from zero to 9 places`,
  sql: (d) => `SELECT ${moneyText(roundedRatio(decimalUnits(money(num, d), d), String(n), d), d)} AS v`,
  want: '',
});

const cases: Case[] = [
  // Decimal(38,9) division: ClickHouse truncates (2/3 = 0.666666666); the SPEC rounds half away from zero.
  { ...ratio('2', 3), want: '0.666666667' },
  { ...ratio('-2', 3), want: '-0.666666667' },
  { ...ratio('0.000000001', 2), want: '0.000000001' },
  { ...ratio('-0.000000001', 2), want: '-0.000000001' },
  { ...ratio('10', 4), want: '2.5' },
  { ...ratio('123456789012345678.123456789', 7), want: '17636684144620811.160493827' },
  // A literal's value: ClickHouse's text-to-decimal truncates past 9 places.
  ...([['1.0000000005', '1.000000001'], ['-1.0000000005', '-1.000000001'], ['1.00000000049', '1'], ['5e-10', '0.000000001'], ['.5', '0.5'], ['1e3', '1000'], ['-12.50', '-12.5']] as const).map(([lit, want]): Case => ({
    name: `a literal's value: ${lit}`, sql: (d) => `SELECT ${moneyText(literalValue(strIn(lit, d), d), d)} AS v`, want,
  })),
  // Past Decimal(38,9) (and ClickHouse's Int128): no value on either engine, never an error.
  ...(['1e30', '-1e30', '1e40'] as const).map((lit): Case => ({
    name: `a literal past Decimal(38,9): ${lit}`, sql: (d) => `SELECT coalesce(${moneyText(literalValue(strIn(lit, d), d), d)}, 'NULL') AS v`, want: 'NULL',
  })),
  // The export's numbers (SPEC §6): a DECIMAL(38,9)'s plain text, every trailing zero and a bare point cut,
  // nothing else (DuckDB trims characters off its text, which always has a point at this scale).
  ...([['0', '0'], ['100', '100'], ['-100', '-100'], ['10.10', '10.1'], ['-0.5', '-0.5'], ['0.000000001', '0.000000001'], ['1000000000', '1000000000'],
    ['200.000000010', '200.00000001'], ['99999999999999999999999999999.999999999', '99999999999999999999999999999.999999999']] as const).map(([lit, want]): Case => ({
    name: `plain decimal text: ${lit} is ${want}`, sql: (d) => `SELECT ${moneyText(money(lit, d), d)} AS v`, want,
  })),
  // An integer is a DECIMAL(38,9) exactly: its zeros stay.
  ...([['100', '100'], ['0', '0'], ['-30', '-30']] as const).map(([n, want]): Case => ({
    name: `plain decimal text of an integer: ${n}`, sql: (d) => `SELECT ${moneyText(d === 'duckdb' ? `CAST(${n} AS INTEGER)` : `toDecimal128(${n}, 9)`, d)} AS v`, want,
  })),
  // Integer and float division.
  { name: 'float division of integers: 7 / 2', sql: (d) => `SELECT ${asText(`7 / 2`, d)} AS v`, want: '3.5' },
  { name: 'integer division toward zero: 7 div 2', sql: (d) => `SELECT ${asText(intDiv('7', '2', d), d)} AS v`, want: '3' },
  { name: 'integer division toward zero: -7 div 2', sql: (d) => `SELECT ${asText(intDiv('-7', '2', d), d)} AS v`, want: '-3' },
  // avg of decimals: a DOUBLE in both; written as the export writes a double (rounded to 9 places).
  { name: 'avg of decimals 4, 5, 5 as the export writes it', sql: (d) => `SELECT ${moneyText(doubleToMoney('avg(x)', d), d)} AS v FROM ${values(['4', '5', '5'].map((x) => money(x, d)), d)}`, want: '4.666666667' },
  { name: 'a double as money: 0.1 + 0.2', sql: (d) => `SELECT ${moneyText(doubleToMoney('(CAST(0.1 AS DOUBLE) + CAST(0.2 AS DOUBLE))', d), d)} AS v`, want: '0.3' },
  { name: 'a double as money: 2/3', sql: (d) => `SELECT ${moneyText(doubleToMoney('(2 / 3)', d), d)} AS v`, want: '0.666666667' },
  { name: 'a double as money: -2/3', sql: (d) => `SELECT ${moneyText(doubleToMoney('(-2 / 3)', d), d)} AS v`, want: '-0.666666667' },
  // NULL: an unmatched join side is NULL (join_use_nulls = 1), a NULL of a type must be Nullable.
  { name: 'an unmatched LEFT JOIN side is NULL', sql: () => `SELECT coalesce(r.v, 'none') AS v FROM (SELECT 1 AS k) AS l LEFT JOIN (SELECT 2 AS k, 'x' AS v) AS r ON l.k = r.k`, want: 'none' },
  { name: 'an unmatched LEFT JOIN number is NULL, not 0', sql: () => `SELECT CASE WHEN r.n IS NULL THEN 'null' ELSE 'value' END AS v FROM (SELECT 1 AS k) AS l LEFT JOIN (SELECT 2 AS k, 5 AS n) AS r ON l.k = r.k`, want: 'null' },
  { name: 'a typed NULL text', sql: (d) => `SELECT coalesce(CAST(NULL AS ${textType(d)}), 'null') AS v`, want: 'null' },
  { name: 'a typed NULL money', sql: (d) => `SELECT CASE WHEN CAST(NULL AS ${moneyType(d)}) IS NULL THEN 'null' ELSE 'value' END AS v`, want: 'null' },
  // ORDER BY on text is byte order of the UTF-8 in both (the export's customer order).
  { name: 'ids sorted in byte order: digits, upper case, lower case, accents, Chinese', sql: (d) => `SELECT x AS v FROM ${values(['b', 'B', 'a', '中', '1', 'é', '10', '9', 'Z', '_', '客户'].map((x) => strIn(x, d)), d)} ORDER BY x`, want: '1|10|9|B|Z|_|a|b|é|中|客户' },
  // The SPEC's quantile positions: the k-th value exactly (1-based), NULLs left out.
  ...([[1, '1'], [2, '2.5'], [5, '40']] as const).map(([k, want]): Case => ({
    name: `the ${k}-th sorted value`,
    sql: (d) => `SELECT ${moneyText(`s[${k}]`, d)} AS v FROM (SELECT ${sortedList('x', d)} AS s FROM ${values(['40', '2.5', '1', '7', '3'].map((x) => money(x, d)).concat(`CAST(NULL AS ${moneyType(d)})`), d)} WHERE x IS NOT NULL)`,
    want,
  })),
  // Dates, each format the readers support (SPEC §1); times dropped, never shifted; a day that does not exist is NULL.
  ...([
    ['iso', '2024-03-05', '2024-03-05'], ['iso', '2024-03-05T23:59:59+08:00', '2024-03-05'], ['iso', '2024-02-29', '2024-02-29'], ['iso', '2023-02-29', 'NULL'], ['iso', '2024-3-5', 'NULL'],
    ['ymd', '2024/3/5', '2024-03-05'], ['ymd', '2024.03.05 10:00', '2024-03-05'], ['ymd', '2024/13/01', 'NULL'],
    ['dmy', '05/03/2024', '2024-03-05'], ['dmy', '5.3.2024 9:30 PM', '2024-03-05'], ['dmy', '31/04/2024', 'NULL'],
    ['mdy', '03/05/2024', '2024-03-05'], ['mdy', '12-31-2024', '2024-12-31'],
    ['yyyymmdd', '20240305', '2024-03-05'], ['yyyymmdd', '20240230', 'NULL'],
    ['zh', '2024年3月5日', '2024-03-05'], ['zh', '2024 年 03 月 05 日 08:00', '2024-03-05'],
    ['excel', '45356', '2024-03-05'], ['excel', '45356.75', '2024-03-05'], ['excel', '61', '1900-03-01'], ['excel', '60', 'NULL'],
    ['unix_s', '1709596800', '2024-03-05'], ['unix_s', '1709683199.5', '2024-03-05'], ['unix_s', '-1', '1969-12-31'],
    ['unix_ms', '1709596800000', '2024-03-05'], ['unix_ms', '1709596799999', '2024-03-04'],
  ] as const).map(([format, text, want]): Case => ({
    name: `date (${format}): ${text}`, sql: (d) => `SELECT ${dayText(date(strIn(text, d), format as DateFormat, d), d)} AS v`, want,
  })),
  // round: half away from zero (DuckDB's); ClickHouse rounds a Float64 half to even.
  ...([['2.5', 0, '3'], ['-2.5', 0, '-3'], ['0.125', 2, '0.13'], ['1.005', 2, '1'], ['3.5', 0, '4']] as const).map(([x, places, want]): Case => ({
    name: `round(${x}, ${places}) half away from zero`, sql: (d) => `SELECT ${moneyText(doubleToMoney(roundHalfAway(`CAST(${x} AS DOUBLE)`, places, d), d), d)} AS v`, want,
  })),
  // Plain decimal text, as the export writes money.
  ...([['1.500000000', '1.5'], ['100', '100'], ['-0.000000001', '-0.000000001'], ['0', '0'], ['999999999999999999.999999999', '999999999999999999.999999999']] as const).map(([x, want]): Case => ({
    name: `plain decimal text: ${x}`, sql: (d) => `SELECT ${moneyText(money(x, d), d)} AS v`, want,
  })),
  // CSV quoting of the export line (SPEC §6).
  ...([['plain', 'plain'], ['a,b', '"a,b"'], ['say "hi"', '"say ""hi"""'], ['two\nlines', '"two\nlines"'], ['cr\rhere', '"cr\rhere"'], ['中文,客户', '"中文,客户"'], ['back\\slash', 'back\\slash'], ["it's", "it's"]] as const).map(([x, want]): Case => ({
    name: `CSV field: ${JSON.stringify(x)}`, sql: (d) => `SELECT ${quoteCsv(strIn(x, d), d)} AS v`, want,
  })),
];

describe('the same text on DuckDB and ClickHouse', () => {
  test.each(cases.flatMap((c) => DIALECTS.map((d) => [c.name, d, c] as const)))('%s (%s)', async (_name, d, c) => {
    expect(await run(d, c.sql(d))).toBe(c.want);
  });
});

// What the traps would do untreated: if one of these ever changes, a workaround above may be unneeded.
describe('ClickHouse left to itself', () => {
  test.each([
    ['Decimal division truncates', `SELECT toString(toDecimal128(2, 9) / toDecimal128(3, 9)) AS v`, '0.666666666'],
    ['text to Decimal truncates', `SELECT toString(toDecimal128OrNull('1.0000000005', 9)) AS v`, '1'],
    ['Float64 to Decimal truncates', `SELECT toString(toDecimal128(4.666666666666667, 9)) AS v`, '4.666666666'],
    ['round of a Float64 is half to even', `SELECT toString(round(2.5)) AS v`, '2'],
    ['a join fills an unmatched side with the default without join_use_nulls', `SELECT r.v AS v FROM (SELECT 1 AS k) AS l LEFT JOIN (SELECT 2 AS k, 'x' AS v) AS r ON l.k = r.k SETTINGS join_use_nulls = 0`, ''],
    ['a day that does not exist rolls over', `SELECT toString(toDate32OrNull('2024-02-30')) AS v`, '2024-03-01'],
    ['Date32 clamps: 1899-12-31 is 1900-01-01', `SELECT toString(toDate32OrNull('1899-12-31')) AS v`, '1900-01-01'],
    ['backslash escapes in literals', `SELECT 'a\\\\b' AS v`, 'a\\b'],
  ])('%s', async (_name, sql, want) => expect(await run('clickhouse', sql)).toBe(want));

  test('Date32 ends at 2299-12-31: 2300-01-01 clamps', async () => {
    expect(await run('clickhouse', `SELECT toString(toDate32OrNull('2300-01-01')) AS v`)).toBe('2299-12-31');
  });
});
