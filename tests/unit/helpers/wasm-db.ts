// DuckDB-WASM (the browser's engine, its Node build: same wasm binary and engine version as the page)
// under Vitest: bare bindings for what only they offer (the tokenizer, pending queries), or behind the
// worker's WasmDb with the page's lockdown, so the worker's own code (workers/ingest.ts) runs as in the page.
import { createRequire } from 'node:module';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import type { WasmDb } from '../../../workers/duckdb';
import { csvLoad } from '../../../workers/bulk-load';
import { columnsOf } from '../../../workers/columns-of';
import { DEFAULT_CATALOG, safeSettings, WORKER_INPUTS } from '../../../src/engine/db';

const require = createRequire(import.meta.url);

/** The bindings with nothing set: callers that need the page's settings use `lockDown` or `openWasmDb`. */
export async function openNodeWasm(): Promise<DuckDBBindings> {
  const duck = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const bindings = await duck.createDuckDB(
    { mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: '' }, eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: '' } },
    new duck.ConsoleLogger(duck.LogLevel.WARNING),
    duck.NODE_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  return bindings as DuckDBBindings;
}

/** The settings the page's worker applies before any data (src/engine/db.ts), on a connection. */
export function lockDown(conn: { query(sql: string): unknown }): void {
  for (const s of safeSettings({ readable: [WORKER_INPUTS] })) conn.query(s);
}

export async function openWasmDb(): Promise<WasmDb> {
  const bindings = await openNodeWasm();
  const conn = bindings.connect();
  const arrow = (sql: string) => conn.query(sql);
  const db: WasmDb = {
    bindings,
    arrow,
    beforeStatement: null,
    catalog: DEFAULT_CATALOG,
    async exec(sql) {
      arrow(sql);
    },
    async rows<T>(sql: string) {
      return arrow(sql).toArray().map((r: { toJSON(): unknown }) => r.toJSON()) as T[];
    },
    async load(table, columns) {
      csvLoad(bindings, arrow, table, columns);
    },
    // Numeric columns as the worker reads them (typed arrays from Arrow, no row objects).
    async columns(sql) {
      return columnsOf(arrow(sql));
    },
    // A first column as text, decoded a row at a time (as the worker reads the export's lines).
    async texts(sql) {
      const t = arrow(sql);
      const v = t.getChildAt(0);
      return { length: t.numRows, get: (row: number) => (v?.get(row) as string | null | undefined) ?? null };
    },
  };
  lockDown(conn);
  return db;
}
