// The loopback server (src/node/ch-loopback.ts) answers as ClickHouse's HTTP interface does, for what
// @clickhouse/client sends: each row is a raw HTTP request and what a ClickHouse server would answer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLoopback, type Loopback } from '../../src/node/ch-loopback';

let lb: Loopback;
beforeAll(async () => {
  lb = await startLoopback({ user: 'ana', password: 'pw' });
  await lb.admin('CREATE DATABASE shop');
  await lb.admin(`CREATE TABLE shop.t (a UInt64, b String) ENGINE = MergeTree ORDER BY tuple()`);
  await lb.admin(`INSERT INTO shop.t VALUES (1, 'x'), (2, 'y')`);
});
afterAll(async () => { await lb?.close(); });

const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const ANA = basic('ana', 'pw');

async function send(path: string, body?: string, headers: Record<string, string> = ANA) {
  const r = await fetch(`${lb.url}${path}`, { method: body === undefined ? 'GET' : 'POST', body, headers });
  return { status: r.status, body: await r.text(), format: r.headers.get('x-clickhouse-format'), code: r.headers.get('x-clickhouse-exception-code'), summary: r.headers.get('x-clickhouse-summary') };
}

describe('the HTTP interface', () => {
  const CASES: [string, string, string | undefined, Record<string, string> | undefined, { status: number; body: string | RegExp; format?: string; code?: string }][] = [
    ['ping', '/ping', undefined, {}, { status: 200, body: 'Ok.\n' }],
    ['the query in the POST body, TabSeparated by default', '/', 'SELECT a, b FROM shop.t ORDER BY a', undefined, { status: 200, body: '1\tx\n2\ty\n', format: 'TabSeparated' }],
    ['FORMAT in the query', '/', 'SELECT a FROM shop.t ORDER BY a FORMAT JSONEachRow', undefined, { status: 200, body: '{"a":1}\n{"a":2}\n', format: 'JSONEachRow' }],
    ['default_format', '/?default_format=CSV', 'SELECT b FROM shop.t ORDER BY a', undefined, { status: 200, body: '"x"\n"y"\n', format: 'CSV' }],
    ['database', '/?database=shop', 'SELECT count() FROM t', undefined, { status: 200, body: '2\n' }],
    ['the query in the URL, the body its INSERT data', `/?query=${encodeURIComponent('INSERT INTO shop.t FORMAT JSONEachRow')}`, '{"a":3,"b":"z"}\n', undefined, { status: 200, body: '' }],
    ['a setting as a URL parameter', '/?max_threads=1', `SELECT getSetting('max_threads') FORMAT TabSeparated`, undefined, { status: 200, body: '1\n' }],
    ['X-ClickHouse-User / X-ClickHouse-Key', '/', 'SELECT 1', { 'X-ClickHouse-User': 'ana', 'X-ClickHouse-Key': 'pw' }, { status: 200, body: '1\n' }],
    ['a wrong password: 403, AUTHENTICATION_FAILED', '/', 'SELECT 1', basic('ana', 'nope'), { status: 403, body: /^Code: 516\. DB::Exception: ana: Authentication failed: .* \(AUTHENTICATION_FAILED\) \(version [^)]*\)\)\n$/, code: '516' }],
    ['no login: the default user, refused', '/', 'SELECT 1', {}, { status: 403, body: /^Code: 516\. DB::Exception: default: Authentication failed/, code: '516' }],
    ['an unknown table: 404, UNKNOWN_TABLE', '/', 'SELECT * FROM shop.nope', undefined, { status: 404, body: /^Code: 60\. DB::Exception: .*\(UNKNOWN_TABLE\) \(version /, code: '60' }],
    ['an unknown database: 404', '/', 'DESCRIBE TABLE nowhere.t', undefined, { status: 404, body: /\(UNKNOWN_DATABASE\)/, code: '81' }],
    ['a syntax error: 400', '/', 'SELEC 1', undefined, { status: 400, body: /^Code: 62\. DB::Exception: Syntax error/, code: '62' }],
    ['any other error: 500', '/', 'SELECT throwIf(1)', undefined, { status: 500, body: /^Code: 395\. DB::Exception: .*\(FUNCTION_THROW_IF_VALUE_IS_NON_ZERO\)/, code: '395' }],
  ];
  test.each(CASES)('%s', async (_, path, body, headers, expected) => {
    const r = await send(path, body, headers ?? ANA);
    expect(r.status).toBe(expected.status);
    if (expected.body instanceof RegExp) expect(r.body).toMatch(expected.body);
    else expect(r.body).toBe(expected.body);
    if (expected.format) expect(r.format).toBe(expected.format);
    expect(r.code).toBe(expected.code ?? null);
    if (r.status === 200 && path !== '/ping') expect(JSON.parse(r.summary!).result_rows).toBe(String(r.body === '' ? 0 : r.body.split('\n').length - 1));
  });

  test('a session keeps its temporary tables and settings; another session and a request without one do not see them', async () => {
    expect((await send('/?session_id=s1', 'CREATE TEMPORARY TABLE tt AS SELECT 7 AS v')).status).toBe(200);
    expect((await send('/?session_id=s1', 'SET max_threads = 3')).status).toBe(200);
    expect((await send('/?session_id=s1', `SELECT v, getSetting('max_threads') FROM tt`)).body).toBe('7\t3\n');
    expect((await send('/?session_id=s2', 'SELECT v FROM tt')).status).toBe(404);
    expect((await send('/', 'SELECT v FROM tt')).status).toBe(404);
    expect(lb.sessions()).toEqual(['s1', 's2']);
  });
});
