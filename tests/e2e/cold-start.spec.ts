// The first move after the page opens is served before DuckDB-WASM is ready: the worker recounts the
// sample from its baked columns (workers/early.ts). DuckDB's wasm is held back here until the test lets
// it go, so only the early path can answer; afterwards the engine takes over with the same numbers and
// the config the user moved to.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { configToFragment } from '../../src/engine/config/link';
import { defaultConfig } from '../../src/engine/config';

/** Holds every request for DuckDB's wasm until the returned function is called. */
async function holdDuckdb(context: BrowserContext): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await context.route(/duckdb-(eh|mvp)-.*\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const duckdbReady = (page: Page) => page.evaluate(() => performance.getEntriesByName('tierbook:duckdb-ready').length > 0);
const rungs = (page: Page) => page.getByRole('region', { name: 'Customer ladder', exact: true }).getByTestId('rung-count').allTextContents();
const ladderChart = (page: Page) => page.locator('svg[aria-label="Customer ladder"]');

// Under the default config the sample's ladder is 576 · 2,209 · 1,893 · 1,021 · 301; loyal from 2
// purchases moves the active repeat buyers up: 576 · 2,209 · 1,174 · 1,572 · 469 (the engine's numbers,
// tests/unit/early-recount.test.ts).
const DEFAULT = ['576', '2209', '1893', '1021', '301'];
const LOYAL_FROM_2 = ['576', '2209', '1174', '1572', '469'];

test('the first move repaints the charts while DuckDB-WASM is still held back, and the engine then agrees', async ({ page, context }) => {
  const release = await holdDuckdb(context);
  await page.goto('/');
  await expect(ladderChart(page)).toBeVisible();
  expect(await rungs(page)).toEqual(DEFAULT);
  await expect(ladderChart(page)).toContainText('1,893');

  // A drag of the slider, as the bench does it: the input event of the range input.
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).evaluate((el: HTMLInputElement) => {
    el.value = '2';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect.poll(() => rungs(page)).toEqual(LOYAL_FROM_2);
  // The chart itself was redrawn with the new counts, and the sentence reads them.
  await expect(ladderChart(page)).toContainText('1,174');
  await expect(ladderChart(page)).not.toContainText('1,893');
  await expect(page.locator('main')).not.toHaveClass(/updating/);
  expect(await duckdbReady(page)).toBe(false);
  await expect(page.locator('.status')).toHaveText('Starting DuckDB… the charts already follow your changes; files, exports and SQL in a moment.');

  // A second cell: the value tiers' chart and note follow a share move (high: top 10 % of buyers).
  const value = page.getByRole('region', { name: 'Value tiers', exact: true });
  await expect(value.getByTestId('value-shares')).toContainText('got 20.0%');
  await expect(value.locator('svg[aria-label="Cumulative share of revenue"]')).toContainText('High value ≥ 1,306.49');
  await page.getByLabel('Value: high (value)', { exact: true }).fill('0.1');
  await page.getByLabel('Value: high (value)', { exact: true }).press('Enter');
  await expect(value.getByTestId('value-shares')).toContainText('got 10.0%');
  const pareto = value.locator('svg[aria-label="Cumulative share of revenue"]');
  await expect(pareto).toContainText('High value ≥ 2,422.64');
  await expect(pareto).not.toContainText('1,306.49');
  expect(await duckdbReady(page)).toBe(false);

  // DuckDB starts and loads the sample: the numbers stay, and the engine holds the config moved to.
  release();
  await page.waitForFunction(() => performance.getEntriesByName('tierbook:sample-loaded').length > 0, undefined, { timeout: 90_000 });
  expect(await rungs(page)).toEqual(LOYAL_FROM_2);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const lines = Buffer.concat(await (await dl.createReadStream()).toArray()).toString().trim().split('\n');
  const ladderAt = lines[0].split(',').indexOf('ladder');
  const count = (rung: string) => lines.slice(1).filter((l) => l.split(',')[ladderAt] === rung).length;
  expect(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'].map((r) => String(count(r)))).toEqual(LOYAL_FROM_2);
});

test('a config link opened at start is recounted before DuckDB-WASM is ready', async ({ page, context }) => {
  const release = await holdDuckdb(context);
  const config = defaultConfig();
  config.ladder.loyalMinPurchases = 2;
  await page.goto(`/#${configToFragment(config)}`);
  await expect(page.getByLabel('Loyal: minimum purchases (value)', { exact: true })).toHaveValue('2');
  await expect.poll(() => rungs(page)).toEqual(LOYAL_FROM_2);
  await expect(ladderChart(page)).toContainText('1,174');
  // Applied, and said so: not "will apply when the data is loaded" while the numbers already follow it.
  await expect(page.getByRole('status').filter({ hasText: 'Settings from the link are applied.' })).toBeVisible();
  expect(await duckdbReady(page)).toBe(false);
  release();
});

test('a link to another analysis date waits for the engine, visibly', async ({ page, context }) => {
  const release = await holdDuckdb(context);
  const config = defaultConfig();
  config.asOf = '2024-06-30';
  await page.goto(`/#${configToFragment(config)}`);
  await expect(ladderChart(page)).toBeVisible();
  // The baked snapshot (another date) is shown as updating until the engine has rebuilt the model.
  await expect(page.locator('main')).toHaveClass(/updating/);
  // A wait that lasts shows on every cell: its dot fades in (quick moves never show it, App.svelte).
  await expect(page.locator('main')).toHaveClass(/\bslow\b/);
  const dot = page.getByRole('region', { name: 'Customer ladder', exact: true }).locator('.updating-dot');
  await expect.poll(() => dot.evaluate((el) => Number(getComputedStyle(el).opacity))).toBeGreaterThan(0.5);
  await expect(page.getByRole('status').filter({ hasText: 'Settings from the link are kept and will apply when the data is loaded.' })).toBeVisible();
  release();
  await expect(page.locator('main')).not.toHaveClass(/updating/, { timeout: 90_000 });
  await expect(page.locator('main')).not.toHaveClass(/\bslow\b/);
  await expect.poll(() => dot.evaluate((el) => Number(getComputedStyle(el).opacity))).toBe(0);
  await expect(page.getByRole('status').filter({ hasText: 'Settings from the link are applied.' })).toBeVisible();
  expect(await rungs(page)).not.toEqual(DEFAULT);
});

test('the baked columns and the early worker are built files the service worker keeps for offline use', () => {
  const assets = readdirSync('dist/assets');
  const columns = assets.filter((f) => /^sample-columns-.*\.bin$/.test(f));
  const early = assets.filter((f) => /^early\.worker-.*\.js$/.test(f));
  expect(columns).toHaveLength(1);
  expect(early).toHaveLength(1);
  const precache = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(readFileSync('dist/sw.js', 'utf8'))![1]) as string[];
  expect(precache).toEqual(expect.arrayContaining([`./assets/${columns[0]}`, `./assets/${early[0]}`]));
});
