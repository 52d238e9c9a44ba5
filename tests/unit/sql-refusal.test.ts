import { expect, test } from 'vitest';
import { refusalText } from '../../src/app/view/sql-refusal';

test.each([
  ['en', { kind: 'many', statements: 3, index: 2, word: 'UPDATE' }, 'The SQL cell runs one SELECT or WITH query; this text has 3 statements, the 2nd is an UPDATE. Nothing was run.'],
  ['en', { kind: 'many', statements: 12, index: 11, word: 'DROP' }, 'The SQL cell runs one SELECT or WITH query; this text has 12 statements, the 11th is a DROP. Nothing was run.'],
  ['en', { kind: 'many', statements: 2, index: null, word: null }, 'The SQL cell runs one SELECT or WITH query; this text has 2 statements; run them one at a time. Nothing was run.'],
  ['en', { kind: 'not-a-query', word: 'ATTACH' }, 'The SQL cell runs one SELECT or WITH query; this text is an ATTACH statement. Nothing was run.'],
  ['en', { kind: 'empty' }, 'The SQL cell runs one SELECT or WITH query; this text has none.'],
  ['zh', { kind: 'many', statements: 3, index: 2, word: 'UPDATE' }, 'SQL 单元格只运行一条 SELECT 或 WITH 查询；这段文字有 3 条语句，第 2 条是 UPDATE。未运行任何语句。'],
  ['zh', { kind: 'not-a-query', word: 'DROP' }, 'SQL 单元格只运行一条 SELECT 或 WITH 查询；这段文字是 DROP 语句，未运行。'],
] as const)('%s: %j', (lang, refusal, text) => {
  expect(refusalText(lang, refusal)).toBe(text);
});
