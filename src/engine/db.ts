// The one thing the engine needs from a DuckDB: run a statement, read a small result as plain rows.
// Implemented over @duckdb/node-api (CLI, tests) and DuckDB-WASM (the browser worker).
export interface Db {
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/** Settings every connection gets: nothing may be fetched, ever. */
export const SAFE_SETTINGS = [
  `SET autoinstall_known_extensions = false`,
  `SET autoload_known_extensions = false`,
];
