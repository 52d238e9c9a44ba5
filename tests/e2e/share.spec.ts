// Share and keep: config links, config and notebook files, autosave; every request same-origin.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { segmentFiles } from '../../src/node/segment';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineReady } from './helpers/ready';
import { addCell } from './helpers/add-cell';

const loyal = (page: Page) => page.getByLabel('Loyal: minimum purchases (value)', { exact: true });
const ready = (page: Page) => engineReady(page);
async function copyLink(page: Page): Promise<string> {
  await page.getByText('Share and save').click();
  await page.getByRole('button', { name: 'Copy config link' }).click();
  const link = await page.getByLabel('Config link').inputValue();
  await page.getByText('Share and save').click();
  return link;
}
/** A fresh page with a note cell and a moved threshold: a notebook worth keeping. */
async function withNoteAndThreshold(page: Page, note: string, loyalMin: string) {
  await page.goto('/');
  await ready(page);
  await addCell(page, 'note');
  await page.getByLabel('Note (markdown)').fill(note);
  await page.getByRole('region', { name: 'Note' }).getByRole('button', { name: 'OK' }).click();
  await loyal(page).fill(loyalMin);
  await loyal(page).press('Enter');
}
const ladderText = (page: Page) => page.getByRole('region', { name: 'Customer ladder' }).locator('p.sentence').textContent();
const matrixCount = (page: Page) => page.getByRole('region', { name: 'Strategy matrix' }).getByRole('button', { name: /^High value × At risk: / }).getAttribute('aria-label');

test('a config link reproduces the numbers in another browser; it is short', async ({ page, browser }) => {
  await page.goto('/');
  await ready(page);
  await loyal(page).fill('6');
  await loyal(page).press('Enter');
  await page.getByRole('region', { name: 'Strategy matrix' }).getByLabel('Strategy for High value × Mature').selectOption('rfm.champions');
  await ready(page);
  await page.getByRole('region', { name: 'Strategy matrix' }).scrollIntoViewIfNeeded();
  const link = await copyLink(page);
  // Copied from the header while scrolled down at the matrix: the notice is in sight, not at the page's top.
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  await expect(page.getByTestId('shared-link')).toBeInViewport();
  expect(link.length).toBeLessThan(1000);
  expect(new URL(link).hash).toMatch(/^#c2\./);
  const expected = [await ladderText(page), await matrixCount(page)];
  // Every cell mounted first (the cells below the first screen mount a few per frame: src/app/reveal.svelte.ts);
  // their text as in the DOM (innerText is empty for a cell off screen: cells are content-visibility: auto).
  const everyCell = async (p: Page) => {
    await expect(p.locator('.cell-pending')).toHaveCount(0);
    return p.locator('section.cell').allTextContents();
  };
  const cellsBefore = await everyCell(page);

  const other = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await other.goto(link);
  await ready(other);
  await expect(loyal(other)).toHaveValue('6');
  await expect(other.getByRole('status').filter({ hasText: 'Settings from the link are applied.' })).toBeVisible();
  expect([await ladderText(other), await matrixCount(other)]).toEqual(expected);
  // Every number in every cell: the same.
  expect(await everyCell(other)).toEqual(cellsBefore);
  await expect(other.getByRole('region', { name: 'Strategy matrix' }).getByLabel('Strategy for High value × Mature')).toHaveValue('rfm.champions');
  await other.context().close();

  // The banner never shows a stale link as copied: after another move it shows the new config's link
  // (the address bar's), to copy again.
  await expect(page.getByTestId('shared-link')).toContainText('Link copied');
  await loyal(page).fill('7');
  await loyal(page).press('Enter');
  await expect.poll(() => page.getByLabel('Config link').inputValue()).not.toBe(link);
  expect(await page.getByLabel('Config link').inputValue()).toBe(page.url());
  await expect(page.getByTestId('shared-link')).toContainText('Copy config link');

  // A reload of this page finds its own config's link in the address bar (above): the same config, no
  // notice of settings "from the link" (the tour of session 28 saw one on a page that never opened a link).
  await page.reload();
  await ready(page);
  await expect(loyal(page)).toHaveValue('7');
  expect(new URL(page.url()).hash).toMatch(/^#c2\./);
  await expect(page.getByText('Settings from the link are applied.')).toHaveCount(0);
});

test('a link with value tiers by predicted CLV says their horizon and discount, and shows the cell that sets them', async ({ page, browser }) => {
  // The tour of 2026-12-03: the receiver had tiers "ranked by predicted lifetime value" and no word of the
  // 500-day horizon behind them (a link carries the config, not the added Predicted value cell).
  await page.goto('/');
  await ready(page);
  await addCell(page, 'clv');
  const clv = page.getByRole('region', { name: 'Predicted value' });
  await clv.getByLabel('Prediction horizon (days) (value)', { exact: true }).fill('500');
  await clv.getByLabel('Prediction horizon (days) (value)', { exact: true }).press('Enter');
  await clv.getByLabel('Annual discount rate (value)', { exact: true }).fill('0.125');
  await clv.getByLabel('Annual discount rate (value)', { exact: true }).press('Enter');
  await page.getByLabel('Value: metric', { exact: true }).first().selectOption('predicted_clv');
  await ready(page);
  const link = await copyLink(page);

  const other = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await other.goto(link);
  await ready(other);
  const said = other.getByTestId('value-clv-horizon');
  await expect(said).toContainText('predicted over the next 500 days at a 12.5% annual discount');
  await expect(other.getByRole('region', { name: 'Predicted value' })).toHaveCount(0);
  await said.getByRole('button', { name: 'Show the Predicted value cell' }).click();
  const shown = other.getByRole('region', { name: 'Predicted value' });
  await expect(shown.getByLabel('Prediction horizon (days) (value)', { exact: true })).toHaveValue('500');
  // Brought to the user: in view, with focus in it (the button that added it is gone).
  await expect(shown).toBeInViewport();
  expect(await shown.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await expect(said.getByRole('button')).toHaveCount(0);
  await other.getByRole('button', { name: 'Switch language' }).click();
  await expect(said).toContainText('按未来 500 天的预测生命周期价值排序，年折现率 12.5%');
  await other.context().close();
});

test('a hostile or broken link changes nothing and says why', async ({ page }) => {
  await page.goto('/#c1.this-is-not-deflate');
  await ready(page);
  await expect(page.getByRole('alert')).toContainText('The link was refused, nothing changed: link is');
  await expect(loyal(page)).toHaveValue('4');
  // With data loaded: a link with a broken ordering arrives by hash change.
  await loyal(page).fill('5');
  await loyal(page).press('Enter');
  await ready(page);
  const before = await ladderText(page);
  await page.goto('/#c3.AAAA');
  await expect(page.getByRole('alert')).toContainText('link version c3 is not one this build reads');
  await expect(loyal(page)).toHaveValue('5');
  expect(await ladderText(page)).toBe(before);
});

test('reload keeps the notebook: cells, notes, config and language', async ({ page }) => {
  await withNoteAndThreshold(page, '**Kept** across reloads', '7');
  await page.getByRole('button', { name: 'Switch language' }).click();
  await ready(page);
  await page.reload();
  await expect(page.getByRole('region', { name: '笔记' }).locator('strong')).toHaveText('Kept');
  await expect(page.getByLabel('忠诚：最少购买次数（数值）', { exact: true })).toHaveValue('7');
});

test('notebook file: save, change everything, open it again: the same notebook', async ({ page }) => {
  await withNoteAndThreshold(page, 'Client review, Q3', '3');
  await page.getByText('Share and save').click();
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save notebook' }).click()]);
  const text = Buffer.concat(await (await saved.createReadStream()).toArray()).toString();
  expect(JSON.parse(text)).toMatchObject({ format: 'tierbook-notebook', version: 2, config: { version: 1, ladder: { loyalMinPurchases: 3 } }, lang: 'en' });

  await page.getByRole('button', { name: 'Remove: Note' }).click();
  await loyal(page).fill('8');
  await loyal(page).press('Enter');
  const file = join(mkdtempSync(join(tmpdir(), 'tierbook-nb-')), 'notebook.json');
  writeFileSync(file, text);
  await page.getByLabel('Open notebook').setInputFiles(file);
  await expect(page.getByRole('region', { name: 'Note' })).toContainText('Client review, Q3');
  await expect(loyal(page)).toHaveValue('3');
  await page.getByText('Share and save').click();
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save notebook' }).click()]);
  expect(Buffer.concat(await (await again.createReadStream()).toArray()).toString()).toBe(text);

  // A broken notebook file is refused whole.
  writeFileSync(file, JSON.stringify({ ...JSON.parse(text), cells: [{ id: 'x', kind: 'macro', collapsed: false }] }));
  await page.getByLabel('Open notebook').setInputFiles(file);
  await expect(page.getByRole('alert')).toContainText('The notebook file was refused, nothing changed: notebook.cells.0.kind');
  await expect(page.getByRole('region', { name: 'Note' })).toContainText('Client review, Q3');
});

test('config JSON: export, change, import back; an invalid one is refused naming the field', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.getByLabel('At risk: inactive more than days (value)').fill('150');
  await page.getByLabel('At risk: inactive more than days (value)').press('Enter');
  await page.getByText('Share and save').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export config (JSON)' }).click()]);
  const doc = JSON.parse(Buffer.concat(await (await dl.createReadStream()).toArray()).toString());
  expect(doc).toMatchObject({ version: 1, lifecycle: { atRiskDays: 150 }, strategy: { matrix: { rows: 'value' } } });
  await page.getByLabel('At risk: inactive more than days (value)').fill('200');
  await page.getByLabel('At risk: inactive more than days (value)').press('Enter');
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-cfg-'));
  writeFileSync(join(dir, 'good.json'), JSON.stringify(doc));
  await page.getByLabel('Import config (JSON)').setInputFiles(join(dir, 'good.json'));
  await expect(page.getByLabel('At risk: inactive more than days (value)')).toHaveValue('150');
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...doc, lifecycle: { ...doc.lifecycle, churnDays: 100 } }));
  // Imported while scrolled far down the notebook: the refusal is in the window, not at the top of the page.
  await page.locator('section.cell').last().scrollIntoViewIfNeeded();
  await page.getByLabel('Import config (JSON)').setInputFiles(join(dir, 'bad.json'));
  await expect(page.getByRole('alert')).toContainText('lifecycle.atRiskDays must be less than lifecycle.churnDays');
  await expect(page.getByTestId('refusal')).toBeInViewport();
  await expect(page.getByLabel('At risk: inactive more than days (value)')).toHaveValue('150');
});

test('every request during load, tune, export and share is same-origin', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.context().on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await ready(page);
  await loyal(page).fill('5');
  await loyal(page).press('Enter');
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  await copyLink(page);
  await page.getByRole('region', { name: 'Strategy matrix' }).getByRole('button', { name: /^High value × At risk: / }).click();
  await expect(page.getByTestId('cell-sentence')).toBeVisible();
  await expect(page.getByText('● Offline: no request leaves this machine')).toBeVisible();
  const origin = new URL(page.url()).origin;
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
  expect(requests.length).toBeGreaterThan(5);
  expect(foreign).toEqual([]);
});

test('loaded files are kept in the browser: a reload does not ask again; "Forget data" empties the storage', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.getByLabel('Open data files').setInputFiles('tests/fixtures/readers/comma.csv');
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).not.toHaveText('6,000');
  const customers = await page.getByTestId('customers').textContent();
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: comma.csv');
  await page.reload();
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser: comma.csv');
  await expect(page.getByTestId('customers')).toHaveText(customers!);
  const stored = () => page.evaluate(async () => {
    const names: string[] = [];
    for await (const [name] of (await navigator.storage.getDirectory()) as unknown as AsyncIterable<[string]>) names.push(name);
    return names;
  });
  expect(await stored()).toEqual(['tierbook-data']);
  await page.getByRole('button', { name: 'Forget data' }).click();
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  await expect(page.getByTestId('kept')).toHaveText('Bundled sample data');
  expect(await stored()).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('if the engine dies, the page says so, keeps the notebook and restarts it', async ({ page }) => {
  await withNoteAndThreshold(page, 'Still here', '5');
  await ready(page);
  const before = await ladderText(page);
  await page.evaluate(() => (window as never as { __tierbook: { engine: { api: { simulateCrash(): Promise<void> } } } }).__tierbook.engine.api.simulateCrash());
  await expect(page.getByRole('alert')).toContainText('The engine stopped');
  await expect(page.getByRole('alert')).toContainText('Your notebook is kept.');
  await expect(page.getByRole('region', { name: 'Note' })).toContainText('Still here');
  await page.getByRole('button', { name: 'Restart the engine' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await ready(page);
  await expect(loyal(page)).toHaveValue('5');
  expect(await ladderText(page)).toBe(before);
  await loyal(page).fill('6');
  await loyal(page).press('Enter');
  await ready(page);
  expect(await ladderText(page)).not.toBe(before);
});

test('the export bundle from the page is byte-identical to the command line\'s for the same data and config', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await loyal(page).fill('5');
  await loyal(page).press('Enter');
  await ready(page);
  await page.getByText('Share and save').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export bundle (CSV, config, SQL, load report)' }).click()]);
  expect(dl.suggestedFilename()).toBe('tierbook-export.zip');
  const fromPage = Buffer.concat(await (await dl.createReadStream()).toArray());
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-bundle-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, ladder: { loyalMinPurchases: 5 } }));
  const S = (t: string) => `sample-data/${t}.csv`;
  await segmentFiles({ orders: S('orders'), customers: S('customers'), feedback: S('feedback'), interactions: S('interactions'), config: join(dir, 'config.json'), map: [], out: join(dir, 'out.csv'), bundle: join(dir, 'out.zip') });
  const files = unzipSync(new Uint8Array(fromPage));
  const cli = unzipSync(new Uint8Array(readFileSync(join(dir, 'out.zip'))));
  expect(Object.keys(files)).toEqual(Object.keys(cli));
  for (const name of Object.keys(cli)) expect(strFromU8(files[name]), name).toBe(strFromU8(cli[name]));
  expect(fromPage.equals(readFileSync(join(dir, 'out.zip')))).toBe(true);
});
