// DuckDB-WASM (the browser's engine, its Node build) behind the worker's WasmDb, so the worker's own
// reading code (workers/ingest.ts) runs under Vitest on the same engine version as the page.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { WasmDb } from '../../../workers/duckdb';
import { SAFE_SETTINGS } from '../../../src/engine/db';

const require = createRequire(import.meta.url);

export async function openWasmDb(): Promise<WasmDb> {
  const duck = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = resolve('node_modules/@duckdb/duckdb-wasm/dist');
  const bindings = await duck.createDuckDB(
    { mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: '' }, eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: '' } },
    new duck.ConsoleLogger(duck.LogLevel.WARNING),
    duck.NODE_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  const conn = bindings.connect();
  const arrow = (sql: string) => conn.query(sql);
  const db: WasmDb = {
    bindings,
    arrow,
    beforeStatement: null,
    async exec(sql) {
      arrow(sql);
    },
    async rows<T>(sql: string) {
      return arrow(sql).toArray().map((r: { toJSON(): unknown }) => r.toJSON()) as T[];
    },
  };
  for (const s of SAFE_SETTINGS) await db.exec(s);
  return db;
}
