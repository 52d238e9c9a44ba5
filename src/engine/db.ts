// The one thing the engine needs from a DuckDB: run a statement, read a small result as plain rows.
// Implemented over @duckdb/node-api (CLI, tests) and DuckDB-WASM (the browser worker).
import { ident, str } from './sql/quote';
import type { Dialect } from './sql/dialect';

/** Columns to load in bulk: INTEGER from an Int32Array, DOUBLE from a Float64Array (NaN: NULL), VARCHAR from strings (null: NULL). */
export type BulkColumns = Record<string, Int32Array | Float64Array | (string | null)[]>;

/** The SQL type a bulk column is created with. */
export const bulkType = (c: BulkColumns[string]): string => (c instanceof Int32Array ? 'INTEGER' : c instanceof Float64Array ? 'DOUBLE' : 'VARCHAR');

export interface Db {
  /** The engine's SQL dialect (sql/dialect.ts): the pipeline writes for it. DuckDB when absent. */
  readonly dialect?: Dialect;
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /**
   * Create (or replace) `table` holding these equally long columns, in bulk (the appender natively, an
   * Arrow table in the worker). Absent on a bare Db: `loadColumns` then inserts in batches of SQL.
   */
  load?(table: string, columns: BulkColumns): Promise<void>;
  /** A numeric result as typed arrays by column name (Arrow in the worker, vectors natively); absent on a bare Db. */
  columns?(sql: string): Promise<Record<string, Float64Array | Int32Array>>;
  /** A result's first column as text, row by row, decoded only when asked (Arrow's Utf8 vector in the worker); absent on a bare Db. */
  texts?(sql: string): Promise<TextColumn>;
}

/** A text column held whole but read a row at a time: a million ids kept as Arrow's bytes, not a million strings. */
export interface TextColumn {
  readonly length: number;
  get(row: number): string | null;
}

/** A result's first column as text: the Db's own reader, or plain rows where it has none. */
export async function readTextColumn(db: Db, sql: string): Promise<TextColumn> {
  if (db.texts) return db.texts(sql);
  const values = (await db.rows<Record<string, unknown>>(sql)).map((r) => {
    const v = Object.values(r)[0];
    return v === null || v === undefined ? null : String(v);
  });
  return { length: values.length, get: (row) => values[row] ?? null };
}

/** A numeric result column by column: the Db's typed reader, or plain rows where it has none. */
export async function readNumericColumns(db: Db, sql: string): Promise<Record<string, ArrayLike<number>>> {
  if (db.columns) return db.columns(sql);
  const rows = await db.rows<Record<string, number>>(sql);
  const names = rows.length ? Object.keys(rows[0]) : [];
  return Object.fromEntries(names.map((c) => [c, Float64Array.from(rows, (r) => Number(r[c]))]));
}

// A double goes as its shortest text, which DuckDB's string-to-DOUBLE cast reads back to the same bits.
const sqlOf = (v: number | string | null, double: boolean) =>
  v === null || (double && Number.isNaN(v)) ? 'NULL' : double ? `${str(String(v))}::DOUBLE` : typeof v === 'number' ? String(v | 0) : str(v as string);

/** Create `table` from columns: the Db's own bulk load, or INSERT statements where it has none. */
export async function loadColumns(db: Db, table: string, columns: BulkColumns): Promise<void> {
  if (db.load) return db.load(table, columns);
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  await db.exec(`CREATE OR REPLACE TABLE ${table} (${names.map((c) => `${ident(c)} ${bulkType(columns[c])}`).join(', ')})`);
  for (let k = 0; k < n; k += 10_000) {
    const rows: string[] = [];
    for (let i = k; i < Math.min(n, k + 10_000); i++) rows.push(`(${names.map((c) => sqlOf(columns[c][i], columns[c] instanceof Float64Array)).join(', ')})`);
    await db.exec(`INSERT INTO ${table} VALUES ${rows.join(', ')}`);
  }
}

/**
 * Where the browser worker registers every input (registerFileBuffer): the one prefix its DuckDB may
 * read. Files registered there after the lock are readable; nothing else is.
 */
export const WORKER_INPUTS = 'input/';
/** DuckDB's own in-memory catalog: current until the worker's first load makes one of its own (workers/load-files.ts). */
export const DEFAULT_CATALOG = 'memory';

export interface Lockdown {
  /**
   * Path prefixes DuckDB may still open once external access is off: where each shell puts the files it
   * reads (the worker registers every input under one prefix; the CLI links its inputs into one directory).
   */
  readable: string[];
  /** Settings chosen by the shell (threads, memory): they must come before the lock, which refuses any later SET. */
  tuning?: string[];
}

/**
 * Run on every new database before any data or query, in this order (docs/privacy.md): nothing may be
 * fetched or installed; the shell's tuning; the only paths that stay readable; no other file or URL
 * (http, s3, a local path, ATTACH, COPY … TO, INSTALL); then the configuration locked, so no later
 * statement (SET, RESET, PRAGMA) can undo any of it.
 */
export function safeSettings({ readable, tuning = [] }: Lockdown): string[] {
  if (readable.length === 0 || readable.some((p) => !p.endsWith('/'))) throw new Error('readable prefixes must be directories ending in "/"');
  return [
    `SET autoinstall_known_extensions = false`,
    `SET autoload_known_extensions = false`,
    ...tuning,
    `SET allowed_directories = [${readable.map(str).join(', ')}]`,
    `SET enable_external_access = false`,
    `SET lock_configuration = true`,
  ];
}
