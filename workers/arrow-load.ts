// The worker's bulk load (Db.load): columns cross into DuckDB-WASM as one Arrow table, not as SQL text.
import { makeVector, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { BulkColumns } from '../src/engine/db';

interface ArrowConnection {
  query(sql: string): unknown;
  insertArrowTable(table: Table, options: { name: string; create?: boolean }): void;
}

export function arrowLoad(conn: ArrowConnection, table: string, columns: BulkColumns): void {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(columns))
    vectors[name] = values instanceof Int32Array ? makeVector(values) : vectorFromArray(values, new Utf8());
  conn.query(`DROP TABLE IF EXISTS ${table}`);
  conn.insertArrowTable(new Table(vectors), { name: table, create: true });
}
