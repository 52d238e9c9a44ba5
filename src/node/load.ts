// Reading a file from disk into raw_<table>: every column as text plus __row (1-based data row number).
import { existsSync, statSync } from 'node:fs';
import type { Db } from '../engine/db';
import type { TableName } from '../engine/mapping';
import { rawColumnsSql, rawTableSql } from '../engine/sql/raw';

export class InputError extends Error {}

/** Loads the file and returns its column names, in file order. */
export async function loadRawFile(db: Db, table: TableName, path: string): Promise<string[]> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: no such file`);
  if (statSync(path).size === 0) throw new InputError(`${path}: the file is empty`);
  try {
    await db.exec(rawTableSql(table, path));
  } catch (e) {
    throw new InputError(`${path}: cannot be read as ${table} (${firstLine(e)})`);
  }
  const cols = await db.rows<{ column_name: string }>(rawColumnsSql(table));
  return cols.map((c) => c.column_name);
}

export function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}
