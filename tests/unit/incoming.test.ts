// The mapping panel's pure parts: what still blocks a load, and which columns nothing uses.
import { expect, test } from 'vitest';
import { problems, unusedColumns, type Incoming } from '../../src/app/mapping/incoming';

const item = (table: Incoming['table'], columns: string[], roles: Record<string, string>, dateFormat: Incoming['dateFormat'] = 'auto') =>
  ({ table, roles, dateFormat, numberStyle: 'auto', profile: { columns } }) as unknown as Incoming;

test.each([
  ['orders: a city column is not used', item('orders', ['客户ID', '日期', '金额', '城市'], { customer_id: '客户ID', order_date: '日期', amount: '金额' }), ['城市']],
  ['orders: the amount expression uses its columns', item('orders', ['id', 'day', 'Quantity', 'UnitPrice', 'Country'], { customer_id: 'id', order_date: 'day', amount: 'Quantity * UnitPrice' }), ['Country']],
  ['customers: every other column is a dimension', item('customers', ['id', 'age', 'region'], { customer_id: 'id' }), ['age', 'region']],
  ['a broken expression leaves its columns listed', item('orders', ['id', 'day', 'a'], { customer_id: 'id', order_date: 'day', amount: 'a *' }), ['a']],
])('%s', (_n, i, unused) => {
  expect(unusedColumns(i)).toEqual(unused);
});

test('problems are data: missing roles, a missing survey answer, an unanswered date question', () => {
  expect(problems(item('feedback', ['id'], { customer_id: 'id' }, ''))).toEqual([
    { kind: 'role', table: 'feedback', role: 'response_date' },
    { kind: 'answer', table: 'feedback' },
    { kind: 'date' },
  ]);
});
