// A loaded file is kept in the browser's storage a step (1 MiB) at a time, and only while the moves rest:
// at a million customers, keeping the file while the user dragged made the moves right after a load
// repaint in up to ~50 ms instead of ~20 (bench/RESULTS.md, session 31). While it waits, the page says so.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openAndLoad, openFiles } from './helpers/open';
import { engineReady } from './helpers/ready';

const CUSTOMERS = 40_000;

/** ~3 MB of orders (three 1 MiB steps and more), 40,000 customers. */
function threeMegabytes(): string {
  const dir = 'test-results/.data';
  const file = join(dir, 'keep-3mb.csv');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const rows: string[] = ['customer_id,order_date,amount'];
  for (let i = 0; i < 120_000; i++) rows.push(`K${String(i % CUSTOMERS).padStart(6, '0')},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${(i % 500) + 0.25}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

/** Moves "Loyal: minimum purchases" every 50 ms, as a drag does, until `stopMoving`. */
const startMoving = (page: Page) => page.evaluate(() => {
  const slider = document.querySelector<HTMLInputElement>('input[type=range][aria-label="Loyal: minimum purchases"]')!;
  let k = 0;
  (window as unknown as { __moving: number }).__moving = window.setInterval(() => {
    slider.value = String(2 + (k++ % 6));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  }, 50);
});
const stopMoving = (page: Page) => page.evaluate(() => clearInterval((window as unknown as { __moving: number }).__moving));

/** The kept files' names and contents' SHA-256 (the storage itself, not what the page says). */
const keptFiles = (page: Page) => page.evaluate(async () => {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('tierbook-data');
  const manifest = JSON.parse(await (await (await dir.getFileHandle('manifest.json')).getFile()).text()) as { name: string; path: string }[];
  const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
  return Promise.all(manifest.map(async (f) => [f.name, hex(await crypto.subtle.digest('SHA-256', await (await (await dir.getFileHandle(f.path)).getFile()).arrayBuffer()))]));
});
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The 3 MB file loaded while the user drags (the drag goes on). */
async function loadWhileMoving(page: Page): Promise<void> {
  await openFiles(page, threeMegabytes());
  await startMoving(page);
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('40,000', { timeout: 60_000 });
}

/** The page again in a browser without OPFS (private mode), then comma.csv loaded: it cannot be kept. */
async function loadWithoutStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(StorageManager.prototype, 'getDirectory', { value: () => Promise.reject(new DOMException('private mode', 'SecurityError')) });
  });
  await page.reload();
  await engineReady(page, '6,000');
  await openAndLoad(page, 'tests/fixtures/readers/comma.csv');
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await engineReady(page, '6,000');
});

test('while the user moves, the loaded file waits to be kept (and says so); once the moves rest it is kept whole', async ({ page }) => {
  const kept = page.getByTestId('kept');
  await loadWhileMoving(page);
  // Moving for two seconds more: the keep waits.
  await page.waitForTimeout(2000);
  await expect(kept).toHaveText('Being kept in this browser (while the charts are idle): keep-3mb.csv');
  await stopMoving(page);
  const file = threeMegabytes();
  await expect(kept).toContainText(`Kept in this browser: keep-3mb.csv (${(statSync(file).size / 2 ** 20).toFixed(1)} MB)`);
  expect(await keptFiles(page)).toEqual([['keep-3mb.csv', sha256(file)]]);
  await page.reload();
  await engineReady(page, '40,000');
  await expect(kept).toContainText('Kept in this browser: keep-3mb.csv');
});

test('a second load while the first file waits to be kept: only the second is kept', async ({ page }) => {
  const kept = page.getByTestId('kept');
  await loadWhileMoving(page);
  await expect(kept).toHaveText('Being kept in this browser (while the charts are idle): keep-3mb.csv');
  await openAndLoad(page, 'tests/fixtures/readers/comma.csv');
  await expect(page.getByTestId('customers')).not.toHaveText('40,000');
  const customers = await page.getByTestId('customers').textContent();
  await expect(kept).toHaveText('Being kept in this browser (while the charts are idle): comma.csv');
  await stopMoving(page);
  await expect(kept).toContainText('Kept in this browser: comma.csv');
  expect(await keptFiles(page)).toEqual([['comma.csv', sha256('tests/fixtures/readers/comma.csv')]]);
  await page.reload();
  await engineReady(page, customers!);
  await expect(kept).toContainText('Kept in this browser: comma.csv');
});

test('a browser without storage: the file is shown, the page says it is not kept and why, a reload shows the sample', async ({ page }) => {
  await loadWithoutStorage(page);
  await expect(page.getByTestId('customers')).toHaveText('3');
  await expect(page.getByTestId('kept')).toHaveText('Not kept in this browser (asked for again after a reload): comma.csv');
  await expect(page.getByTestId('error')).toHaveText('this browser offers no private storage: the data will be asked for again after a reload');
  await page.reload();
  await engineReady(page, '6,000');
  await expect(page.getByTestId('kept')).toHaveText('Bundled sample data');
});

test('the engine restarted after a crash loads the files on screen again, kept or not', async ({ page }) => {
  await loadWithoutStorage(page);
  await expect(page.getByTestId('kept')).toHaveText('Not kept in this browser (asked for again after a reload): comma.csv');
  await page.evaluate(() => (window as never as { __tierbook: { engine: { api: { simulateCrash(): Promise<void> } } } }).__tierbook.engine.api.simulateCrash());
  await expect(page.getByRole('alert').filter({ hasText: 'The engine stopped' })).toBeVisible();
  await page.getByRole('button', { name: 'Restart the engine' }).click();
  // comma.csv's 3 customers again, not the sample's 6,000.
  await engineReady(page, '3');
  await expect(page.getByTestId('kept')).toHaveText('Not kept in this browser (asked for again after a reload): comma.csv');
});
