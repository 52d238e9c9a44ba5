// The DuckDB SQL of the builders stays byte-for-byte what it was before the dialect layer (issue 17): the
// snapshot was taken on the code before `dialect` parameters existed; DuckDB's SQL must never drift
// while ClickHouse's is added beside it. Changed on purpose since, each with its reason: tb_metrics holds
// m_x, the predicted-value fit's input (session 16: one grouping of the orders fewer; model.ts); the load
// report's examples join only the first rows per reason to their cells (session 16; rejected.ts); the
// export's line is one concat_ws of its cells, numbers and dates unquoted (they never hold a quote, comma
// or line break) and their trailing zeros trimmed, not matched by regular expressions (session 17; export.ts); a
// text cell that starts with a byte-order mark is quoted too (session 31; dialect.ts `CSV_QUOTED`).
import { describe, expect, test } from 'vitest';
import { parseConfig, type Config } from '../../src/engine/config';
import { DATE_FORMATS, NUMBER_STYLES, type Mapping } from '../../src/engine/mapping';
import { stagingSql, DEFAULT_AS_OF_SQL } from '../../src/engine/sql/staging';
import { modelSql } from '../../src/engine/sql/model';
import { exportSql } from '../../src/engine/sql/export';
import { labelsSql, planCuts, QUANTILE_COUNTS_SQL } from '../../src/engine/sql/labels';
import { withStrategySql } from '../../src/engine/sql/strategy';
import { reportSql } from '../../src/engine/sql/report';
import { rawCreateSql, rawInsertSql, rawParquetSql } from '../../src/engine/sql/raw';
import { rejectedCsvSql, rejectExamplesSql } from '../../src/engine/sql/rejected';
import { date, number } from '../../src/engine/sql/values';
import { str } from '../../src/engine/sql/quote';

const mapping: Mapping = {
  orders: { columns: ['cid', 'when', 'qty', 'price', 'cost', 'oid', 'cat', 'ch'], roles: { customer_id: 'cid', order_date: 'when', amount: 'qty * price', cost: 'cost', order_id: 'oid', category: 'cat', channel: 'ch' }, dateFormat: 'dmy', numberStyles: { qty: 'plain', price: 'grouped', cost: 'decimal_comma' }, headerRows: 1 },
  customers: { columns: ['id', 'signup', 'ref', 'refs', 'city'], roles: { customer_id: 'id', signup_date: 'signup', referred_by: 'ref', referrals: 'refs' }, dateFormat: 'iso' },
  feedback: { columns: ['id', 'day', 'csat', 'nps'], roles: { customer_id: 'id', response_date: 'day', csat: 'csat', nps: 'nps' }, dateFormat: 'excel' },
  interactions: { columns: ['id', 'day', 'kind'], roles: { customer_id: 'id', interaction_date: 'day', kind: 'kind' }, dateFormat: 'unix_ms' },
};
const ordersOnly: Mapping = { orders: { columns: ['CustomerID', 'InvoiceDate', 'Amount'], roles: { customer_id: 'CustomerID', order_date: 'InvoiceDate', amount: 'Amount' } } };

function config(doc: object = {}): Config {
  const r = parseConfig({ version: 1, ...doc });
  if (!r.ok) throw new Error(r.error);
  return r.config;
}
const counts = { monetary: 100, profit: 90, aov: 100, purchases: 100, recency_days: 100, predicted_clv: 0 };

describe('DuckDB SQL is what it was before dialects', () => {
  test.each([
    ['staging, all four tables', () => stagingSql(mapping)],
    ['staging, orders only, in parts', () => stagingSql(ordersOnly, [[0, 10], [10, 20]])],
    ['the default as_of', () => DEFAULT_AS_OF_SQL],
    ['model, all four tables', () => modelSql({ mapping, asOf: '2024-06-01' })],
    ['model, orders only', () => modelSql({ mapping: ordersOnly, asOf: '2024-06-01', orderParts: 2 })],
    ['labels and strategy, default config', () => withStrategySql(labelsSql(config(), planCuts(config(), counts)), config())],
    ['labels, fixed RFM cuts', () => { const c = config({ rfm: { cuts: { r: [30, 60, 90, 180], f: [2, 3, 5, 8], m: [10, 50, 100, 500] } } }); return labelsSql(c, planCuts(c, counts)); }],
    ['quantile counts', () => QUANTILE_COUNTS_SQL],
    ['report', () => reportSql('2024-06-01', ['orders', 'customers', 'feedback', 'interactions'])],
    ['export', () => exportSql(mapping, 'SELECT 1', undefined, undefined, undefined)],
    ['raw tables', () => [...rawCreateSql('orders', ['a', 'b"c']), rawInsertSql('orders', '/x/o.csv', { kind: 'csv', delimiter: ';', header: true, names: ['a', 'b"c'], compression: 'gzip', newLine: 'crlf' }, 5), ...rawParquetSql('orders', '/x/o.parquet')]],
    ['rejected rows', () => [rejectExamplesSql('orders', mapping.orders), rejectedCsvSql('orders', mapping.orders).sql]],
    ['every date format', () => DATE_FORMATS.map((f) => date('x', f))],
    ['every number style', () => NUMBER_STYLES.map((s) => number('x', s))],
    ['a text literal with a backslash and a quote', () => str("a\\b'c")],
  ])('%s', (_name, build) => expect(build()).toMatchSnapshot());
});
