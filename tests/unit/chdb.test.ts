// The Db over embedded ClickHouse (src/node/chdb.ts) does what the engine asks of a Db, as the DuckDB one does.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openChDb, type ChDb } from '../../src/node/chdb';

let db: ChDb;
beforeAll(async () => { db = await openChDb(); });
afterAll(() => db.close());

describe('chdb Db', () => {
  test('tables persist between statements; rows come back as plain objects, counts as numbers', async () => {
    await db.exec(`CREATE TABLE t (id String, amount Nullable(Decimal(38, 9)))`);
    await db.exec(`INSERT INTO t VALUES ('b', 1.5), ('a', NULL), ('c', 2.25)`);
    expect(await db.rows(`SELECT id, amount FROM t ORDER BY id`)).toEqual([
      { id: 'a', amount: null },
      { id: 'b', amount: 1.5 },
      { id: 'c', amount: 2.25 },
    ]);
    expect(await db.rows(`SELECT count() AS n FROM t`)).toEqual([{ n: 3 }]);
  });

  test('columns: every numeric column as a Float64Array, in row order', async () => {
    const cols = await db.columns(`SELECT toFloat64(number) AS x, number * 2 AS y FROM numbers(4)`);
    expect(Object.keys(cols)).toEqual(['x', 'y']);
    expect([...cols.x]).toEqual([0, 1, 2, 3]);
    expect([...cols.y]).toEqual([0, 2, 4, 6]);
  });

  test('the session settings hold: unmatched join sides are NULL, not the type default', async () => {
    expect(await db.rows(`SELECT r.v AS v FROM (SELECT 1 AS k) AS l LEFT JOIN (SELECT 2 AS k, 'x' AS v) AS r ON l.k = r.k`)).toEqual([{ v: null }]);
  });

  test.each([
    ['an unknown column', `SELECT nope FROM t`, /^Code: 47\. DB::Exception: Unknown expression identifier `nope`/],
    ['a table that does not exist', `SELECT 1 FROM missing_table`, /^Code: 60\. DB::Exception: .*missing_table/],
    ['a syntax error', `SELEC 1`, /^Code: 62\. DB::Exception: Syntax error/],
  ])('%s: one line, in ClickHouse\'s words', async (_, sql, message) => {
    const e = await db.rows(sql).then(() => null, (err: Error) => err);
    expect(e?.message).toMatch(message);
    expect(e?.message).not.toContain('\n');
  });
});
