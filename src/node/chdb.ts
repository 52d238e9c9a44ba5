// The engine's Db over embedded ClickHouse (chdb): the command line's `--engine clickhouse` and the tests
// that check ClickHouse gives DuckDB's bytes (docs/scale.md). A Session in a directory of its own, so
// tables and settings persist from one statement to the next, as on a DuckDB connection.
import { Session } from 'chdb';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkColumns, Db } from '../engine/db';
import { ident, str } from '../engine/sql/quote';
import { sourceRefusal } from '../engine/sql/source-guard';
import { CLICKHOUSE_SETTINGS } from './ch-settings';

export interface ChDb extends Db {
  dialect: 'clickhouse';
  /** The session's data directory: made at open, removed at close. */
  dir: string;
  /** A numeric result as typed arrays, by column name (as NodeDb's). */
  columns(sql: string): Promise<Record<string, Float64Array>>;
  close(): void;
}

export { CLICKHOUSE_SETTINGS } from './ch-settings';

/** ClickHouse's own words, first line, without chdb's "Query failed: " wrapper. */
export function clickhouseMessage(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0].replace(/^Query failed: /, '');
}

/**
 * What a session's user may do (docs/scale.md, "No egress"): build and read its own tables, and read files
 * (the raw tables' Parquet and the bulk loads, which the guard in chdb-guard.ts checks by path). No other
 * source: `url()`, `remote()`, `s3()`, `mysql()`, `postgresql()`, `hdfs()`, `jdbc()`, `odbc()`, `azureBlobStorage()`,
 * `mongodb()`, `redis()`, `sqlite()` and the table engines over them are refused by ClickHouse's access
 * control (`Not enough privileges … READ ON URL`) before any connection is made.
 */
export const CLICKHOUSE_GRANTS = [
  'GRANT SELECT, INSERT, ALTER TABLE, CREATE TABLE, CREATE TEMPORARY TABLE, CREATE VIEW, CREATE DATABASE, DROP TABLE, DROP VIEW, DROP DATABASE, TRUNCATE, SHOW TABLES, SHOW COLUMNS, SHOW DATABASES ON *.*',
  'GRANT READ ON FILE',
];

/**
 * The engine's arguments for a locked session: a configuration whose only user (chdb's `default`) has
 * CLICKHOUSE_GRANTS and nothing more. Written into `dir` (the session's own), read once at connect.
 */
export function lockedSessionArgs(dir: string): string[] {
  const users = join(dir, 'tierbook-users.xml');
  const config = join(dir, 'tierbook-config.xml');
  writeFileSync(users, `<clickhouse>
  <profiles><default></default></profiles>
  <quotas><default></default></quotas>
  <users><default>
    <password></password><networks><ip>::1</ip><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota>
    <grants>${CLICKHOUSE_GRANTS.map((g) => `<query>${g}</query>`).join('')}</grants>
  </default></users>
</clickhouse>
`);
  writeFileSync(config, `<clickhouse><users_config>${users}</users_config></clickhouse>\n`);
  return [`--config-file=${config}`];
}

const open = new Set<string>();
let cleanupHooked = false;

/**
 * A locked chdb session (CLICKHOUSE_GRANTS, CLICKHOUSE_SETTINGS). `readable`: directories (each ending in
 * `/`) besides the session's own whose files a statement may read with `file()`; any other `file()`, and
 * any network source, is refused before it is sent (source-guard.ts).
 */
export async function openChDb(options: { readable?: readonly string[] } = {}): Promise<ChDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-'));
  const readable = [`${dir}/`, ...(options.readable ?? [])];
  open.add(dir);
  if (!cleanupHooked) {
    cleanupHooked = true;
    process.once('exit', () => { for (const d of [...open]) rmSync(d, { recursive: true, force: true }); });
  }
  const session = new Session(dir, { connectionArgs: lockedSessionArgs(dir) });
  const run = async (sql: string, format: string): Promise<string> => {
    const refused = sourceRefusal(sql, readable);
    if (refused) throw new Error(`refused: ${refused}`);
    try {
      return (await session.queryAsync(sql, { format })).text();
    } catch (e) {
      throw new Error(clickhouseMessage(e));
    }
  };
  const db: ChDb = {
    dialect: 'clickhouse',
    dir,
    async exec(sql) {
      await run(sql, 'Null');
    },
    async rows<T>(sql: string) {
      const text = await run(sql, 'JSONEachRow');
      return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
    },
    async columns(sql: string) {
      const text = await run(sql, 'JSONColumns');
      const cols = (text.trim() === '' ? {} : JSON.parse(text)) as Record<string, unknown[]>;
      // ClickHouse writes NaN as null in JSON (DuckDB's vectors give NaN); a NULL is NaN too, as there.
      return Object.fromEntries(Object.entries(cols).map(([name, values]) => [name, Float64Array.from(values as (number | null)[], (v) => (v === null ? NaN : v))]));
    },
    async load(table: string, columns: BulkColumns) {
      await loadBulk(db, table, columns);
    },
    close() {
      session.close();
      open.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const s of CLICKHOUSE_SETTINGS) await db.exec(s);
  return db;
}

/** A bulk column's ClickHouse type: NaN and null load as NULL (as DuckDB's appender has them). */
const chType = (c: BulkColumns[string]) => (c instanceof Int32Array ? 'Int32' : c instanceof Float64Array ? 'Nullable(Float64)' : 'Nullable(String)');

let loads = 0;
/**
 * `table` from equally long columns, through a JSONEachRow file in the session's directory (one INSERT, not
 * SQL text per row). Doubles read back to the same bits: JSON has the shortest round-trip text and
 * `precise_float_parsing` reads it exactly.
 */
async function loadBulk(db: ChDb, table: string, columns: BulkColumns): Promise<void> {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const structure = names.map((c) => `${ident(c)} ${chType(columns[c])}`).join(', ');
  const file = join(db.dir, `load-${process.pid}-${++loads}.jsonl`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, number | string | null> = {};
    for (const c of names) {
      const v = columns[c][i];
      row[c] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    lines.push(JSON.stringify(row));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  try {
    await db.exec(`CREATE OR REPLACE TABLE ${table} (${structure})`);
    // The session directory is mkdtemp's: no backslash or quote in it (ClickHouse's literals take escapes).
    if (n) await db.exec(`INSERT INTO ${table} SELECT * FROM file(${str(file)}, JSONEachRow, ${str(structure)}) SETTINGS precise_float_parsing = 1`);
  } finally {
    rmSync(file, { force: true });
  }
}
