// No egress on ClickHouse (issue 17, docs/scale.md "No egress"): a chdb session refuses every network
// source twice over: its user's grants (the engine, checked here on a bare locked session, with no Tierbook
// code between the statement and ClickHouse) and the guard on every statement a ChDb sends (source-guard.ts,
// which also keeps file() to the run's own directories). A loopback HTTP server counts every request and must
// count none; the whole `npm run segment -- --engine clickhouse` makes no connection but its own pipes.
import { Session } from 'chdb';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sourceRefusal } from '../../src/engine/sql/source-guard';
import { clickhouseMessage, lockedSessionArgs, openChDb } from '../../src/node/chdb';

const requests: string[] = [];
let server: Server;
let at = '';
beforeAll(async () => {
  server = createServer((req, res) => { requests.push(`${req.method} ${req.url}`); res.end('1\n'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  at = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Every network source, as a statement; `{at}` is the loopback server, and what the engine names as missing. */
const SOURCES: [string, string, string][] = [
  ['url()', `SELECT * FROM url('http://{at}/x', CSV, 'a String')`, 'READ ON URL'],
  ['url() written to', `INSERT INTO FUNCTION url('http://{at}/up', CSV, 'a String') VALUES ('leak')`, 'WRITE ON URL'],
  ['a URL table engine', `CREATE TABLE leak (a String) ENGINE = URL('http://{at}/e', CSV)`, 'TABLE ENGINE ON URL'],
  ['remote()', `SELECT * FROM remote('{at}', system.one)`, 'READ ON REMOTE'],
  ['remoteSecure()', `SELECT * FROM remoteSecure('{at}', system.one)`, 'READ ON REMOTE'],
  ['s3()', `SELECT * FROM s3('http://{at}/bucket/k.csv', CSV, 'a String')`, 'READ ON S3'],
  ['iceberg() (S3 underneath)', `SELECT * FROM iceberg('http://{at}/bucket/t')`, 'READ ON S3'],
  ['hdfs()', `SELECT * FROM hdfs('hdfs://{at}/x', CSV, 'a String')`, 'READ ON HDFS'],
  ['mysql()', `SELECT * FROM mysql('{at}', 'db', 't', 'u', 'p')`, 'READ ON MYSQL'],
  ['postgresql()', `SELECT * FROM postgresql('{at}', 'db', 't', 'u', 'p')`, 'READ ON POSTGRES'],
  ['jdbc()', `SELECT * FROM jdbc('jdbc:mysql://{at}/db', 't')`, 'READ ON JDBC'],
  ['odbc()', `SELECT * FROM odbc('DSN=leak', 't')`, 'READ ON ODBC'],
  ['mongodb()', `SELECT * FROM mongodb('{at}', 'db', 'c', 'u', 'p', 'a String')`, 'READ ON MONGO'],
  ['redis()', `SELECT * FROM redis('{at}', 'k', 'k String, v String')`, 'READ ON REDIS'],
  ['azureBlobStorage()', `SELECT * FROM azureBlobStorage('http://{at}/acc', 'c', 'b.csv', 'CSV', 'a String')`, 'READ ON AZURE'],
  ['sqlite()', `SELECT * FROM sqlite('/etc/hostname', 't')`, 'READ ON SQLITE'],
];
const sql = (template: string) => template.replaceAll('{at}', at);

describe('the engine: a bare session with the locked user refuses every network source, and reaches nothing', () => {
  let session: Session;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-locked-'));
    session = new Session(dir, { connectionArgs: lockedSessionArgs(dir) });
  });
  afterAll(() => { session.close(); rmSync(dir, { recursive: true, force: true }); });

  test.each(SOURCES)('%s', async (_what, template, grant) => {
    const refusal = await session.queryAsync(sql(template), { format: 'CSV' }).then(() => 'ran', (e: unknown) => clickhouseMessage(e));
    expect(refusal).toBe(`Code: 497. DB::Exception: default: Not enough privileges. To execute this query, it's necessary to have the grant ${grant}. (ACCESS_DENIED)`);
    expect(requests).toEqual([]);
  });

  test('the grants cannot be widened from a statement', async () => {
    const refusal = await session.queryAsync('GRANT READ ON URL TO default', { format: 'CSV' }).then(() => 'ran', (e: unknown) => clickhouseMessage(e));
    expect(refusal).toMatch(/Not enough privileges.*READ ON URL WITH GRANT OPTION/);
  });

  test('what the pipeline needs still runs: tables made, filled, replaced, read, dropped, and a file read', async () => {
    writeFileSync(join(dir, 'in.csv'), 'a\n7\n');
    for (const s of [`SET default_table_engine = 'Memory'`, 'CREATE OR REPLACE TABLE t AS SELECT 1 AS a', 'INSERT INTO t SELECT 2', `INSERT INTO t SELECT a FROM file('${join(dir, 'in.csv')}', CSVWithNames, 'a Int32')`, 'CREATE OR REPLACE TABLE t2 AS SELECT sum(a) AS s FROM t'])
      await session.queryAsync(s, { format: 'CSV' });
    expect((await session.queryAsync('SELECT s FROM t2', { format: 'CSV' })).text()).toBe('10\n');
    await session.queryAsync('DROP TABLE t2', { format: 'CSV' });
  });
});

describe('a ChDb session: refused before the statement is sent', () => {
  test('every network source, and file() outside the run\'s directories; the session\'s own files still read', async () => {
    const db = await openChDb({ readable: ['/tmp/tierbook-readable-test/'] });
    try {
      for (const [what, template] of SOURCES) {
        const refusal = await db.rows(sql(template)).then(() => 'ran', (e: Error) => e.message);
        expect(refusal, what).toMatch(/^refused: \w+\(\): not a source this run reads \(docs\/scale\.md, No egress\)$/);
      }
      for (const path of ['/etc/hostname', '/tmp/tierbook-readable-test/../../etc/hostname', '/tmp/tierbook-readable-test/*.csv', `${db.dir}-elsewhere/x.csv`]) {
        const refusal = await db.rows(`SELECT * FROM file('${path}', LineAsString)`).then(() => 'ran', (e: Error) => e.message);
        expect(refusal).toBe(`refused: file('${path}'): not a file this run reads (docs/scale.md, No egress)`);
      }
      writeFileSync(join(db.dir, 'own.csv'), 'a\nx\n');
      expect(await db.rows(`SELECT a FROM file('${join(db.dir, 'own.csv')}', CSVWithNames)`)).toEqual([{ a: 'x' }]);
      expect(requests).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('sourceRefusal: what counts as a call', () => {
  const R = ['/run/'];
  test.each([
    ['a table function', `SELECT * FROM url('http://x/')`, 'url(): not a source this run reads (docs/scale.md, No egress)'],
    ['any case, spaces before the parenthesis', `SELECT * FROM S3Cluster ('c', 'http://x/')`, 'S3Cluster(): not a source this run reads (docs/scale.md, No egress)'],
    ['a quoted name called', 'SELECT * FROM `remote`(\'x\', db.t)', 'remote(): not a source this run reads (docs/scale.md, No egress)'],
    ['a table engine', `CREATE TABLE t (a Int8) ENGINE = MySQL('h', 'db', 't', 'u', 'p')`, 'MySQL(): not a source this run reads (docs/scale.md, No egress)'],
    ['a comment does not hide the call after it', `SELECT /* note */ * FROM -- x\n hdfs('hdfs://x/')`, 'hdfs(): not a source this run reads (docs/scale.md, No egress)'],
    ['file() under a readable directory', `SELECT * FROM file('/run/raw_orders.parquet', Parquet)`, null],
    ['file() elsewhere', `SELECT * FROM file('/etc/passwd', LineAsString)`, `file('/etc/passwd'): not a file this run reads (docs/scale.md, No egress)`],
    ['file() climbing out', `SELECT * FROM file('/run/../etc/passwd', LineAsString)`, `file('/run/../etc/passwd'): not a file this run reads (docs/scale.md, No egress)`],
    ['file() of a glob', `SELECT * FROM file('/run/*', LineAsString)`, `file('/run/*'): not a file this run reads (docs/scale.md, No egress)`],
    ['file() of an expression', `SELECT * FROM file(concat('/run/', 'x'), LineAsString)`, 'file(…): not a file this run reads (docs/scale.md, No egress)'],
    ['the scalar file() too', `SELECT file('/etc/passwd')`, `file('/etc/passwd'): not a file this run reads (docs/scale.md, No egress)`],
    ['a label that looks like a call is text', `SELECT * FROM t WHERE label = 'url(''http://x/'')' OR x = 'remote(\\'y\\')'`, null],
    ['a column named url, not called', `SELECT url, "s3" FROM t`, null],
    ['a table of our own with a column list', `CREATE OR REPLACE TABLE tb_clv_stage (idx Int32)`, null],
    ['numbers() and arrayJoin', `SELECT number FROM numbers(3) ARRAY JOIN [1] AS x`, null],
  ] as [string, string, string | null][])('%s', (_what, statement, want) => {
    expect(sourceRefusal(statement, R)).toBe(want);
  });
});

// The whole command, traced: every connect() the process and its threads make is to a local pipe.
describe('npm run segment -- --engine clickhouse on the sample data: no network connection', () => {
  const strace = '/usr/bin/strace';
  test.runIf(existsSync(strace))('under strace, every connect() is AF_UNIX (tsx\'s pipe, the name service), none AF_INET or AF_INET6', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-trace-'));
    const log = join(dir, 'connect.log');
    const out = join(dir, 'out.csv');
    const r = spawnSync(strace, ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg', '-o', log, 'node_modules/.bin/tsx', 'scripts/segment.ts', '--engine', 'clickhouse',
      '--orders', 'sample-data/orders.csv', '--customers', 'sample-data/customers.csv', '--feedback', 'sample-data/feedback.csv', '--interactions', 'sample-data/interactions.csv', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(6002);
    const calls = readFileSync(log, 'utf8').split('\n').filter((l) => /\b(connect|sendto|sendmsg)\(/.test(l));
    expect(calls.filter((l) => /connect\(/.test(l)).length).toBeGreaterThan(0);
    expect(calls.filter((l) => /AF_INET/.test(l))).toEqual([]);
    expect(requests).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
