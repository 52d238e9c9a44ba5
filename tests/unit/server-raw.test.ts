// How a ClickHouse server's columns become the raw text staging reads (sql/server-raw.ts; docs/scale.md):
// each type's rule run on the real engine (the loopback's chdb), which types each role takes, and the
// session rule that keeps every table the pipeline makes out of the user's database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLoopback, type Loopback } from '../../src/node/ch-loopback';
import { columnKind, inSession, kindsFor, tableName, textOf } from '../../src/engine/sql/server-raw';
import { checkUrl } from '../../src/node/ch-server';
import type { NumberStyle } from '../../src/engine/mapping';

let lb: Loopback;
beforeAll(async () => { lb = await startLoopback(); });
afterAll(async () => { await lb?.close(); });

// [type, a literal of it, the text staging reads (null: NULL), number style]
const TEXT: [string, string, string | null, NumberStyle?][] = [
  ['String', `' C00 1 '`, ' C00 1 '],
  ['Nullable(String)', 'NULL', null],
  ['LowCardinality(Nullable(String))', `'web'`, 'web'],
  ['FixedString(6)', `'ab'`, 'ab'],
  ['UInt64', '17850', '17850'],
  ['Nullable(UInt64)', 'NULL', null],
  ['Int32', '-12', '-12'],
  ['UInt256', `'123456789012345678901234567890'`, '123456789012345678901234567890'],
  ['Float64', '17850', '17850'],
  ['Float64', '0.1', '0.1'],
  ['Float32', '0.1', '0.1'],
  ['Float64', '1e-7', '1e-7'],
  ['Float64', 'nan', 'nan'],
  ['Decimal(18, 2)', '114.80', '114.8'],
  ['Decimal(38, 9)', '-0.000000001', '-0.000000001'],
  ['Decimal(18, 2)', '114.80', '114,8', 'decimal_comma'],
  ['Decimal(18, 2)', '114.80', '114.8', 'grouped'],
  ['Bool', 'true', 'true'],
  [`Enum8('app' = 1, 'web' = 2)`, `'web'`, 'web'],
  ['UUID', `'00000000-0000-0000-0000-000000000001'`, '00000000-0000-0000-0000-000000000001'],
  ['Date', `'2024-02-29'`, '2024-02-29'],
  ['Date32', `'1900-01-01'`, '1900-01-01'],
  // 20:00 in Los Angeles is 04:00 the next day in UTC: the column's own zone decides.
  [`DateTime('America/Los_Angeles')`, `'2024-01-01 20:00:00'`, '2024-01-01'],
  // Midnight in Tokyo is 15:00 the day before in UTC.
  [`DateTime64(3, 'Asia/Tokyo')`, `'2024-01-01 00:00:00.000'`, '2024-01-01'],
  [`Nullable(DateTime('UTC'))`, `'2024-12-31 23:59:59'`, '2024-12-31'],
];

describe('a typed column as text', () => {
  test.each(TEXT)('%s %s → %j', async (type, literal, expected, style) => {
    const sql = `SELECT ${textOf({ name: 'v', type }, style)} AS t FROM (SELECT CAST(${literal} AS ${type}) AS v) FORMAT JSONEachRow`;
    expect(JSON.parse(await lb.admin(sql)).t).toBe(expected);
  });
});

describe('which types a role reads', () => {
  const KINDS: [string, ReturnType<typeof columnKind>][] = [
    ['String', 'text'], ['LowCardinality(Nullable(String))', 'text'], ['FixedString(16)', 'fixed'], ['Nullable(UInt64)', 'integer'],
    ['Float32', 'float'], ['Decimal(18, 2)', 'decimal'], ['Decimal128(9)', 'decimal'], ['Bool', 'bool'], ['Date32', 'date'],
    [`DateTime64(3, 'Asia/Tokyo')`, 'datetime'], [`Enum16('a' = 1)`, 'scalar'], ['IPv6', 'scalar'],
    ['Array(String)', null], ['Map(String, UInt64)', null], ['Tuple(a UInt8)', null], ['JSON', null], ['Nested(a UInt8)', null], ['AggregateFunction(sum, UInt64)', null],
  ];
  test.each(KINDS)('%s is %s', (type, kind) => expect(columnKind(type)).toBe(kind));

  const ROLES: [string, string, boolean][] = [
    ['amount', 'Decimal(18, 2)', true], ['amount', 'Float64', true], ['amount', 'String', true], ['amount', 'Date', false], ['amount', 'Bool', false],
    ['order_date', 'DateTime', true], ['order_date', 'UInt32', true], ['order_date', 'Float64', false], ['order_date', 'Decimal(9, 2)', false],
    ['customer_id', 'UInt64', true], ['customer_id', 'UUID', true], ['customer_id', 'Array(UInt64)', false], ['attribute', 'Bool', true],
  ];
  test.each(ROLES)('%s from %s: %s', (role, type, ok) => expect(kindsFor(role).includes(columnKind(type)!)).toBe(ok));
});

describe('statements in a server session', () => {
  const CASES: [string, string | Error][] = [
    ['CREATE OR REPLACE TABLE stg_orders AS SELECT 1', 'CREATE OR REPLACE TEMPORARY TABLE stg_orders AS SELECT 1'],
    ['CREATE TABLE IF NOT EXISTS "parse_errors_orders" (line Int64)', 'CREATE TEMPORARY TABLE IF NOT EXISTS "parse_errors_orders" (line Int64)'],
    ['CREATE OR REPLACE TEMPORARY TABLE "raw_orders" AS SELECT 1', 'CREATE OR REPLACE TEMPORARY TABLE "raw_orders" AS SELECT 1'],
    ['DROP TABLE IF EXISTS at_20240701_tb_clv', 'DROP TEMPORARY TABLE IF EXISTS at_20240701_tb_clv'],
    ['INSERT INTO tb_clv SELECT 1', 'INSERT INTO tb_clv SELECT 1'],
    ['SELECT count() FROM stg_orders', 'SELECT count() FROM stg_orders'],
    ['SET join_use_nulls = 1', 'SET join_use_nulls = 1'],
    ['INSERT INTO shop.orders SELECT 1', new Error('refused')],
    ['INSERT INTO "orders" SELECT 1', new Error('refused')],
    ['ALTER TABLE shop.orders DELETE WHERE 1', new Error('refused')],
    ['TRUNCATE TABLE shop.orders', new Error('refused')],
    ['CREATE DATABASE tierbook', new Error('refused')],
    ['SELECT 1 INTO OUTFILE \'/tmp/x\'', new Error('refused')],
    ['DROP TABLE shop.orders', new Error('refused')],
  ];
  test.each(CASES)('%s', (sql, expected) => {
    // Only tables made in the session may be written to.
    const made = new Set(['tb_clv']);
    if (expected instanceof Error) expect(() => inSession(sql, made)).toThrow(/^refused in a server session/);
    else expect(inSession(sql, made)).toBe(expected);
  });

  test('a table the session made may then be written to; the user\'s never', () => {
    const made = new Set<string>();
    inSession('CREATE OR REPLACE TABLE tb_x (a Int32)', made);
    expect(inSession('INSERT INTO tb_x VALUES (1)', made)).toBe('INSERT INTO tb_x VALUES (1)');
    expect(() => inSession('INSERT INTO tb_y VALUES (1)', made)).toThrow(/refused/);
  });
});

describe('names and the URL', () => {
  test.each([
    ['shop.orders', '"shop"."orders"'], ['orders', '"orders"'], ['my db.ord"ers', '"my db"."ord""ers"'], ['a.b.c', null], ['.orders', null], ['shop.', null],
  ])('--orders-table %s → %s', (given, sql) => expect(tableName(given)?.sql ?? null).toBe(sql));

  test.each([
    ['http://ch.example:8123', null],
    ['https://ch.example:8443', null],
    ['http://u:secret@ch.example:8123', '--clickhouse-url: must not carry a user or password (http://user:pass@host); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD instead'],
    ['http://u@ch.example:8123', '--clickhouse-url: must not carry a user or password (http://user:pass@host); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD instead'],
    ['ftp://ch.example', '--clickhouse-url: ftp://ch.example: expected http:// or https://'],
    ['http://ch.example:8123/?password=x', '--clickhouse-url: no query or fragment (the database goes in --orders-table db.table, the login in CLICKHOUSE_USER / CLICKHOUSE_PASSWORD)'],
    ['ch.example:8123', '--clickhouse-url: ch.example:8123: expected http:// or https://'],
    ['not a url', '--clickhouse-url: not a URL (expected http://host:8123)'],
  ])('%s', (url, refusal) => {
    if (refusal === null) expect(checkUrl(url).host).toBe(new URL(url).host);
    else expect(() => checkUrl(url)).toThrow(refusal);
  });
});
