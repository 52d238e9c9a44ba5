// The one thing the engine needs from a DuckDB: run a statement, read a small result as plain rows.
// Implemented over @duckdb/node-api (CLI, tests) and DuckDB-WASM (the browser worker).
import { str } from './sql/quote';

export interface Db {
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
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
