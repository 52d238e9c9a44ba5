// Reading a file into raw_<table>: every column as text, plus __row (1-based data row number, header excluded).
// The same statement runs on native DuckDB (a path on disk) and in the worker (a registered file name).
// How to read it (delimiter, header) was decided by src/engine/readers, never by DuckDB's sniffer,
// so the browser and the command line read the same file the same way.
import type { TableName } from '../mapping';
import { ident, int, str } from './quote';

export type RawRead = { kind: 'parquet' } | { kind: 'csv'; delimiter: string; header: boolean; names?: string[] };

export function rawTableSql(table: TableName, fileName: string, read: RawRead): string {
  return `CREATE OR REPLACE TABLE ${ident(`raw_${table}`)} AS SELECT CAST(row_number() OVER () AS BIGINT) AS __row, * FROM ${readSql(table, fileName, read)}`;
}

/**
 * Before a table's first read: malformed rows (a wrong number of fields) are not fatal; DuckDB skips
 * them into reject_<table>, and they are counted as `parse_error` with their line.
 */
export function parseErrorsResetSql(table: TableName): string[] {
  return [
    `DROP TABLE IF EXISTS ${ident(`reject_${table}`)}`,
    `DROP TABLE IF EXISTS ${ident(`reject_scan_${table}`)}`,
    `CREATE OR REPLACE TABLE ${ident(`parse_errors_${table}`)} (line BIGINT, text VARCHAR)`,
  ];
}

/** After each read: the read's malformed rows, their lines moved on by the lines of the pieces before. */
export function parseErrorsCollectSql(table: TableName, linesBefore: number): string[] {
  const rejects = ident(`reject_${table}`);
  return [
    `CREATE TEMP TABLE IF NOT EXISTS ${rejects} AS SELECT CAST(0 AS UBIGINT) AS scan_id, CAST(0 AS UBIGINT) AS line, CAST('' AS VARCHAR) AS csv_line WHERE false`,
    `INSERT INTO ${ident(`parse_errors_${table}`)} SELECT CAST(line AS BIGINT) + ${int(linesBefore)}, csv_line FROM ${rejects} WHERE scan_id = (SELECT max(scan_id) FROM ${rejects}) ORDER BY line`,
    `DELETE FROM ${rejects}`,
  ];
}

/** One more piece of a large file: its rows numbered on from `rowsBefore` (a later piece has no header). */
export function rawAppendSql(table: TableName, fileName: string, read: Extract<RawRead, { kind: 'csv' }>, rowsBefore: number): string {
  return `INSERT INTO ${ident(`raw_${table}`)} SELECT CAST(row_number() OVER () AS BIGINT) + ${int(rowsBefore)} AS __row, * FROM ${readSql(table, fileName, { ...read, header: false })}`;
}

export function rawCountSql(table: TableName): string {
  return `SELECT CAST(count(*) AS BIGINT) AS n FROM ${ident(`raw_${table}`)}`;
}

function readSql(table: TableName, fileName: string, read: RawRead): string {
  let source: string;
  if (read.kind === 'parquet') source = `read_parquet(${str(fileName)})`;
  else {
    const opts = [`all_varchar = true`, `header = ${read.header}`, `delim = ${str(read.delimiter)}`, `quote = '"'`, `escape = '"'`,
      `store_rejects = true`, `rejects_table = ${str(`reject_${table}`)}`, `rejects_scan = ${str(`reject_scan_${table}`)}`];
    if (read.names) opts.push(`names = [${read.names.map(str).join(', ')}]`);
    source = `read_csv(${str(fileName)}, ${opts.join(', ')})`;
  }
  return source;
}

export function rawColumnsSql(table: TableName): string {
  return `SELECT column_name FROM (DESCRIBE ${ident(`raw_${table}`)}) WHERE column_name <> '__row'`;
}

/** Whether the raw table has any row: a file with a header and no data is refused. */
export function rawHasRowsSql(table: TableName): string {
  return `SELECT EXISTS (SELECT 1 FROM ${ident(`raw_${table}`)}) AS has_rows`;
}

export const NO_DATA = 'only a header row, no data';
