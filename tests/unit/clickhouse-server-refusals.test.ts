// The server path's refusals (issue 17), through the command line itself against the loopback server:
// each is one line on stderr naming the thing (the URL, the table, the column and its type), exit code 2,
// and no output file. Credentials come from the environment only: there is no password option, a URL
// carrying one is refused without echoing it, and a wrong password is never printed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLoopback, type Loopback } from '../../src/node/ch-loopback';
import { textTable } from './helpers/ch-shop';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-ch-refusals-'));
const PASSWORD = 'pa55-Secret-word';
let lb: Loopback;
let closedUrl: string;

beforeAll(async () => {
  lb = await startLoopback({ user: 'analyst', password: PASSWORD });
  await lb.admin('CREATE DATABASE shop');
  await textTable(lb, 'shop', 'orders', 'sample-data/orders.csv');
  // A table a mapping can trip on: an Array column, a Date where a number is wanted.
  await lb.admin(`CREATE TABLE shop.odd (customer_id String, order_date Date, amount Decimal(18, 2), tags Array(String), day Date) ENGINE = MergeTree ORDER BY tuple()`);
  await lb.admin(`INSERT INTO shop.odd VALUES ('A', '2024-01-01', 10.5, ['x'], '2024-01-01')`);
  // A port nothing listens on: taken, then given back.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise<void>((r) => probe.close(() => r()));
}, 60_000);
afterAll(async () => { await lb?.close(); });

let runs = 0;
/** The command line with these arguments (and an --out of its own), the user's credentials in the environment. */
async function cli(args: string[], env: Record<string, string> = { CLICKHOUSE_USER: 'analyst', CLICKHOUSE_PASSWORD: PASSWORD }) {
  const out = join(dir, `${++runs}.csv`);
  const r = await exec('npx', ['tsx', 'scripts/segment.ts', ...args, '--out', out], { env: { ...process.env, CLICKHOUSE_USER: '', CLICKHOUSE_PASSWORD: '', ...env } })
    .then((x) => ({ code: 0, ...x }), (e: { code: number; stdout: string; stderr: string }) => e);
  return { ...r, written: existsSync(out) };
}
const server = (...tables: string[]) => ['--engine', 'clickhouse', '--clickhouse-url', lb.url, ...tables];

describe('the server path from the command line', () => {
  test('credentials from CLICKHOUSE_USER / CLICKHOUSE_PASSWORD: the export written, the load report on stderr', async () => {
    const r = await cli(server('--orders-table', 'shop.orders'));
    expect(r.code).toBe(0);
    expect(r.written).toBe(true);
    expect(r.stderr).toMatch(/^as_of 2025-01-01: 5424 customers; 5424 rows written to /);
    expect(r.stderr).toMatch(/^orders \(shop\.orders\): read 64714, used 64711;/m);
  }, 60_000);

  const url = () => lb.url;
  const REFUSALS: [string, () => string[], (() => string) | RegExp, Record<string, string>?][] = [
    ['connection refused (names the URL)', () => ['--engine', 'clickhouse', '--clickhouse-url', closedUrl, '--orders-table', 'shop.orders'],
      () => `--clickhouse-url ${closedUrl}: connection refused (no ClickHouse server answers there)`],
    ['a wrong password (names the user, never the password)', () => server('--orders-table', 'shop.orders'),
      () => `--clickhouse-url ${url()}: authentication failed for user "analyst" (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)`, { CLICKHOUSE_USER: 'analyst', CLICKHOUSE_PASSWORD: 'not-the-pa55word' }],
    ['no credentials at all (the default user)', () => server('--orders-table', 'shop.orders'),
      () => `--clickhouse-url ${url()}: authentication failed for user "default" (CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)`, {}],
    ['a user and password in the URL (refused, not echoed)', () => ['--engine', 'clickhouse', '--clickhouse-url', url().replace('http://', `http://analyst:${PASSWORD}@`), '--orders-table', 'shop.orders'],
      () => '--clickhouse-url: must not carry a user or password (http://user:pass@host); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD instead'],
    ['a password option does not exist', () => [...server('--orders-table', 'shop.orders'), '--clickhouse-password', PASSWORD],
      /^Unknown option '--clickhouse-password'/],
    ['a table that does not exist (names it)', () => server('--orders-table', 'shop.nope'), () => `--orders-table shop.nope: no such table on ${url()}`],
    ['a database that does not exist (names the table)', () => server('--orders-table', 'nowhere.orders'), () => `--orders-table nowhere.orders: no such table on ${url()}`],
    ['a mapped column that does not exist (names table and column)', () => [...server('--orders-table', 'shop.orders'), '--map', 'orders.order_date=shipped_on'],
      () => 'shop.orders (orders): column "shipped_on" (mapped to orders.order_date) is not in the table'],
    ['an amount expression over a column that does not exist', () => [...server('--orders-table', 'shop.orders'), '--amount', 'qty * unit_price'],
      () => 'shop.orders (orders): amount expression "qty * unit_price" names unknown column "qty"'],
    ['an Array column mapped to a role (names column and type)', () => [...server('--orders-table', 'shop.odd'), '--map', 'orders.category=tags'],
      () => 'shop.odd (orders): column "tags" has type Array(String), which cannot be read as orders.category (a String, number, date, Bool, Enum, UUID or IP type)'],
    ['a Date column as the amount (names column and type)', () => [...server('--orders-table', 'shop.odd'), '--amount', 'day'],
      () => 'shop.odd (orders): column "day" has type Date, which cannot be read as orders.amount (a String or a number type)'],
    ['a file option beside the tables', () => [...server('--orders-table', 'shop.orders'), '--customers', 'sample-data/customers.csv'],
      () => '--customers sample-data/customers.csv: a file; with --clickhouse-url give --customers-table db.table'],
    ['a table without the URL', () => ['--engine', 'clickhouse', '--orders-table', 'shop.orders'], () => '--orders-table needs --clickhouse-url http://host:8123'],
  ];
  test.each(REFUSALS)('%s: one line, exit 2, no output file', async (_, args, message, env) => {
    const r = await cli(args(), env);
    expect(r.code).toBe(2);
    expect(r.written).toBe(false);
    expect(r.stderr.endsWith('\n') && r.stderr.split('\n').length).toBe(2);
    const line = r.stderr.replace(/^segment: /, '').trimEnd();
    if (message instanceof RegExp) expect(line).toMatch(message);
    else expect(line).toBe(message());
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.stderr).not.toContain('not-the-pa55word');
  }, 60_000);

  test('an Array column the mapping does not read is never read (the run succeeds)', async () => {
    const r = await cli(server('--orders-table', 'shop.odd'));
    expect(r.stderr).toMatch(/^as_of 2024-01-02: 1 customers; 1 rows written to /);
    expect(r.code).toBe(0);
  }, 60_000);
});
