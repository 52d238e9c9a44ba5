// The engine's Db over native DuckDB (@duckdb/node-api): the CLI, the tests and the native benchmark.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SAFE_SETTINGS, type Db } from '../engine/db';

export interface NodeDb extends Db {
  connection: DuckDBConnection;
  /** A numeric result as typed arrays, by column name (the Session's ColumnReader). */
  columns(sql: string): Promise<Record<string, Float64Array>>;
  close(): void;
}

export async function openNodeDb(options: { threads?: number } = {}): Promise<NodeDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const db: NodeDb = {
    connection,
    async exec(sql) {
      await connection.run(sql);
    },
    async rows<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    },
    async columns(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      const values = reader.getColumnsJS();
      return Object.fromEntries(reader.columnNames().map((name, i) => [name, Float64Array.from((values[i] ?? []) as number[])]));
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  for (const s of SAFE_SETTINGS) await db.exec(s);
  if (options.threads) await db.exec(`SET threads = ${Math.floor(options.threads)}`);
  return db;
}
