// How a column's dates and numbers are written, found by trying every reader on a sample of its values:
// the same SQL that stages the rows decides, so detection can never disagree with loading.
import { DATE_FORMATS, NUMBER_STYLES, type DateFormat, type NumberStyle } from '../mapping';
import { ident } from './quote';
import type { Dialect } from './dialect';
import { date, number, text } from './values';

export const DETECT_SAMPLE = 1000;

/** The first sampled values of a column: of a raw table (ordered by file row), or of any relation (a preview). */
const sample = (table: string | { relation: string }, column: string) =>
  typeof table === 'string'
    ? `SELECT ${text(column)} AS v FROM ${ident(`raw_${table}`)} WHERE ${text(column)} IS NOT NULL ORDER BY __row LIMIT ${DETECT_SAMPLE}`
    : `SELECT ${text(column)} AS v FROM (${table.relation}) WHERE ${text(column)} IS NOT NULL LIMIT ${DETECT_SAMPLE}`;

/** One row: n (values sampled), one count per format that reads the value, and how often dmy and mdy disagree. */
export function dateCountsSql(table: string | { relation: string }, column: string): string {
  const counts = DATE_FORMATS.map((f) => `count(${date('v', f)}) AS ${ident(f)}`);
  return `SELECT count(*) AS n, ${counts.join(', ')}, count(*) FILTER (WHERE ${date('v', 'dmy')} <> ${date('v', 'mdy')}) AS dmy_mdy_differ FROM (${sample(table, column)})`;
}

export function numberCountsSql(table: string | { relation: string }, column: string): string {
  const counts = NUMBER_STYLES.map((s) => `count(${number('v', s)}) AS ${ident(s)}`);
  return `SELECT count(*) AS n, ${counts.join(', ')} FROM (${sample(table, column)})`;
}

export type DateCounts = { n: number; dmy_mdy_differ: number } & Record<DateFormat, number>;
export type NumberCounts = { n: number } & Record<NumberStyle, number>;

/** A counts row as numbers (DuckDB may answer with bigints). */
export function countsOf<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as T;
}

export type DateChoice = { format: DateFormat } | { ambiguous: ['dmy', 'mdy'] };

/**
 * The format that reads the most sampled values, earliest in DATE_FORMATS on a tie (ISO first, as the SPEC
 * defaults). Day/month against month/day is a question for the user when both read every value alike
 * well but give different days.
 */
export function chooseDateFormat(c: DateCounts): DateChoice {
  let best: DateFormat = 'iso';
  for (const f of DATE_FORMATS) if (c[f] > c[best]) best = f;
  if ((best === 'dmy' || best === 'mdy') && c.dmy === c.mdy && c.dmy_mdy_differ > 0) return { ambiguous: ['dmy', 'mdy'] };
  return { format: best };
}

/** Plain unless grouping (thousands commas, currency symbols) reads more values; a decimal comma is never guessed. */
export function chooseNumberStyle(c: NumberCounts): NumberStyle {
  return c.grouped > c.plain ? 'grouped' : 'plain';
}

// Loading decides over every value of a column, never a sample, so no result depends on where in the file
// a value sits. The SPEC's reader (plain numbers, ISO dates) stays unless it rejects more than 5% of the
// non-empty values and another reads at least 99% of them.
export const SWITCH_IF_DEFAULT_REJECTS = 0.05;
export const SWITCH_IF_OTHER_READS = 0.99;

/** One scan of a raw table: per column, its non-empty values and how many the SPEC default reads. */
export function defaultReadsSql(table: string, numberColumns: string[], dateColumn?: string, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return defaultReadsSqlClickHouse(table, numberColumns, dateColumn);
  const parts: string[] = [];
  numberColumns.forEach((c, i) => parts.push(`count(${text(c, d)}) AS ${ident(`n${i}`)}`, `count(${number(text(c, d), 'plain', d)}) AS ${ident(`ok${i}`)}`));
  if (dateColumn) parts.push(`count(${text(dateColumn, d)}) AS nd`, `count(${date(text(dateColumn, d), 'iso', d)}) AS okd`);
  return `SELECT ${parts.join(', ')} FROM ${ident(`raw_${table}`)}`;
}

/** Every value of a column (distinct values weighted by their count), read by every other reader. */
export function wholeColumnDateCountsSql(table: string, column: string, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return wholeColumnDateCountsSqlClickHouse(table, column);
  const w = (cond: string) => `coalesce(sum(c) FILTER (WHERE ${cond}), 0)`;
  const counts = DATE_FORMATS.map((f) => `${w(`${date('v', f)} IS NOT NULL`)} AS ${ident(f)}`);
  return `SELECT coalesce(sum(c), 0) AS n, ${counts.join(', ')}, ${w(`${date('v', 'dmy')} <> ${date('v', 'mdy')}`)} AS dmy_mdy_differ
FROM (SELECT v, count(*) AS c FROM (SELECT ${text(column)} AS v FROM ${ident(`raw_${table}`)}) WHERE v IS NOT NULL GROUP BY v)`;
}

// ClickHouse evaluates an aggregate's argument without short-circuiting its if(): a date reader's guarded
// branch then runs on every value and fails (arrayMap over a text that is not a date). Every reader is
// therefore evaluated in a subquery's projection (where if() short-circuits) and only counted above it.

function defaultReadsSqlClickHouse(table: string, numberColumns: string[], dateColumn?: string): string {
  const d = 'clickhouse';
  const cells: string[] = [];
  numberColumns.forEach((c, i) => cells.push(`${text(c, d)} AS ${ident(`n${i}`)}`, `${number(text(c, d), 'plain', d)} AS ${ident(`ok${i}`)}`));
  if (dateColumn) cells.push(`${text(dateColumn, d)} AS nd`, `${date(text(dateColumn, d), 'iso', d)} AS okd`);
  const names = [...numberColumns.flatMap((_, i) => [`n${i}`, `ok${i}`]), ...(dateColumn ? ['nd', 'okd'] : [])];
  return `SELECT ${names.map((n) => `count(${ident(n)}) AS ${ident(n)}`).join(', ')} FROM (SELECT ${cells.join(', ')} FROM ${ident(`raw_${table}`)})`;
}

/** The same counts in ClickHouse's words (`sumIf` for `sum … FILTER`; a NULL condition counts as false). */
function wholeColumnDateCountsSqlClickHouse(table: string, column: string): string {
  const d = 'clickhouse';
  const w = (cond: string) => `toInt64(sumIf(c, coalesce(${cond}, false)))`;
  const read = DATE_FORMATS.map((f) => `${date('v', f, d)} AS ${ident(`d:${f}`)}`);
  const counts = DATE_FORMATS.map((f) => `${w(`${ident(`d:${f}`)} IS NOT NULL`)} AS ${ident(f)}`);
  return `SELECT toInt64(sum(c)) AS n, ${counts.join(', ')}, ${w(`${ident('d:dmy')} <> ${ident('d:mdy')}`)} AS dmy_mdy_differ
FROM (SELECT v, c, ${read.join(', ')} FROM (SELECT v, toInt64(count()) AS c FROM (SELECT ${text(column, d)} AS v FROM ${ident(`raw_${table}`)}) WHERE v IS NOT NULL GROUP BY v))`;
}

export function wholeColumnGroupedSql(table: string, column: string, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return `SELECT count(g) AS grouped FROM (SELECT ${number(text(column, d), 'grouped', d)} AS g FROM ${ident(`raw_${table}`)})`;
  return `SELECT count(${number('v', 'grouped', d)}) AS grouped FROM (SELECT ${text(column, d)} AS v FROM ${ident(`raw_${table}`)})`;
}

/** Whether the SPEC default rejects more than 5% of a column's values: only then is another reader tried. */
export const defaultRejectsTooMany = (values: number, readByDefault: number) => values > 0 && (values - readByDefault) / values > SWITCH_IF_DEFAULT_REJECTS;
const readsNearlyAll = (values: number, read: number) => values > 0 && read / values >= SWITCH_IF_OTHER_READS;

/** Grouped only where plain rejects more than 5% and grouped reads at least 99% (a decimal comma is never guessed). */
export function decideNumberStyle(values: number, plain: number, grouped: number | null): NumberStyle {
  return grouped !== null && defaultRejectsTooMany(values, plain) && readsNearlyAll(values, grouped) ? 'grouped' : 'plain';
}

/**
 * ISO unless it rejects more than 5%; then the format that reads the most values among those reading at least
 * 99% (earliest in DATE_FORMATS on a tie), and day/month against month/day a question when both read alike
 * but give different days. No such format: ISO, and the rejected dates are counted as unparseable.
 */
export function decideDateFormat(c: DateCounts): DateChoice {
  if (!defaultRejectsTooMany(c.n, c.iso)) return { format: 'iso' };
  let best: DateFormat | null = null;
  for (const f of DATE_FORMATS) if (f !== 'iso' && readsNearlyAll(c.n, c[f]) && (best === null || c[f] > c[best])) best = f;
  if (best === null) return { format: 'iso' };
  if ((best === 'dmy' || best === 'mdy') && c.dmy === c.mdy && c.dmy_mdy_differ > 0) return { ambiguous: ['dmy', 'mdy'] };
  return { format: best };
}

/**
 * The orders' open formats counted while staging reads them with the SPEC defaults (DuckDB): per open
 * numeric column, whether the cell is given and whether the default reads it; for an open date column,
 * whether it is given (its day, read as ISO, is staged anyway). The same counts `defaultReadsSql` takes,
 * without its pass over the raw table.
 */
export interface FormatProbes {
  numbers: string[];
  date?: string;
}

export const probeGiven = (column: string) => ident(`probe:given:${column}`);
export const probeRead = (column: string) => ident(`probe:read:${column}`);

/** The probe columns staging adds, in a fixed order. */
export const probeColumns = (p: FormatProbes): string[] => [
  ...p.numbers.flatMap((c) => [probeGiven(c), probeRead(c)]),
  ...(p.date !== undefined ? [probeGiven(p.date)] : []),
];

/** `defaultReadsSql`'s row (n<i>, ok<i>, nd, okd) from the staged orders' probes and days. */
export function probeCountsSql(p: FormatProbes): string {
  const parts: string[] = [];
  p.numbers.forEach((c, i) => parts.push(`count(*) FILTER (WHERE ${probeGiven(c)}) AS ${ident(`n${i}`)}`, `count(*) FILTER (WHERE ${probeRead(c)}) AS ${ident(`ok${i}`)}`));
  if (p.date !== undefined) parts.push(`count(*) FILTER (WHERE ${probeGiven(p.date)}) AS nd`, 'count(day) AS okd');
  return `SELECT ${parts.join(', ')} FROM stg_orders`;
}

/** The probes dropped once counted (DuckDB drops a column without copying the others). */
export const dropProbesSql = (p: FormatProbes): string[] => probeColumns(p).map((c) => `ALTER TABLE stg_orders DROP COLUMN ${c}`);
