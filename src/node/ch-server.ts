// The engine's Db over a ClickHouse server (`--clickhouse-url`), through the official client. Every
// statement runs in one HTTP session (`session_id`), so the pipeline's tables are the session's temporary
// tables (sql/server-raw.ts `inSession`: nothing is written to any database), and the export is streamed
// from the server into a file. Credentials come only from CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { ClickHouseError, ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { BulkColumns, Db } from '../engine/db';
import { ident } from '../engine/sql/quote';
import { inSession } from '../engine/sql/server-raw';
import { sourceRefusal } from '../engine/sql/source-guard';
import { CLICKHOUSE_SETTINGS } from './ch-settings';

/** A refusal about the server itself: one line, naming the URL (never a password). */
export class ServerError extends Error {}

export interface ServerDb extends Db {
  dialect: 'clickhouse';
  url: string;
  columns(sql: string): Promise<Record<string, Float64Array>>;
  /** Write `prefix`, then the query's one text column, one row a line, into `path` as it arrives. */
  streamTo(sql: string, prefix: string, path: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Memory on the server: a GROUP BY or ORDER BY that outgrows half the memory the server allows a query
 * spills to its disk instead of failing (docs/scale.md, how memory is bounded).
 */
export const SERVER_SETTINGS = [
  `SET max_bytes_ratio_before_external_group_by = 0.5`,
  `SET max_bytes_ratio_before_external_sort = 0.5`,
  // The session's tables on the server's disk, not in its memory (a Memory table holds every row in RAM).
  `SET default_temporary_table_engine = 'MergeTree'`,
  `SET create_table_empty_primary_key_by_default = 1`,
];

/** Error codes of a failed login (UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED). */
const LOGIN_CODES = new Set(['192', '193', '194', '516']);

/** The URL as given, checked: http(s), a host, and no user or password in it (they come from the environment). */
export function checkUrl(text: string): URL {
  const refuse = (why: string): never => { throw new ServerError(`--clickhouse-url: ${why}`); };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(`not a URL (expected http://host:8123)`);
  }
  // Said before anything else, and without echoing the URL: it would print the password.
  if (url.username || url.password) refuse('must not carry a user or password (http://user:pass@host); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD instead');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse(`${text}: expected http:// or https://`);
  // Not echoed either: a parameter may be a password (?password=…).
  if (url.search || url.hash) refuse('no query or fragment (the database goes in --orders-table db.table, the login in CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)');
  return url;
}

/** A client error in one line: what failed, where, never the password. */
export function serverMessage(e: unknown, url: string, user: string): string {
  const code = (e as { code?: string }).code;
  if (e instanceof ClickHouseError) {
    if (LOGIN_CODES.has(e.code)) return `--clickhouse-url ${url}: authentication failed for user "${user}" (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)`;
    return `ClickHouse at ${url}: ${e.message.split('\n')[0].trim()} (${e.type ?? `code ${e.code}`})`;
  }
  if (code === 'ECONNREFUSED') return `--clickhouse-url ${url}: connection refused (no ClickHouse server answers there)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `--clickhouse-url ${url}: host not found`;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `--clickhouse-url ${url}: cannot connect (${code})`;
  return `ClickHouse at ${url}: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`;
}

/** A bulk column's ClickHouse type (as ChDb's). */
const chType = (c: BulkColumns[string]) => (c instanceof Int32Array ? 'Int32' : c instanceof Float64Array ? 'Nullable(Float64)' : 'Nullable(String)');

export async function openServerDb(urlText: string, env: NodeJS.ProcessEnv = process.env): Promise<ServerDb> {
  const url = checkUrl(urlText).toString().replace(/\/$/, '');
  const user = env.CLICKHOUSE_USER || 'default';
  const client: ClickHouseClient = createClient({
    url,
    username: user,
    password: env.CLICKHOUSE_PASSWORD ?? '',
    log: { level: ClickHouseLogLevel.OFF },
    // Nothing else is sent: the settings are the session's (SET below).
    request_timeout: 24 * 3600 * 1000,
  });
  const session_id = `tierbook-${randomUUID()}`;
  const temporary = new Set<string>();
  const said = (e: unknown) => new ServerError(serverMessage(e, url, user));
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw said(e);
    }
  };
  // What chdb's sessions check too (docs/scale.md, No egress): no statement names a network source, and on a
  // server no file() at all; then the write guard (only the session's own temporary tables).
  const guarded = (sql: string): string => {
    const refused = sourceRefusal(sql, []);
    if (refused) throw new ServerError(`refused: ${refused}`);
    return inSession(sql, temporary);
  };
  const text = (sql: string, format: string) => {
    const q = guarded(sql); // refused here, before the server is asked (not a server error)
    return run(async () => (await client.query({ query: q, format: format as 'JSONEachRow', session_id })).text());
  };
  const db: ServerDb = {
    dialect: 'clickhouse',
    url,
    async exec(sql) {
      const q = guarded(sql);
      await run(() => client.command({ query: q, session_id }));
    },
    async rows<T>(sql: string) {
      return (await text(sql, 'JSONEachRow')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
    },
    async columns(sql) {
      const body = await text(sql, 'JSONColumns');
      const cols = (body.trim() === '' ? {} : JSON.parse(body)) as Record<string, (number | null)[]>;
      // NaN comes back as null in JSON (as from chdb): read as NaN, as DuckDB's vectors give it.
      return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v, (x) => (x === null ? NaN : x))]));
    },
    async load(table, columns) {
      const names = Object.keys(columns);
      const n = names.length ? columns[names[0]].length : 0;
      await db.exec(`CREATE OR REPLACE TABLE ${table} (${names.map((c) => `${ident(c)} ${chType(columns[c])}`).join(', ')})`);
      if (!n) return;
      const rows = function* () {
        for (let i = 0; i < n; i++) {
          const row: Record<string, unknown> = {};
          for (const c of names) {
            const v = columns[c][i];
            row[c] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
          }
          yield row;
        }
      };
      // Rows one at a time (the client writes each as JSON: a double's shortest text), read back exactly
      // (precise_float_parsing), as ChDb.load does.
      await run(() => client.insert({ table, values: Readable.from(rows()), format: 'JSONEachRow', session_id, clickhouse_settings: { precise_float_parsing: 1 } }));
    },
    async streamTo(sql, prefix, path) {
      const q = guarded(sql);
      // wait_end_of_query: the server answers once the query is done (an error midway is then an HTTP error,
      // never a cut file); it holds the response meanwhile, spilling it to its disk past its buffer.
      const result = await run(() => client.exec({ query: `${q}\nFORMAT TabSeparatedRaw`, session_id, clickhouse_settings: { wait_end_of_query: 1 } }));
      const out = createWriteStream(path);
      out.write(prefix);
      try {
        await pipeline(result.stream, out);
      } catch (e) {
        throw said(e);
      }
    },
    async close() {
      // The session's tables go now, not when the server times the session out (best effort: the server
      // may be gone, and a session's temporary tables end with it anyway).
      for (const t of [...temporary].reverse()) await client.command({ query: `DROP TEMPORARY TABLE IF EXISTS ${ident(t)}`, session_id }).catch(() => undefined);
      await client.close();
    },
  };
  // The first request says whether the server is there and the login good, before any other work.
  await run(() => client.query({ query: 'SELECT 1', format: 'JSONEachRow', session_id }).then((r) => r.text()));
  for (const s of [...CLICKHOUSE_SETTINGS, ...SERVER_SETTINGS]) await db.exec(s);
  return db;
}
