// A CSV made under a dimension filter names the filter; nothing a file system refuses gets through.
import { describe, expect, test } from 'vitest';
import { csvName, queryChartName } from '../../src/app/view/file-names';

describe('CSV file names', () => {
  test.each([
    ['no filter', null, 'tierbook-customers.csv'],
    ['one value', { dimension: 'channel', values: ['web'] }, 'tierbook-customers-channel=web.csv'],
    ['values with blanks, and missing', { dimension: 'region', values: ['North China', ''] }, 'tierbook-customers-region=North_China+missing.csv'],
    ['age bins', { dimension: 'age', values: ['< 18', '18–25', '≥ 65'] }, 'tierbook-customers-age=lt18+18–25+ge65.csv'],
    ['Chinese', { dimension: '城市', values: ['上海'] }, 'tierbook-customers-城市=上海.csv'],
    ['characters no file system takes', { dimension: 'a/b', values: ['x:y*?"<>|'] }, 'tierbook-customers-a_b=x_y______.csv'],
  ])('%s', (_n, filter, name) => expect(csvName('tierbook-customers', filter)).toBe(name));
  test('a long list of values is cut and counted', () => {
    const name = csvName('tierbook-customers', { dimension: 'city', values: Array.from({ length: 40 }, (_, i) => `City number ${i}`) });
    expect(name.startsWith('tierbook-customers-city=City_number_0+City_number_1+')).toBe(true);
    expect(name.endsWith('…(40).csv')).toBe(true);
    expect([...name].length).toBeLessThan(120);
  });
});

describe("a SQL cell's chart file", () => {
  test.each([
    ['named by its axes', { x: 'country', y: 'revenue' }, 'sql-revenue-by-country'],
    ['blanks and slashes made safe', { x: 'order date', y: 'a/b' }, 'sql-a_b-by-order_date'],
    ['Chinese column names kept', { x: '城市', y: '收入' }, 'sql-收入-by-城市'],
    ['long names cut at 40 characters each', { x: 'x'.repeat(60), y: 'y'.repeat(60) }, `sql-${'y'.repeat(40)}-by-${'x'.repeat(40)}`],
  ])('%s', (_n, names, name) => expect(queryChartName(names)).toBe(name));
});
