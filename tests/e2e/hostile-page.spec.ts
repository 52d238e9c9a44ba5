// What a hostile note or a kept file must never do to the page: hide or cover cells, or stop every reload.
import { expect, test, type Page } from '@playwright/test';
import { addCell } from './helpers/add-cell';

const DEFAULT_CELLS = ['Data', 'Customer ladder', 'Value tiers', 'Lifecycle', 'RFM segments', 'Engagement', 'Needs', 'Satisfaction', 'NPS', 'Dimensions', 'Strategy matrix', 'Playbook'];

async function ready(page: Page) {
  await expect(page.getByTestId('customers')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Starting/ })).toHaveCount(0);
}

test('a note can neither hide nor cover another cell, and that holds after a reload', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await addCell(page, 'note');
  await page.getByLabel('Note (markdown)').fill([
    '<style>section.cell{display:none!important} main{visibility:hidden}</style>',
    '<div style="position:fixed;inset:0;z-index:99999;background:red">covered</div>',
    '<div class="cell updating">borrowed</div>',
    '**still a note**',
  ].join('\n'));
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  const note = page.locator('.note');
  await expect(note).toContainText('still a note');
  for (const check of [0, 1]) {
    for (const name of DEFAULT_CELLS) await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
    // The point in the middle of the ladder cell belongs to the ladder cell, not to a note on top of it.
    const ladder = page.getByRole('region', { name: 'Customer ladder', exact: true });
    await ladder.scrollIntoViewIfNeeded();
    const box = (await ladder.boundingBox())!;
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('section')?.getAttribute('aria-label'), [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit).toBe('Customer ladder');
    expect(await note.innerHTML()).not.toMatch(/<style|style=|class=/);
    if (check === 0) { await page.reload(); await ready(page); }
  }
});

async function keepComma(page: Page): Promise<string> {
  await page.goto('/');
  await ready(page);
  await page.getByLabel('Open data files').setInputFiles('tests/fixtures/readers/comma.csv');
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).not.toHaveText('6,000');
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: comma.csv');
  return (await page.getByTestId('customers').textContent())!;
}

test('a kept file that can no longer be read: the sample is shown, the page says so, Forget clears it', async ({ page }) => {
  await keepComma(page);
  // The kept copy goes bad (as a file that fails to load would): binary junk in its place.
  await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('tierbook-data');
    const w = await (await dir.getFileHandle('file-0')).createWritable();
    await w.write(new Uint8Array(4096).map((_, i) => (i * 7) % 32));
    await w.close();
  });
  await page.reload();
  const problem = page.getByTestId('kept-problem');
  await expect(problem).toContainText('The data kept in this browser could not be opened; the sample data is shown (comma.csv): comma.csv: not a text, Excel (.xlsx) or Parquet file.');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  await expect(page.getByTestId('kept')).toHaveText('Bundled sample data');
  await problem.getByRole('button', { name: 'Forget data' }).click();
  await expect(problem).toHaveCount(0);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('kept-problem')).toHaveCount(0);
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('kept data that never finished opening (the page stopped) is not opened again on its own', async ({ page }) => {
  const customers = await keepComma(page);
  // What a start-up that died while drawing the kept data leaves behind.
  await page.evaluate(() => localStorage.setItem('tierbook:kept-opening', '1'));
  await page.reload();
  const problem = page.getByTestId('kept-problem');
  await expect(problem).toContainText('did not finish opening last time');
  await expect(problem).toContainText('comma.csv');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  await problem.getByRole('button', { name: 'Try again' }).click();
  // Two loads in a row (the sample's, then the kept file's): give a busy machine time.
  await expect(page.getByTestId('customers')).toHaveText(customers, { timeout: 90_000 });
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: comma.csv');
  // The numbers show at once from the view kept beside the file; the load itself has finished when that note goes.
  await expect(page.getByTestId('kept-view')).toHaveCount(0, { timeout: 90_000 });
  await page.waitForFunction(() => localStorage.getItem('tierbook:kept-opening') === null);
  await page.reload();
  await expect(page.getByTestId('customers')).toHaveText(customers);
  await expect(page.getByTestId('kept-problem')).toHaveCount(0);
});
