// A table built in parts (a compressed load): the parts cover every row once, in order, and a table in one
// part is the statement it always was.
import { describe, expect, test } from 'vitest';
import { hashParts, inParts, rowRanges } from '../../src/engine/sql/parts';
import { modelSql } from '../../src/engine/sql/model';
import { stagingSql } from '../../src/engine/sql/staging';
import type { Mapping } from '../../src/engine/mapping';

describe('row ranges', () => {
  test.each([
    [0, 10, []],
    [1, 10, [[0, 1]]],
    [10, 10, [[0, 10]]],
    [11, 10, [[0, 10], [10, 11]]],
    [25, 10, [[0, 10], [10, 20], [20, 25]]],
  ])('%i rows in parts of %i: %j', (n, size, want) => {
    expect(rowRanges(n, size)).toEqual(want);
  });
});

describe('statements', () => {
  const select = (where?: string) => `SELECT 1${where ? ` WHERE ${where}` : ''}`;
  test('one part: one CREATE, unchanged', () => {
    expect(inParts('t', select, [])).toEqual(['CREATE OR REPLACE TABLE t AS\nSELECT 1']);
  });
  test('parts: CREATE of the first, INSERT of each other', () => {
    expect(inParts('t', select, ['a', 'b'])).toEqual(['CREATE OR REPLACE TABLE t AS\nSELECT 1 WHERE a', 'INSERT INTO t\nSELECT 1 WHERE b']);
  });
  test('hash parts: none for one, else one predicate a part', () => {
    expect(hashParts('k', 1)).toEqual([]);
    expect(hashParts('k', 3)).toEqual(['hash(k) % 3 = 0', 'hash(k) % 3 = 1', 'hash(k) % 3 = 2']);
  });

  const mapping = { orders: { columns: ['c', 'd', 'a'], roles: { customer_id: 'c', order_date: 'd', amount: 'a' } } } as unknown as Mapping;
  test('staging and tb_orders in parts name the same columns as whole', () => {
    const whole = stagingSql(mapping).find((s) => s.includes('stg_orders AS'))!;
    const parts = stagingSql(mapping, [[0, 5], [5, 9]]).filter((s) => s.includes('stg_orders'));
    expect(parts).toHaveLength(2);
    expect(parts[0].replace(' WHERE __row > 0 AND __row <= 5', '')).toBe(whole);
    expect(parts[1]).toContain('INSERT INTO stg_orders');
    const orders = modelSql({ mapping, asOf: '2024-01-01', orderParts: 2 }).orders;
    expect(orders[0].replace(' AND hash(customer_id) % 2 = 0', '')).toBe(modelSql({ mapping, asOf: '2024-01-01' }).orders[0]);
  });
});
