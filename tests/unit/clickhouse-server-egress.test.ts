// The server path checks every statement it sends as chdb's sessions do (docs/scale.md, No egress): a
// statement naming a network source, or file() at all, is refused before it leaves, and the server never
// sees it; a plain query goes through.
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openServerDb, type ServerDb } from '../../src/node/ch-server';
import { startLoopback, type Loopback } from '../../src/node/ch-loopback';

let lb: Loopback;
let db: ServerDb;
let hits = 0;
const sink = createServer((_, res) => { hits++; res.end('a\n1\n'); });
beforeAll(async () => {
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  lb = await startLoopback({ user: 'ana', password: 'pw' });
  db = await openServerDb(lb.url, { CLICKHOUSE_USER: 'ana', CLICKHOUSE_PASSWORD: 'pw' });
});
afterAll(async () => {
  await db?.close?.();
  await lb?.close();
  sink.close();
});

describe('statements the server path refuses before sending', () => {
  const port = () => (sink.address() as { port: number }).port;
  test.each([
    ['url()', () => `SELECT * FROM url('http://127.0.0.1:${port()}/x.csv', CSVWithNames)`, /^refused: url\(\): not a source this run reads/],
    ['remote()', () => `SELECT * FROM remote('127.0.0.1:${port()}', system.one)`, /^refused: remote\(\)/],
    ['s3()', () => `SELECT * FROM s3('http://127.0.0.1:${port()}/b/k.csv')`, /^refused: s3\(\)/],
    ['file() on a server', () => `SELECT * FROM file('/etc/passwd', LineAsString)`, /^refused: file\('\/etc\/passwd'\)/],
  ])('%s', async (_, sql, message) => {
    await expect(db.rows(sql())).rejects.toThrow(message);
    await expect(db.exec(`CREATE TABLE t AS ${sql()}`)).rejects.toThrow(message);
    expect(hits).toBe(0);
  });
  test('a query that names no source goes through', async () => {
    expect(await db.rows<{ x: number }>('SELECT 1 AS x')).toEqual([{ x: 1 }]);
  });
});
