// The page's side of the bounded-inputs corpus (issue 12: items 6 and 7): every hostile input is counted
// or refused in words, and the workbench keeps its state (the command line's side: tests/unit/hostile-bounds).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { docToFragment } from '../../src/engine/config/link';
import { segmentFiles } from '../../src/node/segment';
import { twoGiBWorkbook } from '../hostile/zip-bomb';
import { openFiles } from './helpers/open';

const dir = mkdtempSync(join(tmpdir(), 'tierbook-hostile-e2e-'));
const panel = (page: Page) => page.getByRole('region', { name: 'Map columns' });
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

// DuckDB can take a long time to start on a busy machine; each case needs it running before it opens a file.
test.describe.configure({ timeout: 300_000 });
test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  await expect(page.getByText('Starting DuckDB…')).toHaveCount(0, { timeout: 180_000 });
});

/** The page's export equals the command line's on the same file and mapping. */
async function expectExportEqualsCli(page: Page, name: string, text: string, amount?: string) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const browser = readFileSync(await (await download).path(), 'utf8');
  const input = join(dir, name);
  writeFileSync(input, text);
  const out = join(dir, `${name}.export.csv`);
  await segmentFiles({ orders: input, map: [], out, amount });
  expect(browser).toBe(readFileSync(out, 'utf8'));
}

test('amounts of 1e18 or more and dates after 9999-12-30 are counted by reason; Export equals the command line', async ({ page }) => {
  const text = 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,1e20\nC,9999-12-31,1\nD,2024-01-03,-1e18\nE,2024-01-04,999999999999999999.999999999\n';
  await openFiles(page, csvFile('range.csv', text));
  await panel(page).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('2');
  const orders = page.locator('tr[data-table="orders"]');
  await expect(orders).toContainText('amount or cost of 1e18 or more: 2');
  await expect(orders).toContainText('unparseable date: 1');
  await expectExportEqualsCli(page, 'range.csv', text);
});

test('14 factors typed key by key into the panel preview at once, and load (once 96 s with no Cancel)', async ({ page }) => {
  await openFiles(page, 'tests/fixtures/readers/quantity-unit-price.csv');
  const p = panel(page);
  const expr = p.getByLabel('Amount expression');
  await expect(p.getByTestId('amount-preview')).toHaveText(/1234\.5 · 10 · 99\.99/);
  const fourteen = `Quantity * UnitPrice${' * 1'.repeat(12)}`;
  // Key by key at the end of the suggested expression: one preview asked per key.
  await expr.press('End');
  const started = Date.now();
  await expr.pressSequentially(' * 1'.repeat(12));
  await expect(expr).toHaveValue(fourteen);
  await expect(p.getByTestId('amount-preview')).toHaveText(/1234\.5 · 10 · 99\.99/);
  expect(Date.now() - started).toBeLessThan(30_000);
  await p.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('3');
  await expectExportEqualsCli(page, 'quantity-unit-price.csv', readFileSync('tests/fixtures/readers/quantity-unit-price.csv', 'utf8'), fourteen);
});

test('an expression past the limits is refused in words, naming the limit and where', async ({ page }) => {
  await openFiles(page, 'tests/fixtures/readers/quantity-unit-price.csv');
  const p = panel(page);
  await p.getByLabel('Amount expression').fill(`${'('.repeat(150)}Quantity${')'.repeat(150)}`);
  await expect(p.getByRole('alert')).toContainText('nests too deeply (more than 100 levels) (column 101)');
  await p.getByLabel('Amount expression').fill(`${'-'.repeat(2100)}Quantity`);
  await expect(p.getByRole('alert')).toContainText('is too long (2108 characters; at most 2000) (column 2001)');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('a 2 MB xlsx zip bomb is refused naming the file and the limit; the page keeps its data (once the tab died)', async ({ page }) => {
  await page.getByLabel('Open data files').setInputFiles({ name: 'bomb.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(twoGiBWorkbook()) });
  await expect(page.getByRole('alert')).toContainText('bomb.xlsx: the workbook part "xl/worksheets/sheet1.xml" expands to 2048 MiB (at most 128 MiB per part); refused as a possible zip bomb');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('8');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('a config link carrying value.high = 1e300 is refused whole, naming the field', async ({ page }) => {
  const fragment = docToFragment({ version: 1, value: { mode: 'absolute', high: 1e300, mid: 0 } });
  expect(fragment.length).toBeLessThan(100);
  await page.goto(`/#${fragment}`);
  await expect(page.getByRole('alert')).toContainText('The link was refused, nothing changed: value.high must be at most 1e15');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect(readFileSync(await (await download).path(), 'utf8').split('\n')).toHaveLength(6002);
});

test('a notebook whose mapping carries a 500-deep amount expression is refused, naming the field', async ({ page }) => {
  const notebook = join(dir, 'hostile.tierbook.json');
  writeFileSync(notebook, JSON.stringify({
    format: 'tierbook-notebook', version: 1, config: { version: 1 }, cells: [], lang: 'en',
    mapping: [{ signature: 'customer_id|order_date|Quantity|UnitPrice', name: 'orders.csv', table: 'orders', read: {}, roles: { amount: `${'-'.repeat(500)}Quantity` }, dateFormat: '', numberStyle: 'plain' }],
  }));
  await page.getByText('Share and save').click();
  await page.getByLabel('Open notebook').setInputFiles(notebook);
  await expect(page.getByRole('alert')).toContainText('The notebook file was refused, nothing changed: notebook.mapping.0.roles.amount nests too deeply (more than 100 levels) at position 101');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});
