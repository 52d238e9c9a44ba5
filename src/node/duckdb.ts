// The engine's Db over native DuckDB (@duckdb/node-api): the CLI, the tests and the native benchmark.
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { bulkType, safeSettings, type Db, type TextColumn } from '../engine/db';
import { ident } from '../engine/sql/quote';

export interface NodeDb extends Db {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  /**
   * The one directory this database may read (docs/privacy.md): made at open, removed at close. Inputs
   * are linked into it (`admit`), converted inputs written to it.
   */
  scratch: string;
  /** A numeric result as typed arrays, by column name (the Session's ColumnReader). */
  columns(sql: string): Promise<Record<string, Float64Array>>;
  texts(sql: string): Promise<TextColumn>;
  close(): void;
}

// Scratch directories of databases not closed (tests, a CLI that exits on an error) go with the process.
const open = new Set<string>();
let cleanupHooked = false;
function removeScratch(dir: string): void {
  open.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Rows per chunk appended in bulk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;

export async function openNodeDb(options: { threads?: number } = {}): Promise<NodeDb> {
  const scratch = mkdtempSync(join(tmpdir(), 'tierbook-db-'));
  open.add(scratch);
  if (!cleanupHooked) {
    cleanupHooked = true;
    process.once('exit', () => { for (const dir of [...open]) removeScratch(dir); });
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const db: NodeDb = {
    instance,
    connection,
    scratch,
    async exec(sql) {
      await connection.run(sql);
    },
    async rows<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    },
    async load(table, columns) {
      const names = Object.keys(columns);
      await connection.run(`CREATE OR REPLACE TABLE ${table} (${names.map((c) => `${ident(c)} ${bulkType(columns[c])}`).join(', ')})`);
      const appender = await connection.createAppender(table);
      const cols = names.map((c) => columns[c]);
      const doubles = cols.map((c) => c instanceof Float64Array);
      const types = cols.map((c) => (c instanceof Float64Array ? DOUBLE : c instanceof Int32Array ? INTEGER : VARCHAR));
      const n = cols.length ? cols[0].length : 0;
      try {
        // A chunk of rows at a time, each column written into the chunk's own memory and copied over once: a
        // value at a time through the appender was ~2 µs of N-API calls each (tb_clv's parts: 190 ms at 83k buyers).
        for (let from = 0; from < n; from += CHUNK_ROWS) {
          const size = Math.min(CHUNK_ROWS, n - from);
          const chunk = DuckDBDataChunk.create(types, size);
          for (let k = 0; k < cols.length; k++) {
            const vector = chunk.getColumnVector(k);
            const col = cols[k];
            for (let i = 0; i < size; i++) {
              const v = col[from + i];
              vector.setItem(i, v === null || (doubles[k] && Number.isNaN(v)) ? null : v);
            }
            vector.flush();
          }
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
    async columns(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      const values = reader.getColumnsJS();
      return Object.fromEntries(reader.columnNames().map((name, i) => [name, Float64Array.from((values[i] ?? []) as number[])]));
    },
    async texts(sql: string) {
      const values = ((await connection.runAndReadAll(sql)).getColumnsJS()[0] ?? []) as (string | null)[];
      return { length: values.length, get: (row: number) => values[row] ?? null };
    },
    close() {
      connection.closeSync();
      instance.closeSync();
      removeScratch(scratch);
    },
  };
  const tuning = options.threads ? [`SET threads = ${Math.floor(options.threads)}`] : [];
  for (const s of safeSettings({ readable: [`${scratch}/`], tuning })) await db.exec(s);
  return db;
}

let admitted = 0;

/**
 * Makes a file on disk readable by the locked database: a link to it inside the scratch directory (a copy
 * where links are not allowed), named with the file's own name so its extension (.gz, .parquet) still
 * tells DuckDB how to read it. `release` removes the link, never the file.
 */
export function admit(db: NodeDb, path: string): { path: string; release(): void } {
  const link = join(db.scratch, `${++admitted}-${basename(path)}`);
  try {
    symlinkSync(resolve(path), link);
  } catch {
    copyFileSync(path, link);
  }
  return { path: link, release: () => rmSync(link, { force: true }) };
}

/** A converted input (UTF-8 CSV) written into the scratch directory; `release` deletes it. */
export function admitBytes(db: NodeDb, path: string, bytes: Uint8Array): { path: string; release(): void } {
  const file = join(db.scratch, `${++admitted}-${basename(path)}.converted.csv`);
  writeFileSync(file, bytes);
  return { path: file, release: () => rmSync(file, { force: true }) };
}
