// DuckDB-WASM itself (the build the page runs, same engine version) under Node, for what only the wasm
// bindings offer: the tokenizer and the SQL cell's pending queries.
import { createRequire } from 'node:module';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';

export async function openNodeWasm(): Promise<DuckDBBindings> {
  const require = createRequire(import.meta.url);
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const db = await duckdb.createDuckDB(
    { mvp: { mainModule: dist + 'duckdb-mvp.wasm', mainWorker: '' }, eh: { mainModule: dist + 'duckdb-eh.wasm', mainWorker: '' } },
    new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  return db as DuckDBBindings;
}
