// The published lifetime-value anchor opened as a user would: CDNOW's whitespace-aligned transactions
// (no header) mapped by hand, the analysis date set to the end of the calibration period, the Predicted
// value cell added. The fit is over the buyers the engine counts natively, its BG/NBD r is the published
// one within the README's day-vs-week difference, the holdout sentence counts what the command line
// counts, the customer list shows the predicted columns, and the export is the command line's, byte for byte.
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentFiles } from '../../src/node/segment';
import { openFiles } from './helpers/open';
import { engineReady } from './helpers/ready';
import { addCell } from './helpers/add-cell';

const FILE = 'tests/fixtures/cdnow/CDNOW_sample.txt';
const MAP = ['orders.customer_id=column_2', 'orders.order_date=column_3', 'orders.amount=column_5'];
const AS_OF = '1997-10-01';

test('CDNOW in the page: mapped by hand, fitted as published, holdout, customer list, export = command line', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await engineReady(page, '6,000');
  await openFiles(page, FILE);
  const p = page.getByRole('region', { name: 'Map columns' });
  await expect(p.getByLabel('Delimiter')).toHaveValue('whitespace');
  for (const m of MAP) {
    const [role, column] = m.slice('orders.'.length).split('=');
    await p.getByLabel(`orders: ${{ customer_id: 'customer id', order_date: 'order date', amount: 'amount' }[role]}`).selectOption(column);
  }
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(p).toHaveCount(0);
  await expect(page.getByTestId('customers')).toHaveText('2,357');
  await page.getByLabel('Analysis date', { exact: true }).fill(AS_OF);
  await expect(page.getByTestId('as-of')).toHaveText(AS_OF);

  await addCell(page, 'clv');
  const cell = page.getByRole('region', { name: 'Predicted value', exact: true });
  // 2,357 customers, 8 of them with only a $0.00 order (prospects, SPEC §2): 2,349 buyers, 946 repeat buyers.
  await expect(cell.getByTestId('clv-fit')).toContainText('Fitted on 2,349 buyers (946 with repeat purchases)', { timeout: 60_000 });
  // In days; the published r (unit-free) is 0.2426 (the README: T here runs one day longer).
  const r = Number((await cell.getByTestId('clv-bgnbd').textContent())!.match(/^r ([\d.]+)/)![1]);
  expect(r).toBeCloseTo(0.2426, 2);

  // The holdout from 1997-07-01: the page's sentence counts what the command line's --clv-holdout file counts.
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-cdnow-'));
  await segmentFiles({ orders: FILE, map: MAP, asOf: AS_OF, out: join(dir, 'export.csv'), clvHoldoutFrom: '1997-07-01', clvHoldout: join(dir, 'holdout.csv') });
  const all = readFileSync(join(dir, 'holdout.csv'), 'utf8').trim().split('\n').find((l) => l.startsWith('all,'))!.split(',');
  await cell.getByLabel('Hold back from', { exact: true }).fill('1997-07-01');
  await expect(cell.getByTestId('clv-holdout-sentence')).toContainText(`made ${Number(all[2]).toLocaleString('en-US')} purchases`, { timeout: 60_000 });

  // The export: the four predicted columns as the command line writes them, byte for byte.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const browser = readFileSync(await (await download).path(), 'utf8');
  await segmentFiles({ orders: FILE, map: MAP, asOf: AS_OF, out: join(dir, 'plain.csv'), clvHoldoutFrom: '1997-07-01' });
  expect(browser).toBe(readFileSync(join(dir, 'plain.csv'), 'utf8'));
  const header = browser.split('\n')[0].split(',');
  const top = browser.trim().split('\n').slice(1).map((l) => l.split(',')).sort((a, b) => Number(b[header.indexOf('predicted_clv')]) - Number(a[header.indexOf('predicted_clv')]))[0];

  // The top customer by predicted CLV heads the cell's top list with the export's value.
  await expect(cell.getByTestId('clv-top').locator('tbody tr').first()).toContainText(top[header.indexOf('customer_id')]);

  // A strategy-matrix cell's customer list shows the predicted columns; sorted by predicted CLV, its first
  // row is the cell's top customer in the export.
  const matrix = page.getByRole('region', { name: 'Strategy matrix' });
  const button = matrix.getByRole('button', { name: /^High value × .*: [1-9][\d,]* customers$/ }).first();
  const name = (await button.getAttribute('aria-label')) ?? (await button.textContent())!;
  const lifecycle = name.match(/^High value × (.*): /)![1];
  await button.click();
  const list = matrix.getByRole('region', { name: `Customers of High value × ${lifecycle}` });
  await list.getByRole('button', { name: 'Sort by Predicted CLV' }).click();
  await expect(list.locator('thead')).toContainText('P(alive)');
  const labelOf = (s: string) => s.toLowerCase().replace(/ /g, '_');
  const inCell = browser.trim().split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[header.indexOf('value')] === 'high' && c[header.indexOf('lifecycle')] === labelOf(lifecycle));
  const best = inCell.sort((a, b) => Number(b[header.indexOf('predicted_clv')]) - Number(a[header.indexOf('predicted_clv')]) || (a[0] < b[0] ? -1 : 1))[0];
  await expect(list.locator('tbody tr').first().locator('td').first()).toHaveText(best[header.indexOf('customer_id')]);
  await page.screenshot({ path: test.info().outputPath('cdnow-clv.png'), fullPage: true });
});
