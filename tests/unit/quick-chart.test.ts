// The SQL cell's quick chart: which columns it draws by default, and which rows it can draw.
import { describe, expect, test } from 'vitest';
import { guessQuickChart, numericColumns, quickChartPoints } from '../../src/app/view/quick-chart';

type Rows = (string | number | null)[][];
const cases: { name: string; columns: string[]; rows: Rows; expected: ReturnType<typeof guessQuickChart> }[] = [
  { name: 'a label and a count: bars of the count by label', columns: ['ladder', 'customers'], rows: [['loyal', 10], ['repeat', 20]], expected: { mark: 'bar', x: 0, y: 1 } },
  { name: 'the first text column and the first numeric one', columns: ['n', 'region', 'ladder', 'revenue'], rows: [[1, 'East', 'loyal', 9.5]], expected: { mark: 'bar', x: 1, y: 0 } },
  { name: 'two numbers and no text: dots', columns: ['recency', 'monetary'], rows: [[3, 10], [40, 2.5]], expected: { mark: 'dot', x: 0, y: 1 } },
  { name: 'nulls do not make a column text', columns: ['k', 'v'], rows: [['a', null], ['b', 3]], expected: { mark: 'bar', x: 0, y: 1 } },
  { name: 'a column of only nulls is not numeric', columns: ['k', 'v'], rows: [['a', null]], expected: { mark: 'none', x: 0, y: 0 } },
  { name: 'only text: no chart', columns: ['customer_id'], rows: [['C1'], ['C2']], expected: { mark: 'none', x: 0, y: 0 } },
  { name: 'one number alone: no chart', columns: ['count'], rows: [[42]], expected: { mark: 'none', x: 0, y: 0 } },
  { name: 'no rows: no chart', columns: ['a', 'b'], rows: [], expected: { mark: 'none', x: 0, y: 0 } },
];

describe('the quick chart guessed from a result', () => {
  test.each(cases)('$name', ({ columns, rows, expected }) => expect(guessQuickChart(columns, rows)).toEqual(expected));
});

describe('the points a quick chart draws', () => {
  test('rows whose y is not a finite number are left out and counted', () => {
    const rows: Rows = [['a', 1], ['b', null], ['c', 'x'], [null, 4], ['e', Number.NaN]];
    expect(quickChartPoints(rows, { mark: 'bar', x: 0, y: 1 })).toEqual({ points: [{ x: 'a', y: 1 }, { x: '∅', y: 4 }], skipped: 3 });
  });
  test('numeric columns are told apart from mixed ones', () => {
    expect(numericColumns(['a', 'b', 'c'], [[1, 'x', null], [2, 3, null]])).toEqual([true, false, false]);
  });
});
