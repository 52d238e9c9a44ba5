// Reading a file from disk into raw_<table>: every column as text plus __row (1-based data row number).
import { existsSync, statSync } from 'node:fs';
import type { Db } from '../engine/db';
import type { TableName } from '../engine/mapping';
import { ident, str } from '../engine/sql/quote';

export class InputError extends Error {}

function reader(path: string): string {
  const p = str(path);
  if (/\.parquet$/i.test(path)) return `read_parquet(${p})`;
  return `read_csv(${p}, all_varchar = true, header = true)`;
}

/** Loads the file and returns its column names, in file order. */
export async function loadRawFile(db: Db, table: TableName, path: string): Promise<string[]> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: no such file`);
  if (statSync(path).size === 0) throw new InputError(`${path}: the file is empty`);
  try {
    await db.exec(
      `CREATE OR REPLACE TABLE ${ident(`raw_${table}`)} AS SELECT CAST(row_number() OVER () AS BIGINT) AS __row, * FROM ${reader(path)}`,
    );
  } catch (e) {
    throw new InputError(`${path}: cannot be read as ${table} (${firstLine(e)})`);
  }
  const cols = await db.rows<{ column_name: string }>(
    `SELECT column_name FROM (DESCRIBE ${ident(`raw_${table}`)}) WHERE column_name <> '__row'`,
  );
  return cols.map((c) => c.column_name);
}

export function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}
