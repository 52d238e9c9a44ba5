// What a newcomer must be able to trust in the page (issue 13): a cell never shows another dataset's
// numbers, a filter left from other data is cleared with a notice, the Dimensions cell's settings survive a
// link, a notebook and a reload, the Share menu closes, and CSV exports say which customers they hold
// (filtered or all, plain or for Excel) and equal the command line's, byte for byte.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { inflateSync, strFromU8 } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fragmentToConfig } from '../../src/engine/config/link';
import { segmentFiles } from '../../src/node/segment';
import { openAndLoad } from './helpers/open';
import { parse } from 'csv-parse/sync';
import { engineReady } from './helpers/ready';

// Loading the sample takes a while on a machine shared with other test runs.
test.setTimeout(300_000);

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
/** A second dataset: five customers, one attribute (城市), C5's city missing, C4 never bought. */
const SECOND = [
  csv('orders.csv', 'customer_id,order_date,amount\nC1,2024-01-05,10\nC1,2024-02-05,20\nC2,2024-01-10,15\nC3,2024-03-01,7\nC5,2024-02-01,3\nC5,2024-03-02,4\n'),
  csv('customers.csv', 'customer_id,城市\nC1,上海\nC2,北京\nC3,上海\nC4,广州\nC5,\n'),
];
/** Its ladder by 城市 (values in byte order, then missing): counted by hand. */
const SECOND_LADDER_BY_CITY = [
  'prospect 0 0 1 0',
  'first_time 1 1 0 0',
  'repeat 1 0 0 1',
  'loyal 0 0 0 0',
  'advocate 0 0 0 0',
];

const ready = (page: Page, customers = '6,000') => engineReady(page, customers);
const dims = (page: Page) => page.getByRole('region', { name: 'Dimensions' });
/** The breakdown's counts as the cell holds them: one line per label, its counts per value then missing. */
async function breakdownRows(cell: Locator): Promise<string[]> {
  const rows = cell.getByTestId('breakdown-counts').locator('tbody tr');
  return rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-label'), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)].join(' ')));
}
const header = (cell: Locator) => cell.getByTestId('breakdown-counts').locator('thead th').allTextContents();

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), bytes: Buffer.concat(await (await dl.createReadStream()).toArray()) };
}

test('new data: every cell shows this data or says why not; a filter left from the old data is cleared with a notice', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  // The sample: a channel filter on, the Dimensions cell by channel.
  await dims(page).getByLabel('Dimension', { exact: true }).selectOption('channel');
  await dims(page).getByRole('button', { name: 'web', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Filtered: channel = web' })).toBeVisible();
  await expect(dims(page).getByTestId('breakdown-counts')).toContainText('web');

  await openAndLoad(page, SECOND);
  await ready(page, '5');
  // No red banner about the old filter's dimension: a notice, in words, naming what was cleared.
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('filter-cleared')).toHaveText(/^The filter channel = web was cleared: new data was loaded, and every cell now counts all its customers\./);
  await expect(page.locator('.filter-on')).toHaveCount(0);
  // The Dimensions cell: this data's dimension and numbers, and why the chosen one is not shown.
  await expect(dims(page).getByLabel('Dimension', { exact: true })).toHaveValue('城市');
  await expect(dims(page).getByTestId('dimension-missing')).toHaveText('This data has no “channel”: showing “城市”.');
  expect(await header(dims(page))).toEqual(['', '上海', '北京', '广州', '(missing)']);
  await expect.poll(() => breakdownRows(dims(page))).toEqual(SECOND_LADDER_BY_CITY);
  await expect(dims(page).locator('svg[aria-label="Customer ladder × 城市"]')).toBeVisible();
  // The notice follows the language.
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByTestId('filter-cleared')).toHaveText(/^筛选 channel = web 已清除：已加载新数据，所有单元现在统计全部客户。/);
  await page.getByRole('button', { name: '切换语言' }).click();

  // After a reload (the data kept in the browser, once the page says so): the same numbers, not a blank cell.
  await expect(page.getByTestId('kept')).toContainText('Kept in this browser');
  await page.reload();
  await ready(page, '5');
  await expect(dims(page).getByLabel('Dimension', { exact: true })).toHaveValue('城市');
  await expect.poll(() => breakdownRows(dims(page))).toEqual(SECOND_LADDER_BY_CITY);

  // Data without customer attributes: the cell says why it has nothing to show, and shows nothing old.
  await openAndLoad(page, 'tests/fixtures/readers/comma.csv');
  await ready(page, '3');
  await expect(dims(page).getByTestId('no-dimensions')).toHaveText('This data has no customer attributes: open a customers file, or map a channel column.');
  await expect(dims(page).locator('figure, table')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the Dimensions cell keeps its settings in a link, a saved notebook and a reload; the Share menu closes', async ({ page, browser }) => {
  await page.goto('/');
  await ready(page);
  const cell = dims(page);
  await cell.getByLabel('Framework', { exact: true }).selectOption('rfm');
  await cell.getByLabel('Bars', { exact: true }).selectOption('stacked');
  await cell.getByLabel('Bin edges').fill('20, 40, 60');
  await cell.getByLabel('Bin edges').press('Enter');
  await expect.poll(() => header(cell)).toEqual(['', '< 20', '20–40', '40–60', '≥ 60', '(missing)']);
  const rowsBefore = await breakdownRows(cell);
  expect(rowsBefore[0].startsWith('champions ')).toBe(true);

  // The Share menu: closed after an action, by Escape, and by a press outside it.
  const menu = page.locator('details.share');
  await page.getByText('Share and save').click();
  await expect(menu).toHaveAttribute('open', '');
  await page.keyboard.press('Escape');
  await expect(menu).not.toHaveAttribute('open');
  await page.getByText('Share and save').click();
  await page.locator('h1').click();
  await expect(menu).not.toHaveAttribute('open');
  await page.getByText('Share and save').click();
  const saved = await download(page, () => page.getByRole('button', { name: 'Save notebook' }).click());
  await expect(menu).not.toHaveAttribute('open');
  // The notebook carries every setting of the cell, the dimension's name included.
  const nb = JSON.parse(saved.bytes.toString('utf8'));
  expect(nb.cells.find((c: { kind: string }) => c.kind === 'dimensions').dimensions).toEqual({ framework: 'rfm', mode: 'stacked', dimension: 'age', edges: [20, 40, 60] });

  await page.getByText('Share and save').click();
  await page.getByRole('button', { name: 'Copy config link' }).click();
  await expect(menu).not.toHaveAttribute('open');
  const link = await page.getByLabel('Config link').inputValue();
  // The link carries the framework, the bar mode and the typed edges; never a column name.
  const opened = fragmentToConfig(new URL(link).hash);
  expect(opened).toMatchObject({ ok: true, view: { dimensions: { framework: 'rfm', mode: 'stacked', edges: [20, 40, 60] } } });
  const raw = strFromU8(inflateSync(Buffer.from(new URL(link).hash.replace(/^#c\d+\./, ''), 'base64url')));
  expect(JSON.parse(raw).view).toEqual({ dimensions: { framework: 'rfm', mode: 'stacked', edges: [20, 40, 60] } });
  expect(raw).not.toContain('"age"');

  // A fresh browser opening the link: the same view of the same numbers.
  const other = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await other.goto(link);
  await ready(other);
  await expect(dims(other).getByLabel('Framework', { exact: true })).toHaveValue('rfm');
  await expect(dims(other).getByLabel('Bars', { exact: true })).toHaveValue('stacked');
  await expect(dims(other).getByLabel('Bin edges')).toHaveValue('20, 40, 60');
  await expect.poll(() => breakdownRows(dims(other))).toEqual(rowsBefore);
  await other.context().close();

  // A reload: the autosaved notebook keeps them.
  await page.reload();
  await ready(page);
  await expect(dims(page).getByLabel('Framework', { exact: true })).toHaveValue('rfm');
  await expect(dims(page).getByLabel('Bars', { exact: true })).toHaveValue('stacked');
  await expect.poll(() => breakdownRows(dims(page))).toEqual(rowsBefore);
});

test('Export CSV under a filter: filtered or all, named; for Excel with a byte-order mark; each equal to the command line\'s', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await dims(page).getByLabel('Dimension', { exact: true }).selectOption('region');
  await dims(page).getByRole('button', { name: 'East China', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Filtered: region = East China' })).toBeVisible();
  await dims(page).getByRole('button', { name: 'Northwest', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Filtered: region = East China, Northwest' })).toBeVisible();
  await expect(page.locator('main')).not.toHaveClass(/updating/);
  const kept = (await page.getByTestId('customers').textContent())!;

  // The command line on the same data, and its export filtered here, independently, by its region column.
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-trust-'));
  const S = (t: string) => `sample-data/${t}.csv`;
  const files = { orders: S('orders'), customers: S('customers'), feedback: S('feedback'), interactions: S('interactions'), map: [] };
  await segmentFiles({ ...files, out: join(dir, 'all.csv') });
  await segmentFiles({ ...files, out: join(dir, 'bom.csv'), bom: true });
  const cliAll = readFileSync(join(dir, 'all.csv'));
  const lines = cliAll.toString('utf8').trimEnd().split('\n');
  const records = parse(cliAll) as string[][];
  expect(records.length).toBe(lines.length);
  const region = records[0].indexOf('region');
  const cliFiltered = [lines[0], ...lines.slice(1).filter((_, i) => ['East China', 'Northwest'].includes(records[i + 1][region]))].join('\n') + '\n';
  expect(cliFiltered.split('\n').length - 2).toBe(Number(kept.replace(/,/g, '')));

  const exportButton = page.getByRole('button', { name: 'Export CSV' });
  await exportButton.click();
  const choice = page.getByRole('group', { name: 'Export which customers?' });
  await expect(choice.getByRole('button')).toHaveText([`Filtered (${kept} customers)`, 'All (6,000 customers)']);
  const filtered = await download(page, () => choice.getByRole('button', { name: /^Filtered/ }).click());
  expect(filtered.name).toBe('tierbook-customers-region=East_China+Northwest.csv');
  expect(filtered.bytes.toString('utf8')).toBe(cliFiltered);
  await expect(choice).toHaveCount(0);
  await exportButton.click();
  const all = await download(page, () => choice.getByRole('button', { name: /^All/ }).click());
  expect(all.name).toBe('tierbook-customers.csv');
  expect(all.bytes.equals(cliAll)).toBe(true);
  // Escape closes the choice without exporting.
  await exportButton.click();
  await expect(choice).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(choice).toHaveCount(0);

  // A segment's list under the filter: the segment's filtered customers, and the name says so.
  const ladder = page.getByRole('region', { name: 'Customer ladder' });
  await ladder.getByLabel('Export this segment: Customer ladder').selectOption('loyal');
  const loyal = await download(page, () => ladder.getByRole('button', { name: 'Export this segment' }).click());
  expect(loyal.name).toBe('tierbook-ladder-loyal-region=East_China+Northwest.csv');
  const loyalCount = await ladder.locator('tr[data-rung="loyal"] [data-testid="rung-count"]').textContent();
  expect(loyal.bytes.toString('utf8').trimEnd().split('\n').length - 1).toBe(Number(loyalCount));

  // For Excel: the same bytes after EF BB BF, equal to the command line's --bom; the choice is remembered.
  await page.getByLabel('CSV for Excel').check();
  await exportButton.click();
  const excel = await download(page, () => choice.getByRole('button', { name: /^All/ }).click());
  expect(excel.bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
  expect(excel.bytes.subarray(3).equals(all.bytes)).toBe(true);
  expect(excel.bytes.equals(readFileSync(join(dir, 'bom.csv')))).toBe(true);
  await page.reload();
  await ready(page);
  await expect(page.getByLabel('CSV for Excel')).toBeChecked();
  const again = await download(page, () => exportButton.click());
  expect(again.bytes.equals(readFileSync(join(dir, 'bom.csv')))).toBe(true);
});
