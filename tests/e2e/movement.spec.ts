// The Movement cell on the sample: the Loyal → At risk count (lifecycle, 90 days back) equals the labels
// of the export at the baseline date joined with those at as_of, computed here on native DuckDB; the cell's
// customers are listed and downloaded; a threshold move changes the matrix; zh too.
import { expect, test, type Download, type Page } from '@playwright/test';
import { defaultConfig } from '../../src/engine/config';
import { buildModel, labelsQuery, replayLabelsQuery, replayModel, resolveAsOf } from '../../src/engine/pipeline';
import { addDays } from '../../src/engine/time/periods';
import { openNodeDb } from '../../src/node/duckdb';
import { parseCsvLine } from '../unit/harness';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentFiles } from '../../src/node/segment';
import { engineReady } from './helpers/ready';
import { configOf, withSample } from './helpers/sample-db';
import { configToFragment } from '../../src/engine/config/link';
import { addCell } from './helpers/add-cell';

/** Customers lifecycle-loyal at `days` before as_of and at risk at as_of, under the config patch: SQL only. */
const sqlLoyalToAtRisk = (days: number, patch: object = {}) => sqlMove('lifecycle', 'loyal', 'at_risk', days, patch);

/** Customers holding `from` at `days` before as_of and `to` at as_of in a framework's column of the export. */
async function sqlMove(column: string, from: string, to: string, days: number, patch: object = {}): Promise<{ asOf: string; count: number }> {
  return withSample(async (db, mapping) => {
    const config = configOf(patch);
    const asOf = await resolveAsOf(db, config);
    const model = await buildModel(db, mapping, asOf);
    const replay = await replayModel(db, mapping, addDays(asOf, -days));
    return { asOf, count: await countMoves(db, replayLabelsQuery(config, replay), labelsQuery(config, model), column, from, to) };
  });
}

/** Customers holding `from` under one config and `to` under another, at the same as_of: SQL only. */
async function sqlConfigMove(column: string, from: string, to: string, pinned: object, current: object): Promise<number> {
  return withSample(async (db, mapping) => {
    const model = await buildModel(db, mapping, await resolveAsOf(db, configOf(current)));
    return countMoves(db, labelsQuery(configOf(pinned), model), labelsQuery(configOf(current), model), column, from, to);
  });
}

async function countMoves(db: Awaited<ReturnType<typeof openNodeDb>>, before: string, after: string, column: string, from: string, to: string): Promise<number> {
  const [{ n }] = await db.rows<{ n: number }>(`WITH b AS (${before}), c AS (${after})
    SELECT CAST(count(*) AS INTEGER) AS n FROM c JOIN b USING (customer_id) WHERE b.${column} = '${from}' AND c.${column} = '${to}'`);
  return Number(n);
}

const text = async (d: Download) => Buffer.concat(await (await d.createReadStream()).toArray()).toString();
const download = async (page: Page, click: () => Promise<void>) => (await Promise.all([page.waitForEvent('download'), click()]))[0];
const en = (n: number) => n.toLocaleString('en-US');

test('Loyal → At risk since 90 days back: counted as SQL counts it, listed, downloaded, moved by a threshold; in zh too', async ({ page }) => {
  const { asOf, count } = await sqlLoyalToAtRisk(90);
  expect(count).toBeGreaterThan(0);
  await page.goto('/');
  await engineReady(page);
  await addCell(page, 'movement');
  const cell = page.getByRole('region', { name: 'Movement', exact: true });
  // A new Movement cell shows the ladder, as a new Trend cell does; lifecycle is where Loyal → At risk is.
  await expect(cell.getByLabel('Framework')).toHaveValue('ladder');
  await expect(cell.getByRole('button', { name: 'SVG: movement-ladder' })).toBeVisible();
  await cell.getByLabel('Framework').selectOption('lifecycle');
  const base = addDays(asOf, -90);
  await expect(cell.getByLabel('Baseline date', { exact: true })).toHaveValue(base);
  const button = cell.getByRole('button', { name: /^Loyal → At risk: / });
  await expect(button).toHaveAccessibleName(`Loyal → At risk: ${en(count)} customers`);
  await expect(cell.getByTestId('movement-sentence')).toContainText(`customers of ${base} are`);
  await expect(cell.getByTestId('movement-totals')).toContainText('new since the baseline');
  // The baseline is built: no 'Building the baseline … step 3 of 3' left over the matrix by a late progress message.
  await page.waitForTimeout(1500);
  await expect(cell.getByRole('status').filter({ hasText: 'Building the baseline' })).toHaveCount(0);
  await expect(cell.locator('svg[aria-label="Movement: Lifecycle"] path[data-move="loyal>at_risk"]')).toHaveCount(1);

  await button.click();
  const list = cell.getByRole('region', { name: 'Customers of Loyal → At risk' });
  await expect(list.getByTestId('cell-sentence')).toHaveText(`Loyal → At risk: ${en(count)} customers`);
  await expect(list).toContainText(`of ${en(count)}`);
  await cell.screenshot({ path: 'test-results/screens/movement-en.png' });
  const csv = (await text(await download(page, () => list.getByRole('button', { name: 'Download campaign list (CSV)' }).click()))).trim().split('\n');
  const header = parseCsvLine(csv[0]);
  const rows = csv.slice(1).map((l) => parseCsvLine(l));
  expect(rows).toHaveLength(count);
  expect(new Set(rows.map((r) => `${r[header.indexOf('lifecycle_baseline')]}>${r[header.indexOf('lifecycle')]}`))).toEqual(new Set(['loyal>at_risk']));
  expect(new Set(rows.map((r) => r[header.indexOf('baseline_as_of')]))).toEqual(new Set([base]));

  // The movement table is the command line's --movement file, byte for byte.
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-e2e-'));
  await segmentFiles({ ...Object.fromEntries(['orders', 'customers', 'feedback', 'interactions'].map((t) => [t, `sample-data/${t}.csv`])), map: [], out: join(dir, 'export.csv'), baselineAsOf: base, movement: join(dir, 'movement.csv') });
  const file = await text(await download(page, () => cell.getByRole('button', { name: 'Download the movement table (CSV, all customers)' }).click()));
  expect(file).toBe(readFileSync(join(dir, 'movement.csv'), 'utf8'));
  expect(file).toContain(`lifecycle,loyal,at_risk,changed,${count}\n`);

  // A threshold move: fewer purchases make more customers lifecycle-loyal at the baseline.
  const moved = await sqlLoyalToAtRisk(90, { lifecycle: { ...defaultConfig().lifecycle, loyalMinPurchases: 2 } });
  expect(moved.count).not.toBe(count);
  await page.getByLabel('Lifecycle loyal: minimum purchases', { exact: true }).first().fill('2');
  await expect(button).toHaveAccessibleName(`Loyal → At risk: ${en(moved.count)} customers`);
  await expect(list.getByTestId('cell-sentence')).toHaveText(`Loyal → At risk: ${en(moved.count)} customers`);

  // Quick pick: a year back rebuilds the baseline.
  const year = await sqlLoyalToAtRisk(365, { lifecycle: { ...defaultConfig().lifecycle, loyalMinPurchases: 2 } });
  await cell.getByRole('button', { name: '365 days back' }).click();
  await expect(cell.getByLabel('Baseline date', { exact: true })).toHaveValue(addDays(asOf, -365));
  await expect(button).toHaveAccessibleName(`Loyal → At risk: ${en(year.count)} customers`);

  // The ladder: drag "Loyal: minimum purchases" and the Loyal → Loyal cell follows.
  await cell.getByLabel('Framework').selectOption('ladder');
  const patch = { lifecycle: { ...defaultConfig().lifecycle, loyalMinPurchases: 2 } };
  const loyal = cell.getByRole('button', { name: /^Loyal → Loyal: / });
  await expect(loyal).toHaveAccessibleName(`Loyal → Loyal: ${en((await sqlMove('ladder', 'loyal', 'loyal', 365, patch)).count)} customers`);
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).first().fill('6');
  const six = await sqlMove('ladder', 'loyal', 'loyal', 365, { ...patch, ladder: { ...defaultConfig().ladder, loyalMinPurchases: 6 } });
  await expect(loyal).toHaveAccessibleName(`Loyal → Loyal: ${en(six.count)} customers`);
  await cell.getByLabel('Framework').selectOption('lifecycle');

  await page.getByRole('button', { name: 'Switch language' }).click();
  const zh = page.getByRole('region', { name: '客户迁移', exact: true });
  await expect(zh.getByTestId('movement-sentence')).toBeVisible();
  await expect(zh.getByRole('button', { name: /^忠诚期 → 流失风险：/ })).toHaveAccessibleName(`忠诚期 → 流失风险：${year.count.toLocaleString('zh-CN')} 位客户`);
  await expect(zh.getByTestId('movement-totals')).toContainText(`自 ${addDays(asOf, -365)} 以来`);
  await zh.screenshot({ path: 'test-results/screens/movement-zh.png' });
});

test('a baseline not before as_of is said in the cell; movement between configs follows a threshold move', async ({ page }) => {
  const { asOf } = await sqlLoyalToAtRisk(90);
  await page.goto('/');
  await engineReady(page);
  await addCell(page, 'movement');
  const cell = page.getByRole('region', { name: 'Movement', exact: true });
  await expect(cell.getByTestId('movement-sentence')).toBeVisible();
  await cell.getByLabel('Baseline date', { exact: true }).fill(asOf);
  await cell.getByLabel('Baseline date', { exact: true }).dispatchEvent('change');
  await expect(cell.getByTestId('movement-problem')).toHaveText(`Baseline date (time.baselineAsOf) must be before the analysis date ${asOf}: pick an earlier date.`);
  await expect(cell.getByLabel('Baseline date', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Said in the page's language (the engine's own words are English).
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('region', { name: '客户迁移', exact: true }).getByTestId('movement-problem')).toHaveText(`「基准日期」（time.baselineAsOf）必须早于分析日期 ${asOf}：请选择更早的日期。`);
  await page.getByRole('button', { name: '切换语言' }).click();
  // The rest of the config applies.
  await expect(page.getByTestId('customers')).toHaveText('6,000');

  await cell.getByLabel('Framework').selectOption('lifecycle');
  await cell.getByLabel('Compare with').selectOption('configs');
  await cell.getByRole('button', { name: 'Pin current config' }).click();
  await expect(cell.getByTestId('movement-totals')).toHaveText(/^0 changed label against the pinned config; 6,000 stayed\.$/);
  await page.getByLabel('Lifecycle loyal: minimum purchases', { exact: true }).first().fill('2');
  await expect(cell.getByTestId('movement-sentence')).toContainText('Mature customers under the pinned config are Loyal under the current one.');
  // The matrix says what its rows are: the pinned config's labels, not a baseline date's.
  await expect(cell.locator('table.movement caption')).toHaveText('rows: label under the pinned config, columns: label under the current config');
  await cell.screenshot({ path: 'test-results/screens/movement-configs-en.png' });
  // The flow downloads like every chart: the file holds the headings, the labels and the band that moved.
  const svg = await text(await download(page, () => cell.getByRole('button', { name: 'SVG: movement-lifecycle' }).click()));
  expect(svg).toContain('pinned config');
  expect(svg).toContain('Loyal 1,');
  expect(svg).toMatch(/data-move="mature&gt;loyal"|data-move="mature>loyal"/);
});

test('the config of an opened link pinned: the cell names what differs, counts the moves as SQL does, and a reload keeps the pin', async ({ page }) => {
  const six = { lifecycle: { ...defaultConfig().lifecycle, loyalMinPurchases: 6 } };
  const two = { lifecycle: { ...defaultConfig().lifecycle, loyalMinPurchases: 2 } };
  const moved = await sqlConfigMove('lifecycle', 'mature', 'loyal', six, two);
  expect(moved).toBeGreaterThan(0);
  await page.goto(`/#${configToFragment(configOf(six))}`);
  await engineReady(page);
  await addCell(page, 'movement');
  const cell = page.getByRole('region', { name: 'Movement', exact: true });
  await cell.getByLabel('Compare with').selectOption('configs');
  await cell.getByRole('button', { name: "Pin the opened link's config" }).click();
  await expect(cell.getByTestId('pinned-from')).toHaveText('Pinned: the config of the link you opened. The pinned config equals the current one: move a threshold to see which customers it moves.');
  await page.getByLabel('Lifecycle loyal: minimum purchases', { exact: true }).first().fill('2');
  await expect(cell.getByTestId('pinned-from')).toHaveText('Pinned: the config of the link you opened. Differs from the current config in: lifecycle.loyalMinPurchases 6 → 2');
  await cell.getByLabel('Framework').selectOption('lifecycle');
  await expect(cell.getByRole('button', { name: /^Mature → Loyal: / })).toHaveAccessibleName(`Mature → Loyal: ${en(moved)} customers`);
  await cell.screenshot({ path: 'test-results/screens/movement-link-pinned-en.png' });

  // The pin is part of the notebook: after a reload it is pinned again, and counts the same moves; the link
  // in the address bar followed the config, so the reload keeps the threshold moved since the link was opened.
  await page.waitForTimeout(400); // the autosave is written 250 ms after the last change
  await page.reload();
  await engineReady(page);
  await expect(page.getByLabel('Lifecycle loyal: minimum purchases', { exact: true }).first()).toHaveValue('2');
  const again = page.getByRole('region', { name: 'Movement', exact: true });
  await expect(again.getByTestId('pinned-from')).toContainText("Pinned: the notebook's pinned config. Differs from the current config in: lifecycle.loyalMinPurchases 6 → 2");
  await expect(again.getByRole('button', { name: /^Mature → Loyal: / })).toHaveAccessibleName(`Mature → Loyal: ${en(moved)} customers`);
});

// A reload with the Movement cell kept (its baseline in the autosaved config): the early worker answers the
// first moves from the sample's baked columns, which hold no baseline, so the engine's answer to the same
// move must complete the cell. It used to say "updating…" until the next move (the tour of 2026-12-01).
test('after a reload the kept Movement cell shows its matrix, as before the reload', async ({ page }) => {
  const { count } = await sqlLoyalToAtRisk(90);
  await page.goto('/');
  await engineReady(page);
  await addCell(page, 'movement');
  const cell = page.getByRole('region', { name: 'Movement', exact: true });
  await cell.getByLabel('Framework').selectOption('lifecycle');
  const button = cell.getByRole('button', { name: /^Loyal → At risk: / });
  await expect(button).toHaveAccessibleName(`Loyal → At risk: ${en(count)} customers`);
  await page.waitForTimeout(1000); // the autosave
  await page.reload();
  await engineReady(page);
  await expect(cell.getByLabel('Framework')).toHaveValue('lifecycle');
  await expect(button).toHaveAccessibleName(`Loyal → At risk: ${en(count)} customers`, { timeout: 15_000 });
  await expect(cell.getByRole('status').filter({ hasText: /updating/i })).toHaveCount(0);
});
