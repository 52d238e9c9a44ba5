// A loopback ClickHouse server over embedded ClickHouse (chdb), for the tests and docs/scale.md's worked
// example: chdb has no HTTP interface, and Debian's clickhouse-server (18.16) is too old for our SQL. It
// speaks as much of ClickHouse's HTTP interface as `@clickhouse/client` uses (read from its source,
// node_modules/@clickhouse/client/dist/connection): the query in the POST body, or in the `query` URL
// parameter with the body as the INSERT's data; `database`, `session_id`, `query_id`, `default_format`;
// every other URL parameter a setting; `GET /ping`; basic auth, `X-ClickHouse-User`/`X-ClickHouse-Key` or
// `user`/`password` parameters, checked against one configured user; the `X-ClickHouse-Summary`,
// `-Format`, `-Query-Id` and `-Exception-Code` headers; errors as ClickHouse writes them (`Code: N.
// DB::Exception: …`, 404 for an unknown table or database, 403 for a failed login, 400 for a syntax
// error, else 500). It binds 127.0.0.1 only. Not a server: one query at a time per session, and a
// result is buffered before it is sent (a real server streams it).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';
import { clickhouseMessage } from './chdb';

export interface Loopback {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Run SQL as the server's administrator (no login): fill the user's tables, look at them. */
  admin(sql: string, format?: string): Promise<string>;
  /** The sessions open now (by session_id). */
  sessions(): string[];
  close(): Promise<void>;
}

export interface LoopbackOptions {
  user?: string;
  password?: string;
  /** The server's data directory (a new temporary one by default, removed at close). */
  dir?: string;
  /** The port on 127.0.0.1 (any free one by default). */
  port?: number;
}

/** Parameters the HTTP interface reads itself; any other is a setting. */
const NOT_SETTINGS = new Set(['query', 'database', 'session_id', 'session_timeout', 'session_check', 'query_id', 'default_format', 'user', 'password', 'quota_key', 'role', 'compress', 'decompress', 'wait_end_of_query', 'buffer_size']);

/** HTTP status by ClickHouse error name, as its HTTPHandler maps them; anything else is 500. */
const STATUS: Record<string, number> = {
  UNKNOWN_TABLE: 404, UNKNOWN_DATABASE: 404, UNKNOWN_IDENTIFIER: 404, UNKNOWN_FUNCTION: 404, UNKNOWN_TYPE: 404, UNKNOWN_SETTING: 404, UNKNOWN_FORMAT: 404,
  SYNTAX_ERROR: 400, CANNOT_PARSE_TEXT: 400, CANNOT_PARSE_INPUT_ASSERTION_FAILED: 400, TYPE_MISMATCH: 400,
  AUTHENTICATION_FAILED: 403, REQUIRED_PASSWORD: 401,
};

const VERSION = '26.7.2.1 (chdb loopback)';

/** A ClickHouse-style error: the text a server sends, its code and status. */
function failure(message: string): { code: number; status: number; body: string } {
  const m = /^Code: (\d+)\..*\(([A-Z0-9_]+)\)\s*$/s.exec(message);
  const code = m ? Number(m[1]) : 1001;
  const body = m ? `${message} (version ${VERSION})\n` : `Code: 1001. DB::Exception: ${message}. (STD_EXCEPTION) (version ${VERSION})\n`;
  return { code, status: m ? STATUS[m[2]] ?? 500 : 500, body };
}

/** The user and password a request carries, in the three ways ClickHouse takes them. */
function credentials(req: IncomingMessage, params: URLSearchParams): { user: string; password: string } {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (basic) {
    const text = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = text.indexOf(':');
    return { user: i < 0 ? text : text.slice(0, i), password: i < 0 ? '' : text.slice(i + 1) };
  }
  const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
  return { user: header('x-clickhouse-user') ?? params.get('user') ?? 'default', password: header('x-clickhouse-key') ?? params.get('password') ?? '' };
}

const bodyOf = (req: IncomingMessage) => new Promise<Buffer>((resolve, reject) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => resolve(Buffer.concat(parts)));
  req.on('error', reject);
});

/** A setting's value as SQL: a number as it is, anything else quoted. */
const settingValue = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

export async function startLoopback(o: LoopbackOptions = {}): Promise<Loopback> {
  const user = o.user ?? 'default';
  const password = o.password ?? '';
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'tierbook-loopback-'));
  // One chdb Session per session_id, all over one data directory: the databases are shared, each
  // session's temporary tables and settings its own (as on a server). chdb holds one directory per process.
  const admin = new Session(dir);
  const sessions = new Map<string, Session>();
  // chdb runs one query at a time per Session: requests of a session wait their turn.
  const queues = new Map<Session, Promise<unknown>>();
  const inTurn = <T>(s: Session, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(s) ?? Promise.resolve()).then(work, work);
    queues.set(s, next.catch(() => undefined));
    return next;
  };

  async function run(s: Session, sql: string, format: string): Promise<string> {
    try {
      return (await s.queryAsync(sql, { format })).text();
    } catch (e) {
      throw new Error(clickhouseMessage(e));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = url.searchParams;
    const queryId = params.get('query_id') ?? crypto.randomUUID();
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Query-Id': queryId, 'X-ClickHouse-Server-Display-Name': 'loopback', ...headers });
      res.end(body);
    };
    const fail = (message: string) => {
      const f = failure(message);
      send(f.status, f.body, { 'X-ClickHouse-Exception-Code': String(f.code) });
    };
    if (url.pathname === '/ping' || (url.pathname === '/' && req.method === 'GET' && !params.has('query'))) return send(200, 'Ok.\n');
    const body = await bodyOf(req);
    const who = credentials(req, params);
    if (who.user !== user || who.password !== password)
      return fail(`Code: 516. DB::Exception: ${who.user}: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)`);
    // The query: the URL's `query` (then the body is its data, as for an INSERT), else the body.
    const sql = params.has('query') ? `${params.get('query')}${body.length ? `\n${body.toString('utf8')}` : ''}` : body.toString('utf8');
    if (sql.trim() === '') return fail('Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)');
    const sessionId = params.get('session_id');
    let session = admin;
    let once = false;
    if (sessionId) {
      if (!sessions.has(sessionId)) sessions.set(sessionId, new Session(dir));
      session = sessions.get(sessionId)!;
    } else {
      session = new Session(dir);
      once = true;
    }
    try {
      const format = /\bFORMAT\s+(\w+)\s*;?\s*$/i.exec(sql)?.[1] ?? params.get('default_format') ?? 'TabSeparated';
      const text = await inTurn(session, async () => {
        // Settings of the request, then its database, then the query (a real server scopes the first two to
        // the query; here they stay in the session, which is the same for clients that always send them).
        for (const [k, v] of params) if (!NOT_SETTINGS.has(k) && !k.startsWith('param_')) await run(session, `SET ${k} = ${settingValue(v)}`, 'Null');
        if (params.has('database')) await run(session, `USE ${'`'}${params.get('database')!.replace(/`/g, '\\`')}${'`'}`, 'Null');
        return run(session, sql, format);
      });
      const rows = text === '' ? 0 : text.split('\n').length - 1;
      send(200, text, {
        'X-ClickHouse-Format': format,
        'X-ClickHouse-Summary': JSON.stringify({ read_rows: '0', read_bytes: '0', written_rows: '0', written_bytes: '0', total_rows_to_read: '0', result_rows: String(rows), result_bytes: String(Buffer.byteLength(text)), elapsed_ns: '0' }),
      });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    } finally {
      if (once) session.close();
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'X-ClickHouse-Exception-Code': '1001' });
      res.end(`Code: 1001. DB::Exception: ${String(e)}. (STD_EXCEPTION)\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    admin: (sql, format = 'TabSeparated') => inTurn(admin, () => run(admin, sql, format)),
    sessions: () => [...sessions.keys()],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sessions.values()) s.close();
      admin.close();
      if (!o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
