// Reading a file from disk into raw_<table>: every column as text plus __row (1-based data row number).
// The readers (src/engine/readers) decide how; converted inputs go through a temporary UTF-8 CSV.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { inspectSample, type FileProfile } from '../engine/inspect';
import { sampleTable } from '../engine/readers/sample';
import type { Db } from '../engine/db';
import { admit, admitBytes, type NodeDb } from './duckdb';
import type { TableName } from '../engine/mapping';
import { NO_DATA, parseErrorsCollectSql, parseErrorsResetSql, rawColumnsSql, rawHasRowsSql, rawTableSql } from '../engine/sql/raw';
import { HEAD_BYTES, ReadError, type ReadOptions } from '../engine/readers/plan';
import { prepareInput, type Prepared } from '../engine/readers/prepare';

export class InputError extends Error {}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Loads the file and returns its column names, in file order, and how it was read. */
export async function loadRawFile(db: NodeDb, table: TableName, path: string, options: ReadOptions = {}, parquet: 'native' | 'convert' = 'native'): Promise<{ columns: string[]; prepared: Prepared }> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: no such file`);
  const size = statSync(path).size;
  if (size === 0) throw new InputError(`${path}: the file is empty`);
  let prepared: Prepared;
  try {
    prepared = await prepareInput(path, readHead(path), size <= HEAD_BYTES, options, async () => new Uint8Array(readFileSync(path)), parquet);
  } catch (e) {
    if (e instanceof ReadError) throw new InputError(e.message);
    throw e;
  }
  // The database reads only its scratch directory (docs/privacy.md): the file, or its conversion, goes there.
  const source = prepared.source === 'original' ? admit(db, path) : admitBytes(db, path, prepared.source);
  try {
    for (const sql of parseErrorsResetSql(table)) await db.exec(sql);
    await db.exec(rawTableSql(table, source.path, prepared.read));
    if (prepared.read.kind === 'csv') for (const sql of parseErrorsCollectSql(table, 0)) await db.exec(sql);
  } catch (e) {
    throw new InputError(`${path}: cannot be read as ${table} (${firstLine(e).replaceAll(source.path, path)})`);
  } finally {
    source.release();
  }
  const [{ has_rows }] = await db.rows<{ has_rows: boolean }>(rawHasRowsSql(table));
  if (!has_rows) throw new InputError(`${path}: ${NO_DATA}`);
  const cols = await db.rows<{ column_name: string }>(rawColumnsSql(table));
  if (cols.length === 0) throw new InputError(`${path}: no columns could be read`);
  return { columns: cols.map((c) => c.column_name), prepared };
}

export function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}

/** The mapping panel's profile of a file on disk (the browser's worker builds the same from a File). */
export async function inspectPath(db: Db, path: string, options: ReadOptions = {}): Promise<FileProfile> {
  const size = statSync(path).size;
  const s = await sampleTable(basename(path), readHead(path), size <= HEAD_BYTES, options, async () => new Uint8Array(readFileSync(path)));
  return inspectSample(db, basename(path), s);
}
