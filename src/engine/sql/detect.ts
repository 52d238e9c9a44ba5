// How a column's dates and numbers are written, found by trying every reader on a sample of its values:
// the same SQL that stages the rows decides, so detection can never disagree with loading.
import { DATE_FORMATS, NUMBER_STYLES, type DateFormat, type NumberStyle } from '../mapping';
import { ident } from './quote';
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
