// Bringing one's own data: the mapping panel guesses, the user confirms, bad input never breaks anything.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { segmentFiles } from '../../src/node/segment';
import { openFiles } from './helpers/open';
import { engineReady } from './helpers/ready';

const F = (name: string) => `tests/fixtures/readers/${name}`;

/** The browser's export after a load equals the command line's on the same file and mapping. */
async function expectExportEqualsCli(page: import('@playwright/test').Page, cli: Omit<Parameters<typeof segmentFiles>[0], 'out'>) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const browser = readFileSync(await (await download).path(), 'utf8');
  const out = join(mkdtempSync(join(tmpdir(), 'tierbook-cli-')), 'export.csv');
  await segmentFiles({ ...cli, out });
  expect(browser).toBe(readFileSync(out, 'utf8'));
  return browser;
}
const panel = (page: import('@playwright/test').Page) => page.getByRole('region', { name: 'Map columns' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  // Files opened once DuckDB has the sample (a file opened during start-up is notebook.spec's case).
  await engineReady(page, '6,000');
});

test('a GBK CSV with Chinese headers: decoded, roles guessed, the ladder appears', async ({ page }) => {
  await openFiles(page, F('gbk-chinese-headers.csv'));
  const p = panel(page);
  await expect(p.getByLabel('Encoding')).toHaveValue('gb18030');
  await expect(p.getByLabel('Table', { exact: true })).toHaveValue('orders');
  await expect(p.getByLabel('orders: customer id')).toHaveValue('会员编号');
  await expect(p.getByLabel('orders: order date')).toHaveValue('下单时间');
  await expect(p.getByLabel('orders: amount')).toHaveValue('实付金额');
  await expect(p.getByRole('table', { name: /Preview/ })).toContainText('线上商城');
  await p.screenshot({ path: 'test-results/screens/mapping-gbk.png' });
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('3');
  await expect(page.locator('svg[aria-label="Customer ladder"]')).toBeVisible();
  await expectExportEqualsCli(page, { orders: F('gbk-chinese-headers.csv'), map: [] });
});

test('an amount expression is previewed live, and a broken one is named with its position', async ({ page }) => {
  await openFiles(page, F('quantity-unit-price.csv'));
  const p = panel(page);
  const expr = p.getByLabel('Amount expression');
  await expect(expr).toHaveValue('Quantity * UnitPrice');
  await expect(p.getByTestId('amount-preview')).toHaveText(/1234\.5 · 10 · 99\.99/);
  await expr.fill('Quantity * (UnitPrice');
  await expect(p.getByRole('alert')).toContainText("missing ')'");
  await expect(p.getByRole('button', { name: 'Load', exact: true })).toBeEnabled();
  await expr.fill('Quantity * UnitPrice - 1');
  await expect(p.getByTestId('amount-preview')).toHaveText(/1233\.5 · 9 · 98\.99/);
});

test('dates that read both day-first and month-first are asked, not guessed', async ({ page }) => {
  await openFiles(page, F('dates-ambiguous.csv'));
  const p = panel(page);
  await expect(p.getByText('Day/month or month/day?')).toBeVisible();
  await expect(p.getByRole('button', { name: 'Load', exact: true })).toBeDisabled();
  await p.getByLabel('Date format').selectOption('dmy');
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('as-of')).toHaveText('2024-06-05');
});

test('an Excel workbook: the sheet is chosen, and the first sheet maps itself', async ({ page }) => {
  await openFiles(page, F('two-sheets.xlsx'));
  const p = panel(page);
  await expect(p.getByLabel('Sheet', { exact: true })).toHaveValue('订单');
  await expect(p.getByLabel('orders: customer id')).toHaveValue('客户ID');
  await expect(p.getByTestId('detected-types')).toContainText('date YYYY-MM-DD');
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('3');
  await expectExportEqualsCli(page, { orders: F('two-sheets.xlsx'), map: [] });
});

test('the second sheet of a workbook, chosen in the panel, loads as customers', async ({ page }) => {
  await openFiles(page, [F('comma.csv'), F('two-sheets.xlsx')]);
  const p = panel(page);
  const book = p.getByRole('article', { name: 'File: two-sheets.xlsx' });
  await book.getByLabel('Sheet', { exact: true }).selectOption('Customers');
  await expect(book.getByLabel('Table', { exact: true })).toHaveValue('customers');
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.locator('tr[data-table="customers"] td').nth(1)).toHaveText('3');
  await expectExportEqualsCli(page, { orders: F('comma.csv'), customers: F('two-sheets.xlsx'), map: [], read: { sheet: 'Customers' } });
});

test('a whitespace-aligned file without a header keeps its ids\' leading zeros', async ({ page }) => {
  await openFiles(page, F('aligned-no-header.txt'));
  const p = panel(page);
  await expect(p.getByLabel('Delimiter')).toHaveValue('whitespace');
  await expect(p.getByLabel('First row is a header')).not.toBeChecked();
  await p.getByLabel('orders: customer id').selectOption('column_1');
  await p.getByLabel('orders: order date').selectOption('column_2');
  await p.getByLabel('orders: amount').selectOption('column_3');
  // Automatic: the first rows suggest YYYYMMDD; loading decides over every value and says so.
  await expect(p.getByLabel('Date format')).toHaveValue('auto');
  await expect(p.getByLabel('Date format').locator('option[value="auto"]')).toHaveText('Automatic (first rows: YYYYMMDD)');
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('3');
  await expect(page.getByTestId('formats')).toContainText('orders · order date: "column_2" read as YYYYMMDD dates: all 6 values');
  await expect(page.getByTestId('formats')).toContainText('orders · amount: "column_3" read as plain numbers: all 6 values');
  const text = await expectExportEqualsCli(page, { orders: F('aligned-no-header.txt'), map: ['orders.customer_id=column_1', 'orders.order_date=column_2', 'orders.amount=column_3'] });
  expect(text.split('\n').slice(1, 4).map((l) => l.split(',')[0])).toEqual(['001', '002', '003']);
});

const BAD: [string, RegExp][] = [
  ['bad-binary.csv', /bad-binary\.csv: not a text, Excel \(\.xlsx\) or Parquet file/],
  ['bad-empty.csv', /bad-empty\.csv: the file is empty/],
];
for (const [file, message] of BAD) {
  test(`bad input (${file}) is named and changes nothing`, async ({ page }) => {
    await page.getByLabel('Open data files').setInputFiles(F(file));
    await expect(page.getByRole('alert')).toHaveText(message);
    await expect(page.getByTestId('customers')).toHaveText('6,000');
  });
}

test('a file that fails while loading leaves the data before it loaded', async ({ page }) => {
  await openFiles(page, F('bad-header-only.csv'));
  await panel(page).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('alert').first()).toContainText('bad-header-only.csv: only a header row, no data');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  // The ladder still answers a move on the old data.
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('8');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('Online Retail mapped with an amount expression exports exactly what the command line exports', async ({ page }) => {
  test.setTimeout(180_000);
  const file = 'tests/fixtures/online-retail/online-retail.csv.gz';
  await openFiles(page, file);
  const p = panel(page);
  await expect(p.getByLabel('orders: customer id')).toHaveValue('CustomerID');
  await expect(p.getByLabel('Amount expression')).toHaveValue('Quantity * UnitPrice');
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('4,372', { timeout: 120_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const browser = readFileSync(await (await download).path(), 'utf8');
  const out = join(mkdtempSync(join(tmpdir(), 'tierbook-retail-')), 'export.csv');
  await segmentFiles({ orders: file, map: [], amount: 'Quantity * UnitPrice', out });
  expect(browser).toBe(readFileSync(out, 'utf8'));
  // Orders only: the ladder says who its prospects are, as many as the export's (customers whose every order
  // is a return or zero).
  const [head, ...rows] = browser.trim().split('\n');
  const prospects = rows.filter((r) => r.split(',')[head.split(',').indexOf('ladder')] === 'prospect').length;
  expect(prospects).toBeGreaterThan(0);
  await expect(page.getByTestId('prospects-note')).toHaveText(`The ${prospects} prospects have orders but no purchase: every order of theirs is a return, a cancellation or zero (an order is a purchase when its value is above 0).`);
});

test('the load report shows example rows by line and downloads every rejected row', async ({ page }) => {
  await page.getByText('Examples of rows not used: orders').click();
  const examples = page.getByRole('table', { name: 'Examples of rows not used: orders' });
  await expect(examples.locator('tbody tr')).toHaveCount(3);
  await expect(examples).toContainText('empty customer id');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Rejected rows: orders' }).click();
  const lines = readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('line,reason,order_id,customer_id,order_date,category,channel,quantity,unit_price,amount,cost');
  expect(lines).toHaveLength(4);
  const [line] = lines[1].split(',');
  await expect(examples.locator('tbody tr').first()).toContainText(line);
});
