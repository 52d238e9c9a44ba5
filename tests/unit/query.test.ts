// The SQL cell over native DuckDB: queries answer, the customers view follows the config, and nothing
// but a query can run.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labelsQuery } from '../../src/engine/pipeline';
import { customersViewSql, queryReadsPredictions, userError, wrapUserQuery } from '../../src/engine/sql/query';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { orders, run, type Run } from './harness';

let db: NodeDb;
let r: Run;
beforeAll(async () => {
  db = await openNodeDb();
  r = await run({ orders: orders(['a', '2024-01-01', '10'], ['a', '2024-01-05', '10'], ['b', '2024-01-02', '50'], ['c', '2024-01-03', '-5']) }, {}, {}, db);
  await db.exec(customersViewSql(labelsQuery(r.session.config, r.session.loaded!.model)));
});
afterAll(() => db.close());

const ask = (text: string) => db.rows<Record<string, unknown>>(wrapUserQuery(text).sql);

describe('SQL cell', () => {
  test('questions over the customers view and the loaded tables', async () => {
    expect(await ask('SELECT ladder, CAST(count(*) AS INTEGER) AS n FROM customers GROUP BY 1 ORDER BY 1')).toEqual([
      { ladder: 'first_time', n: 1 }, { ladder: 'prospect', n: 1 }, { ladder: 'repeat', n: 1 },
    ]);
    expect(await ask('SELECT CAST(count(*) AS INTEGER) AS n FROM raw_orders;  ')).toEqual([{ n: 4 }]);
  });
  test.each([
    ['a table change', 'DROP TABLE tb_metrics'],
    ['an insert', "INSERT INTO raw_orders VALUES (99, 'x', '2024-01-01', '1')"],
    ['a second statement', 'SELECT 1; DROP TABLE tb_metrics'],
    ['a setting', 'SET threads = 1'],
    ['a copy to a file', "COPY tb_metrics TO 'x.csv'"],
    ['an attach', "ATTACH 'x.db'"],
  ])('refuses %s, and the data is intact', async (_n, text) => {
    await expect(ask(text)).rejects.toThrow();
    expect(await ask('SELECT CAST(count(*) AS INTEGER) AS n FROM tb_metrics')).toEqual([{ n: 3 }]);
  });
  test('errors point into the user text', async () => {
    const text = 'SELECT ladder,\n  nonsense FROM customers';
    try {
      await ask(text);
      expect.unreachable();
    } catch (e) {
      const u = userError((e as Error).message);
      expect(u.message).toContain('nonsense');
      expect({ line: u.line, column: u.column }).toEqual({ line: 2, column: 3 });
    }
  });
  test('at most limit + 1 rows come back (so the cell can say "more")', () => {
    expect(wrapUserQuery('SELECT * FROM range(5000)', 1000).sql.endsWith('LIMIT 1001')).toBe(true);
  });
});

describe('the SQL cell writes tb_clv first only for a query that can read it', () => {
  test.each([
    ['a query of the customers view, value tiers by monetary', 'SELECT count(*) FROM customers', 'monetary', false],
    ['a query of the customers view, value tiers by predicted CLV (its labels cut on tb_clv)', 'SELECT value, count(*) FROM customers GROUP BY 1', 'predicted_clv', true],
    ['a query naming tb_clv', 'SELECT max(predicted_clv) FROM tb_clv', 'monetary', true],
    ['tb_clv in another case, joined', 'select * from TB_CLV c join tb_metrics m using (idx)', 'aov', true],
    ['tb_metrics alone', 'SELECT avg(monetary) FROM tb_metrics', 'profit', false],
  ])('%s', (_, text, metric, reads) => {
    expect(queryReadsPredictions(text, metric)).toBe(reads);
  });
});
