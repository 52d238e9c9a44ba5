// Reading a file into raw_<table>: every column as text, plus __row (1-based data row number, header excluded).
// The same statements run on native DuckDB (a path on disk) and in the worker (a registered file name).
// How to read it (delimiter, header, column names) was decided by src/engine/readers, and which records
// are rows too (readers/records.ts): DuckDB's sniffer never runs, and DuckDB never skips a record itself.
import type { TableName } from '../mapping';
import type { BadRecord } from '../readers/records';
import { MAX_RECORD_BYTES } from '../readers/records';
import { ident, int, str } from './quote';

export type RawRead =
  | { kind: 'parquet' }
  | { kind: 'csv'; delimiter: string; header: boolean; names: string[]; compression?: 'gzip'; newLine?: 'lf' | 'crlf' };

/** The empty raw table, its unreadable rows and its line breakpoints, before a file's rows go in. */
export function rawCreateSql(table: TableName, columns: string[]): string[] {
  return [
    `CREATE OR REPLACE TABLE ${ident(`raw_${table}`)} (__row BIGINT, ${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`,
    ...rawSideTablesSql(table),
  ];
}

/**
 * Records that are not rows (`parse_error`, `row_too_long`, `nul_byte`) with their line and first bytes;
 * and where rows' lines jump (`lines_<table>`: from `row` on, row r is on line `line + r - row`).
 */
function rawSideTablesSql(table: TableName): string[] {
  return [
    `CREATE OR REPLACE TABLE ${ident(`parse_errors_${table}`)} (line BIGINT, reason VARCHAR, text VARCHAR)`,
    `CREATE OR REPLACE TABLE ${ident(`lines_${table}`)} (row BIGINT, line BIGINT)`,
  ];
}

/**
 * A whole file into the empty raw_<table>, unnumbered, then numbered by rowid: the rows of a fresh table's
 * one INSERT are stored in file order (insertion order is kept), so rowid + 1 is the row's number.
 * `row_number() OVER ()` numbered them as they were read, but held the native read to one thread (a 1M-row
 * file read and numbered: ~680 ms that way, ~370 ms this way). Only for a first insert into an empty table:
 * after a DELETE, rowids go on from the deleted rows'.
 */
export function rawInPlaceSql(table: TableName, fileName: string, read: Extract<RawRead, { kind: 'csv' }>): { insert: string; number: string } {
  const raw = ident(`raw_${table}`);
  return {
    insert: `INSERT INTO ${raw} SELECT CAST(NULL AS BIGINT) AS __row, * FROM ${csvSql(fileName, read)}`,
    number: `UPDATE ${raw} SET __row = rowid + 1`,
  };
}

/** Empties raw_<table> (rows read in place that are not kept). */
export const rawClearSql = (table: TableName): string => `DELETE FROM ${ident(`raw_${table}`)}`;

/** Rows read by DuckDB from `fileName`, numbered on from `rowsBefore`. */
export function rawInsertSql(table: TableName, fileName: string, read: Extract<RawRead, { kind: 'csv' }>, rowsBefore: number): string {
  return `INSERT INTO ${ident(`raw_${table}`)} SELECT CAST(row_number() OVER () AS BIGINT) + ${int(rowsBefore)} AS __row, * FROM ${csvSql(fileName, read)}`;
}

/** A piece of readable rows as records.ts hands them on: no header, LF line ends, the file's delimiter. */
export function rawPieceSql(table: TableName, fileName: string, delimiter: string, names: string[], rowsBefore: number): string {
  return rawInsertSql(table, fileName, { kind: 'csv', delimiter, header: false, names, newLine: 'lf' }, rowsBefore);
}

/** Parquet read natively (command line): its rows as they are; the line of row r is r. */
export function rawParquetSql(table: TableName, fileName: string): string[] {
  return [
    `CREATE OR REPLACE TABLE ${ident(`raw_${table}`)} AS SELECT CAST(row_number() OVER () AS BIGINT) AS __row, * FROM read_parquet(${str(fileName)})`,
    ...rawSideTablesSql(table),
    `INSERT INTO ${ident(`lines_${table}`)} VALUES (1, 1)`,
  ];
}

/**
 * A NUL character in a Parquet cell: the row is `nul_byte`, as in text (no export ever holds a NUL). Rows
 * keep their numbers (the line of row r stays r).
 */
export function rawParquetNulSql(table: TableName, columns: string[]): string[] {
  if (columns.length === 0) return [];
  const raw = ident(`raw_${table}`);
  const hasNul = columns.map((c) => `coalesce(strpos(CAST(${ident(c)} AS VARCHAR), chr(0)) > 0, false)`).join(' OR ');
  const text = `replace(concat_ws(',', ${columns.map((c) => `coalesce(CAST(${ident(c)} AS VARCHAR), '')`).join(', ')}), chr(0), '\u2400')`;
  return [
    `INSERT INTO ${ident(`parse_errors_${table}`)} SELECT __row, 'nul_byte', left(${text}, 1024) FROM ${raw} WHERE ${hasNul} ORDER BY __row`,
    `DELETE FROM ${raw} WHERE ${hasNul}`,
  ];
}

const BATCH = 2000;

/** The unreadable records found by the scan, in batches of VALUES. */
export function parseErrorsInsertSql(table: TableName, records: BadRecord[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < records.length; i += BATCH)
    out.push(`INSERT INTO ${ident(`parse_errors_${table}`)} VALUES ${records.slice(i, i + BATCH).map((r) => `(${int(r.line)}, ${str(r.reason)}, ${str(r.text)})`).join(', ')}`);
  return out;
}

export function linesInsertSql(table: TableName, breaks: [number, number][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < breaks.length; i += BATCH)
    out.push(`INSERT INTO ${ident(`lines_${table}`)} VALUES ${breaks.slice(i, i + BATCH).map(([r, l]) => `(${int(r)}, ${int(l)})`).join(', ')}`);
  return out;
}

function csvSql(fileName: string, read: Extract<RawRead, { kind: 'csv' }>): string {
  const opts = [
    `auto_detect = false`, `header = ${read.header}`, `delim = ${str(read.delimiter)}`, `quote = '"'`, `escape = '"'`,
    `columns = {${read.names.map((n) => `${str(n)}: 'VARCHAR'`).join(', ')}}`,
    // Rows are at most MAX_RECORD_BYTES (longer ones never reach DuckDB); its own limit stays above that.
    `max_line_size = ${int(2 * MAX_RECORD_BYTES)}`,
  ];
  // Said, never guessed: DuckDB otherwise takes a line break inside a quoted cell for the file's line end.
  opts.push(`new_line = ${read.newLine === 'crlf' ? `'\\r\\n'` : `'\\n'`}`);
  // Said, never guessed from the name: a piece of an `x.csv.gz` is plain text, and a gzip file may be named anything.
  opts.push(`compression = ${str(read.compression ?? 'none')}`);
  return `read_csv(${str(fileName)}, ${opts.join(', ')})`;
}

export function rawCountSql(table: TableName): string {
  return `SELECT CAST(count(*) AS BIGINT) AS n FROM ${ident(`raw_${table}`)}`;
}

export function rawColumnsSql(table: TableName): string {
  return `SELECT column_name FROM (DESCRIBE ${ident(`raw_${table}`)}) WHERE column_name <> '__row'`;
}

/** Whether the raw table has any row: a file with a header and no data is refused. */
export function rawHasRowsSql(table: TableName): string {
  return `SELECT EXISTS (SELECT 1 FROM ${ident(`raw_${table}`)}) AS has_rows`;
}

export const NO_DATA = 'only a header row, no data';
