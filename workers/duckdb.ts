// DuckDB-WASM, the synchronous ("blocking") build, inside this worker: no nested worker, no copies.
import { BROWSER_RUNTIME, ConsoleLogger, LogLevel, createDuckDB, type DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import type { Table } from 'apache-arrow';
import { csvLoad } from './bulk-load';
import { columnsOf } from './columns-of';
import { DEFAULT_CATALOG, safeSettings, WORKER_INPUTS, type Db } from '../src/engine/db';

export interface WasmDb extends Db {
  bindings: DuckDBBindings;
  arrow(sql: string): Table;
  /** Awaited before each statement while set: a long load yields there, so a Cancel can be heard. */
  beforeStatement: (() => Promise<void>) | null;
  /** The catalog the loaded tables are in (each load makes its own: workers/load-files.ts). */
  catalog: string;
}

export { columnsOf };

export async function openWasmDb(): Promise<WasmDb> {
  const bindings = await createDuckDB(
    { mvp: { mainModule: mvpWasm, mainWorker: '' }, eh: { mainModule: ehWasm, mainWorker: '' } },
    new ConsoleLogger(LogLevel.WARNING),
    BROWSER_RUNTIME,
  );
  await bindings.instantiate(() => {});
  bindings.open({});
  const conn = bindings.connect();
  const arrow = (sql: string) => conn.query(sql) as Table;
  const db: WasmDb = {
    bindings,
    arrow,
    beforeStatement: null,
    catalog: DEFAULT_CATALOG,
    async exec(sql) {
      if (db.beforeStatement) await db.beforeStatement();
      arrow(sql);
    },
    async rows<T>(sql: string) {
      if (db.beforeStatement) await db.beforeStatement();
      return arrow(sql).toArray().map((r) => r.toJSON()) as T[];
    },
    async load(table, columns) {
      if (db.beforeStatement) await db.beforeStatement();
      csvLoad(bindings, arrow, table, columns);
    },
    async columns(sql) {
      if (db.beforeStatement) await db.beforeStatement();
      return columnsOf(arrow(sql));
    },
    async texts(sql) {
      if (db.beforeStatement) await db.beforeStatement();
      const t = arrow(sql);
      // The vector keeps Arrow's offsets and bytes; a row is decoded when read.
      const v = t.getChildAt(0);
      return { length: t.numRows, get: (row) => (v?.get(row) as string | null | undefined) ?? null };
    },
  };
  for (const s of safeSettings({ readable: [WORKER_INPUTS] })) await db.exec(s);
  return db;
}
