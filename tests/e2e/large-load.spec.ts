// A large file loads in pieces with a progress bar (bytes and rows) and can be cancelled, keeping the data before.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openFiles } from './helpers/open';
import { engineReady } from './helpers/ready';

const CUSTOMERS = 200_000;
const ROWS = 1_000_000;

/** 1M orders for 200k customers; every 997th row has a note with a quoted line feed, to straddle pieces. */
async function bigOrders(): Promise<string> {
  const dir = 'test-results/.data';
  const file = join(dir, 'orders-1m-v2.csv');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const out = createWriteStream(file);
  out.write('customer_id,order_date,amount,note\n');
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const note = i % 997 === 0 ? '"two\nlines, quoted"' : 'x';
    chunk += `C${String(i % CUSTOMERS).padStart(6, '0')},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${(i % 500) + 0.5},${note}\n`;
    if (chunk.length > 1 << 20) { out.write(chunk); chunk = ''; }
  }
  out.write(chunk);
  out.write('BAD,2024-01-01,1,x,too many fields\n'); // one malformed row, counted as a parse error
  await new Promise<void>((r) => out.end(() => r()));
  return file;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await engineReady(page, '6,000');
});

test('a 1M-row CSV loads in pieces with progress, every row and customer counted', async ({ page }) => {
  test.setTimeout(240_000);
  await openFiles(page, await bigOrders());
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('load-progress')).toContainText('rows', { timeout: 60_000 });
  await page.screenshot({ path: 'test-results/screens/large-load-progress.png' });
  await expect(page.getByTestId('customers')).toHaveText('200,000', { timeout: 200_000 });
  await expect(page.locator('tr[data-table="orders"] td').nth(1)).toHaveText('1,000,001');
  await expect(page.locator('tr[data-table="orders"] td').nth(2)).toHaveText('1,000,000');
  await expect(page.locator('tr[data-table="orders"] td').nth(3)).toContainText('malformed row (wrong number of fields, a stray quote, or not UTF-8): 1');
  // Kept in this browser, it loads again after a reload, with the same progress (the page showed only
  // "Loading the data kept in this browser…" for as long: the tour of 2026-12-01).
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: orders-1m-v2.csv');
  // A move made before the reload: the view kept beside the files is the one on screen (with the autosave).
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('3');
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).press('Enter');
  await expect(page.locator('main')).not.toHaveClass(/updating/, { timeout: 60_000 });
  const ladder = await page.locator('section.cell[data-cell="ladder"] p.sentence').first().textContent();
  await page.waitForTimeout(600); // the autosave (250 ms after the last change) writes the view
  await page.reload();
  // While the kept file loads again, the notebook is already there with its numbers (the tour of 2026-12-02:
  // a blank page for seconds), and says so; the engine's answer then replaces them.
  await page.waitForFunction((want) => !!document.querySelector('[data-testid="load-progress"]')
    && document.querySelector('[data-testid="customers"]')?.textContent === '200,000'
    && document.querySelector('section.cell[data-cell="ladder"] p.sentence')?.textContent === want, ladder, { timeout: 60_000 });
  await page.screenshot({ path: 'test-results/screens/kept-view-while-loading.png' });
  await expect(page.getByTestId('kept-view')).toHaveText('Shown as you left it: the kept data is loading again, and every number updates when it has loaded.');
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: orders-1m-v2.csv');
  await expect(page.getByRole('button', { name: 'Cancel loading' })).toBeVisible();
  await expect(page.getByTestId('customers')).toHaveText('200,000', { timeout: 200_000 });
  await expect(page.getByTestId('kept-view')).toHaveCount(0, { timeout: 200_000 });
  await expect(page.locator('section.cell[data-cell="ladder"] p.sentence').first()).toHaveText(ladder!);
});

test('cancelling a large load keeps the data loaded before', async ({ page }) => {
  test.setTimeout(240_000);
  await openFiles(page, await bigOrders());
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('load-progress')).toContainText('rows', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel loading' }).click();
  await expect(page.getByRole('alert').first()).toHaveText('Loading was cancelled; the data before is unchanged.', { timeout: 60_000 });
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('8');
  await expect(page.locator('tr[data-table="orders"] td').nth(1)).toHaveText('64,714');
});

// The kept view offers "Forget data" while the kept file still loads: the sample it asks for stays, and the
// file's load, overtaken, brings nothing back (CI of 2026-12-02 found it saying "Kept in this browser").
test('"Forget data" while the kept file loads again: the sample stays and nothing is kept', async ({ page }) => {
  test.setTimeout(240_000);
  await openFiles(page, await bigOrders());
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('200,000', { timeout: 200_000 });
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: orders-1m-v2.csv');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByTestId('kept-view')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Forget data' }).click();
  await expect(page.getByTestId('customers')).toHaveText('6,000', { timeout: 200_000 });
  await expect(page.getByTestId('kept')).toHaveText('Bundled sample data');
  // Long after the file's own load would have answered:
  await expect(page.getByTestId('load-progress')).toHaveCount(0, { timeout: 200_000 });
  await page.waitForTimeout(3_000);
  await expect(page.getByTestId('kept')).toHaveText('Bundled sample data');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  expect(await page.evaluate(async () => {
    const names: string[] = [];
    for await (const [name] of (await navigator.storage.getDirectory()) as unknown as AsyncIterable<[string]>) names.push(name);
    return names;
  })).toEqual([]);
});
