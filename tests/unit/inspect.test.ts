// What the mapping panel is told about a file before loading it: layout, encoding, table, roles, formats.
import { afterAll, describe, expect, test } from 'vitest';
import { openNodeDb } from '../../src/node/duckdb';
import { inspectPath } from '../../src/node/load';
import { guessRoles, guessTable } from '../../src/engine/roles';
import { plausibleType } from '../../src/engine/inspect';

const F = (name: string) => `tests/fixtures/readers/${name}`;
const db = await openNodeDb();
afterAll(() => db.close());

describe('a file profile', () => {
  test('GBK with Chinese headers: decoded, orders, every role guessed', async () => {
    const p = await inspectPath(db, F('gbk-chinese-headers.csv'));
    expect(p).toMatchObject({ encoding: 'gb18030', delimiter: ',', header: true, table: 'orders', undecodable: 0 });
    expect(p.columns).toEqual(['会员编号', '下单时间', '实付金额', '渠道']);
    expect(p.guesses.orders.roles).toEqual({ customer_id: '会员编号', order_date: '下单时间', amount: '实付金额', channel: '渠道' });
    expect(p.rows[0]).toEqual(['001', '2024-03-05', '1234.50', '门店']);
    expect(p.dates['下单时间']).toEqual({ format: 'iso' });
  });
  test('the wrong encoding shows as undecodable characters in the preview', async () => {
    const p = await inspectPath(db, F('gbk-chinese-headers.csv'), { encoding: 'utf-8' });
    expect(p.undecodable).toBeGreaterThan(0);
  });
  test('whitespace-aligned without a header: generated names, YYYYMMDD detected, zeros kept', async () => {
    const p = await inspectPath(db, F('aligned-no-header.txt'));
    expect(p).toMatchObject({ delimiter: 'whitespace', header: false, columns: ['column_1', 'column_2', 'column_3'] });
    expect(p.rows[0]).toEqual(['001', '20240305', '1234.50']);
    expect(p.dates.column_2).toEqual({ format: 'yyyymmdd' });
  });
  test('dates that read both ways are a question', async () => {
    const p = await inspectPath(db, F('dates-ambiguous.csv'));
    expect(p.dates.order_date).toEqual({ ambiguous: ['dmy', 'mdy'] });
  });
  test('grouped amounts are detected', async () => {
    const p = await inspectPath(db, F('numbers-grouped.csv'));
    expect(p.numbers.amount).toBe('grouped');
  });
  test('quantity and unit price suggest an amount expression', async () => {
    const p = await inspectPath(db, F('quantity-unit-price.csv'));
    expect(p.guesses.orders.amountExpression).toBe('Quantity * UnitPrice');
    expect(p.guesses.orders.roles).toMatchObject({ customer_id: 'CustomerID', order_date: 'InvoiceDate' });
  });
  test('an Excel workbook lists its sheets; the first is previewed', async () => {
    const p = await inspectPath(db, F('two-sheets.xlsx'));
    expect(p).toMatchObject({ kind: 'xlsx', sheets: ['订单', 'Customers'], sheet: '订单', columns: ['客户ID', '订单日期', '金额'] });
    expect(p.rows[0]).toEqual(['001', '2024-03-05', '1234.5']);
    const c = await inspectPath(db, F('two-sheets.xlsx'), { sheet: 'Customers' });
    expect(c).toMatchObject({ table: 'customers', columns: ['customer_id', 'age', 'region'] });
  });
});

describe('role guesses', () => {
  const cases: { name: string; table: 'orders' | 'customers' | 'feedback' | 'interactions'; columns: string[]; roles: Record<string, string>; ambiguous?: Record<string, string[]> }[] = [
    { name: 'SPEC names', table: 'orders', columns: ['customer_id', 'order_date', 'amount'], roles: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount' } },
    { name: 'Online Retail', table: 'orders', columns: ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'], roles: { customer_id: 'CustomerID', order_date: 'InvoiceDate', order_id: 'InvoiceNo' } },
    { name: 'Chinese ERP', table: 'orders', columns: ['订单号', '客户ID', '订单日期', '实付金额', '品类', '渠道'], roles: { order_id: '订单号', customer_id: '客户ID', order_date: '订单日期', amount: '实付金额', category: '品类', channel: '渠道' } },
    { name: 'two amounts: asked, not guessed', table: 'orders', columns: ['member_id', 'date', '金额', '实付金额'], roles: { customer_id: 'member_id', order_date: 'date' }, ambiguous: { amount: ['金额', '实付金额'] } },
    { name: 'survey', table: 'feedback', columns: ['会员编号', '填写日期', '满意度', '推荐意愿'], roles: { customer_id: '会员编号', response_date: '填写日期', csat: '满意度', nps: '推荐意愿' } },
    { name: 'contacts', table: 'interactions', columns: ['customer', 'contact date', 'type'], roles: { customer_id: 'customer', interaction_date: 'contact date', kind: 'type' } },
  ];
  test.each(cases)('$name', ({ table, columns, roles, ambiguous }) => {
    const g = guessRoles(table, columns);
    expect(g.roles).toEqual(roles);
    expect(g.ambiguous).toEqual(ambiguous ?? {});
  });
  test.each([
    ['orders', ['customer_id', 'order_date', 'amount'], 'x.csv'],
    ['customers', ['客户ID', '年龄', '性别', '地区', '注册日期'], 'export.csv'],
    ['feedback', ['customer_id', 'response_date', 'csat', 'nps'], 'data.csv'],
    ['interactions', ['customer_id', 'interaction_date', 'kind'], 'data.csv'],
    ['customers', ['id', 'name'], 'customers.csv'],
  ] as const)('table %s from columns %j', (table, columns, file) => expect(guessTable([...columns], file)).toBe(table));
});

describe('the preview shows what a column most plausibly holds', () => {
  const ex = { format: 'excel' } as const, unix = { format: 'unix_s' } as const, iso = { format: 'iso' } as const, ymd8 = { format: 'yyyymmdd' } as const;
  test.each([
    ['CustomerID', ['17850', '13047', '12583'], ex, 'plain', 'text'],
    ['客户编号', ['100234', '100781'], ex, 'plain', 'text'],
    ['member_no', ['00123', '00456'], ex, 'plain', 'text'],
    ['code', ['0042', '0007'], undefined, 'plain', 'text'],
    ['Amount', ['45356', '45400'], ex, 'plain', 'number'],
    ['Quantity', ['6', '8', '2'], undefined, 'plain', 'number'],
    ['age', ['34', '51'], undefined, 'plain', 'number'],
    ['年龄', ['34', '51'], undefined, 'plain', 'number'],
    ['paid', ['1709596800', '1709683200'], unix, 'plain', 'date'],
    ['total', ['1709596800', '1709683200'], unix, 'plain', 'number'],
    ['score', ['1234567890'], unix, 'plain', 'number'],
    ['order_date', ['45356', '45400'], ex, 'plain', 'date'],
    ['x', ['45356', '45400'], ex, 'plain', 'date'],
    ['x', ['61', '900'], ex, 'plain', 'number'],
    ['when', ['20240305', '20240320'], ymd8, 'plain', 'date'],
    ['InvoiceDate', ['12/1/2010 8:26', '12/1/2010 8:28'], { format: 'mdy' }, undefined, 'date'],
    ['day', ['2024-03-05'], iso, undefined, 'date'],
    ['城市', ['上海', '北京'], undefined, undefined, 'text'],
  ] as const)('%s %j', (name, values, date, number, type) => {
    expect(plausibleType(name, [...values], date, number)).toBe(type);
  });
});
