// Whole exports on real and sample data must agree, column by column, with the independent reference
// (which reads the CSV with its own parser and shares no code with the engine).
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../../src/engine/config';
import { segmentFiles } from '../../src/node/segment';
import { exportRow, reference, type Row } from '../reference/spec';
import { parseCsvLine } from './harness';

const ONLINE_RETAIL = 'tests/fixtures/online-retail/online-retail.csv.gz';
const read = (path: string): Row[] =>
  parse(path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path), { columns: true, skip_empty_lines: true });

function specColumns(csv: string): string[][] {
  return csv.trimEnd().split('\n').slice(1).map((l) => parseCsvLine(l).slice(0, 17));
}

describe('real data: engine export = reference', () => {
  test('sample data, all four tables', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tierbook-')), 'sample.csv');
    const t = (n: string) => `sample-data/${n}.csv`;
    await segmentFiles({ orders: t('orders'), customers: t('customers'), feedback: t('feedback'), interactions: t('interactions'), map: [], out });
    const want = reference({
      orders: read(t('orders')), customers: read(t('customers')), feedback: read(t('feedback')), interactions: read(t('interactions')),
      roles: {
        orders: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount', order_id: 'order_id', cost: 'cost', category: 'category' },
        customers: { customer_id: 'customer_id', signup_date: 'signup_date', referred_by: 'referred_by' },
        feedback: { customer_id: 'customer_id', response_date: 'response_date', csat: 'csat', nps: 'nps' },
        interactions: { customer_id: 'customer_id', interaction_date: 'interaction_date', kind: 'kind' },
      },
    }, defaultConfig());
    const got = specColumns(readFileSync(out, 'utf8'));
    expect(got.length).toBe(6000);
    expect(got).toEqual(want.customers.map(exportRow));
  });

  test('Online Retail (541,909 rows), amount = Quantity * UnitPrice', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tierbook-')), 'online-retail.csv');
    const r = await segmentFiles({
      orders: ONLINE_RETAIL, amount: 'Quantity * UnitPrice', out,
      map: ['orders.customer_id=CustomerID', 'orders.order_date=InvoiceDate', 'orders.order_id=InvoiceNo'],
    });
    expect(r.model.report[0]).toMatchObject({ read: 541_909, used: 406_829, rejected: { empty_customer_id: 135_080 } });
    const want = reference({
      orders: read(ONLINE_RETAIL),
      roles: { orders: { customer_id: 'CustomerID', order_date: 'InvoiceDate', order_id: 'InvoiceNo', amount: 'Quantity * UnitPrice' } },
    }, defaultConfig());
    const got = specColumns(readFileSync(out, 'utf8'));
    expect(got.length).toBe(4372);
    expect(got).toEqual(want.customers.map(exportRow));
  }, 300_000);
});
