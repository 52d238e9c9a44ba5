// The SQL cell's queries: on their own connection, executed step by step so that a cancel (or any
// other message) gets in between steps. The blocking build cannot be interrupted any other way.
import { tableFromIPC } from 'apache-arrow';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import { customersViewSql, userError, wrapUserQuery, QUERY_ROW_LIMIT } from '../src/engine/sql/query';
import { describeSql, displaySql } from '../src/engine/sql/query-display';
import { gateQuery } from '../src/engine/sql/query-guard';
import type { QueryResult } from './api';

type Connection = ReturnType<DuckDBBindings['connect']>;
let conn: Connection | null = null;
const cancelled = new Set<number>();

export function cancelQuery(id: number): void {
  cancelled.add(id);
}

const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

async function step(c: Connection, sql: string, id: number): Promise<Uint8Array | null> {
  let buffer = c.useUnsafe((b, cid) => b.startPendingQuery(cid, sql, false));
  while (!buffer) {
    await yieldToMessages();
    if (cancelled.has(id)) {
      c.useUnsafe((b, cid) => b.cancelPendingQuery(cid));
      return null;
    }
    buffer = c.useUnsafe((b, cid) => b.pollPendingQuery(cid));
  }
  // The finished query gives the schema; its record batches follow, one fetch each, until none is left.
  const chunks = [buffer];
  for (;;) {
    const batch = c.useUnsafe((b, cid) => b.fetchQueryResults(cid));
    if (!batch || batch.length === 0) break;
    chunks.push(batch);
  }
  const out = new Uint8Array(chunks.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of chunks) { out.set(x, at); at += x.length; }
  return out;
}

/**
 * The user's text runs only when DuckDB's tokenizer finds exactly one query in it, and then only inside a
 * read-only transaction, one prepared statement per pass: nothing it says can change a table, and no
 * second statement can ride along.
 */
export async function runQuery(bindings: DuckDBBindings, catalog: string, labelsSql: string, text: string, id: number): Promise<QueryResult> {
  conn ??= bindings.connect();
  const c = conn;
  const t0 = performance.now();
  const gate = gateQuery(text, bindings.tokenize(text));
  if (!gate.ok) return { kind: 'refused', refusal: gate.refusal };
  let inTransaction = false;
  try {
    // Its own connection: it reads the catalog the last load made current (workers/load-files.ts).
    c.query(`USE ${catalog}`);
    c.query(customersViewSql(labelsSql));
    c.query('BEGIN TRANSACTION READ ONLY');
    inTransaction = true;
    const wrapped = wrapUserQuery(gate.statement).sql;
    // prepare() parses one statement or refuses: the DESCRIBE pass cannot run a second one.
    const describe = c.prepare(describeSql(wrapped));
    let columns: { column_name: string; column_type: string }[];
    try {
      columns = describe.query().toArray().map((r) => r.toJSON() as { column_name: string; column_type: string });
    } finally {
      describe.close();
    }
    const buffer = await step(c, displaySql(wrapped, columns), id);
    if (!buffer) return { kind: 'cancelled' };
    const table = tableFromIPC(buffer);
    const names = table.schema.fields.map((f) => f.name);
    const rows = table.toArray().slice(0, QUERY_ROW_LIMIT).map((r) => names.map((n) => (r[n] ?? null) as string | number | null));
    return { kind: 'rows', columns: names, rows, more: table.numRows > QUERY_ROW_LIMIT, ms: performance.now() - t0 };
  } catch (e) {
    return { kind: 'error', ...userError(String((e as Error).message ?? e)) };
  } finally {
    cancelled.delete(id);
    if (inTransaction) c.query('ROLLBACK');
  }
}
