// Reading a file into raw_<table>: every column as text, plus __row (1-based data row number, header excluded).
// The same statement runs on native DuckDB (a path on disk) and in the worker (a registered file name).
import type { TableName } from '../mapping';
import { ident, str } from './quote';

export type RawFormat = 'csv' | 'parquet';

export function rawFormat(fileName: string): RawFormat {
  return /\.parquet$/i.test(fileName) ? 'parquet' : 'csv';
}

export function rawTableSql(table: TableName, fileName: string, format: RawFormat = rawFormat(fileName)): string {
  const source =
    format === 'parquet'
      ? `read_parquet(${str(fileName)})`
      : `read_csv(${str(fileName)}, all_varchar = true, header = true)`;
  return `CREATE OR REPLACE TABLE ${ident(`raw_${table}`)} AS SELECT CAST(row_number() OVER () AS BIGINT) AS __row, * FROM ${source}`;
}

export function rawColumnsSql(table: TableName): string {
  return `SELECT column_name FROM (DESCRIBE ${ident(`raw_${table}`)}) WHERE column_name <> '__row'`;
}
