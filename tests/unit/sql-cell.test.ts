// The SQL cell as the worker runs it, on DuckDB-WASM: one read-only query runs; hostile text is refused
// before any of it runs, and the session's tables stay exactly as they were.
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import { beforeAll, describe, expect, test } from 'vitest';
import { runQuery } from '../../workers/sql-cell';
import { lockDown, openNodeWasm } from './helpers/wasm-db';

let wasm: DuckDBBindings;
let conn: ReturnType<DuckDBBindings['connect']>;
const LABELS = `SELECT idx, customer_id, CASE WHEN monetary > 50 THEN 'high' ELSE 'low' END AS value FROM tb_metrics`;
let next = 1;
const ask = (text: string) => runQuery(wasm, 'memory', LABELS, text, next++);
const state = () => conn.query(`SELECT count(*)::INT AS n, sum(monetary)::DOUBLE AS m, (SELECT count(*)::INT FROM duckdb_tables()) AS tables FROM tb_metrics`).toArray()[0].toJSON();

beforeAll(async () => {
  wasm = await openNodeWasm();
  conn = wasm.connect();
  conn.query(`CREATE TABLE tb_metrics AS SELECT i AS idx, 'c' || i AS customer_id, i * 10.0 AS monetary, 'NaN'::DOUBLE AS "clv:m_x" FROM range(1, 7) t(i)`); // m_x: model.ts's REPEAT_VALUE
  conn.query(`CREATE TABLE tb_attributes AS SELECT i AS idx FROM range(1, 7) t(i)`);
  conn.query(`CREATE TABLE stg_orders AS SELECT 1 AS x`);
  lockDown(conn); // as the page's worker does before any data
});

const INTACT = { n: 6, m: 210, tables: 3 };

describe('a query answers', () => {
  test('over the customers view', async () => {
    const r = await ask('SELECT value, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1;');
    expect(r).toMatchObject({ kind: 'rows', columns: ['value', 'n'], rows: [['high', 1], ['low', 5]] });
  });
  test("the view's columns are the metrics and labels, without the fit's internal m_x", async () => {
    const r = await ask('SELECT * FROM customers LIMIT 1');
    expect(r).toMatchObject({ kind: 'rows', columns: ['customer_id', 'monetary', 'value'] });
  });
  test('a closed parenthesis in one statement stays inside that statement (a read, nothing else)', async () => {
    const r = await ask('SELECT 1 AS a) t UNION ALL SELECT * FROM (SELECT 2 AS a');
    expect(r).toMatchObject({ kind: 'rows', rows: [[1], [2]] });
    expect(state()).toEqual(INTACT);
  });
});

describe('hostile text is refused and changes nothing', () => {
  test.each([
    ['the red-team statement list', 'SELECT 1 AS a) t; UPDATE tb_metrics SET monetary = 0; DELETE FROM tb_metrics WHERE idx % 2 = 0; SELECT * FROM (SELECT 1 AS a',
      { kind: 'many', statements: 4, index: 2, word: 'UPDATE' }],
    ['a drop', 'DROP TABLE stg_orders', { kind: 'not-a-query', word: 'DROP' }],
    ['a create', 'CREATE TABLE evil AS SELECT 1', { kind: 'not-a-query', word: 'CREATE' }],
    ['a variable for later', "SET VARIABLE leak = (SELECT string_agg(customer_id, ',') FROM tb_metrics)", { kind: 'not-a-query', word: 'SET' }],
  ])('%s', async (_n, text, refusal) => {
    expect(await ask(text)).toEqual({ kind: 'refused', refusal });
    expect(state()).toEqual(INTACT);
  });
  test('a query that would write inside itself fails in the read-only transaction', async () => {
    conn.query('CREATE SEQUENCE IF NOT EXISTS s');
    const r = await ask("SELECT nextval('s')");
    expect(r.kind).toBe('error');
    expect(conn.query("SELECT nextval('s')::INT AS v").toArray()[0].toJSON()).toEqual({ v: 1 });
  });
  test('after a refusal or an error the cell runs the next query normally (no transaction left open)', async () => {
    await ask('SELECT nonsense');
    expect(await ask('SELECT count(*) AS n FROM customers')).toMatchObject({ kind: 'rows', rows: [[6]] });
  });
});

describe('a single SELECT cannot reach outside the page (external access is off, the settings locked)', () => {
  test.each([
    ['a URL', `SELECT * FROM read_text('http://127.0.0.1:9/x')`],
    ['a local file', `SELECT * FROM read_text('/etc/passwd')`],
    ['a setting', `SELECT * FROM (SELECT 1) t, (SELECT current_setting('enable_external_access') AS v) s WHERE v`],
  ])('%s', async (_, text) => {
    const r = await ask(text);
    expect(r.kind).toBe(text.includes('current_setting') ? 'rows' : 'error');
    if (r.kind === 'rows') expect(r.rows).toEqual([]);
    expect(state()).toEqual(INTACT);
  });
});
