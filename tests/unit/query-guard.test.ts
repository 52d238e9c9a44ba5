// The SQL cell's gate over DuckDB-WASM's own tokenizer (the build the page runs, here under Node):
// exactly one read-only query passes; anything else is refused before any of it runs.
import { beforeAll, describe, expect, test } from 'vitest';
import { gateQuery, statementsOf, type ScriptTokens } from '../../src/engine/sql/query-guard';
import { openNodeWasm } from './helpers/wasm-db';

let wasm: { tokenize(text: string): ScriptTokens };
beforeAll(async () => { wasm = await openNodeWasm(); });

const gate = (text: string) => gateQuery(text, wasm.tokenize(text));

describe('one read-only query passes', () => {
  test.each([
    ['SELECT ladder, count(*) FROM customers GROUP BY 1', 'SELECT ladder, count(*) FROM customers GROUP BY 1'],
    ['a trailing semicolon and blanks', 'SELECT 1;  \n'],
    ['WITH', 'WITH q AS (SELECT 1 AS a) SELECT * FROM q'],
    ['FROM-first', 'FROM customers'],
    ['a parenthesised query', '(SELECT 1) UNION ALL (SELECT 2)'],
    ['a semicolon inside a string', "SELECT ';' AS x"],
    ['a semicolon inside a quoted name', 'SELECT 1 AS "a;b"'],
    ['a semicolon inside comments', 'SELECT 1 -- ; DROP TABLE t\n/* ; DELETE FROM t */'],
    ['a semicolon inside a dollar-quoted string', 'SELECT $$a; DROP TABLE t$$'],
    ['DESCRIBE', 'DESCRIBE customers'],
    ['SUMMARIZE', 'SUMMARIZE customers'],
  ])('%s', (_name, text) => {
    expect(gate(text).ok).toBe(true);
  });
});

describe('anything else is refused, naming why', () => {
  test.each([
    ['the red-team text', 'SELECT 1 AS a) t; UPDATE tb_metrics SET monetary = 0; DELETE FROM tb_metrics WHERE idx % 2 = 0; SELECT * FROM (SELECT 1 AS a',
      { kind: 'many', statements: 4, index: 2, word: 'UPDATE' }],
    ['a query then a drop', 'SELECT 1; DROP TABLE stg_orders', { kind: 'many', statements: 2, index: 2, word: 'DROP' }],
    ['two queries', 'SELECT 1; SELECT 2', { kind: 'many', statements: 2, index: null, word: null }],
    ['a drop', 'DROP TABLE stg_orders', { kind: 'not-a-query', word: 'DROP' }],
    ['a create', 'CREATE TABLE x AS SELECT 1', { kind: 'not-a-query', word: 'CREATE' }],
    ['an update behind a comment', '/* SELECT */ UPDATE tb_metrics SET monetary = 0', { kind: 'not-a-query', word: 'UPDATE' }],
    ['a setting', "SET enable_external_access = true", { kind: 'not-a-query', word: 'SET' }],
    ['a variable', "SET VARIABLE leak = 1", { kind: 'not-a-query', word: 'SET' }],
    ['a copy', "COPY tb_metrics TO 'x.csv'", { kind: 'not-a-query', word: 'COPY' }],
    ['an attach', "ATTACH 'x.db'", { kind: 'not-a-query', word: 'ATTACH' }],
    ['an install', 'INSTALL httpfs', { kind: 'not-a-query', word: 'INSTALL' }],
    ['a pragma', 'PRAGMA enable_profiling', { kind: 'not-a-query', word: 'PRAGMA' }],
    ['a call', 'CALL checkpoint()', { kind: 'not-a-query', word: 'CALL' }],
    ['an explain analyze', 'EXPLAIN ANALYZE SELECT 1', { kind: 'not-a-query', word: 'EXPLAIN' }],
    ['nothing', '  ;\n; -- only a comment', { kind: 'empty' }],
  ])('%s', (_name, text, refusal) => {
    expect(gate(text)).toEqual({ ok: false, refusal });
  });
});

test('the statement keeps its lines, so error positions point into the text as written', () => {
  const text = ';\n;\nSELECT\n  nonsense';
  const g = gate(text);
  expect(g.ok && g.statement).toBe('\n\nSELECT\n  nonsense');
  expect(statementsOf(text, wasm.tokenize(text)).map((s) => s.word)).toEqual(['SELECT']);
});
