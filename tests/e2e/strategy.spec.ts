// The strategy matrix and playbook in the page, held to the command line's export.
import { expect, test, type Download, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentFiles } from '../../src/node/segment';
import { parseCsvLine } from '../unit/harness';
import { engineReady } from './helpers/ready';

type Rows = Record<string, string>[];
const parse = (text: string): Rows => {
  const [head, ...lines] = text.trim().split('\n');
  const h = parseCsvLine(head);
  return lines.map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [h[i], v])));
};
const SAMPLE = (t: string) => `sample-data/${t}.csv`;

async function cliRows(config: object): Promise<Rows> {
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-e2e-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, ...config }));
  const out = join(dir, 'export.csv');
  await segmentFiles({ orders: SAMPLE('orders'), customers: SAMPLE('customers'), feedback: SAMPLE('feedback'), interactions: SAMPLE('interactions'), config: join(dir, 'config.json'), map: [], out });
  return parse(readFileSync(out, 'utf8'));
}
const text = async (d: Download) => Buffer.concat(await (await d.createReadStream()).toArray()).toString();
const download = async (page: Page, click: () => Promise<void>) => (await Promise.all([page.waitForEvent('download'), click()]))[0];

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await engineReady(page);
});

test('high-value at-risk customers: counted, listed, recounted with a threshold, handed over as a campaign list', async ({ page }) => {
  const matrix = page.getByRole('region', { name: 'Strategy matrix' });
  const count = (rows: Rows) => rows.filter((r) => r.value === 'high' && r.lifecycle === 'at_risk').length;
  const before = count(await cliRows({}));
  const cell = matrix.getByRole('button', { name: /^High value × At risk: / });
  await expect(cell).toHaveAccessibleName(`High value × At risk: ${before.toLocaleString('en-US')} customers`);
  await cell.click();
  await expect(matrix.getByTestId('cell-sentence')).toHaveText(`${before.toLocaleString('en-US')} High value × At risk customers get “Win-back call within 7 days”.`);
  await matrix.screenshot({ path: 'test-results/screens/matrix-en.png' });

  await page.getByLabel('At risk: inactive more than days (value)').fill('120');
  await page.getByLabel('At risk: inactive more than days (value)').press('Enter');
  const after = count(await cliRows({ lifecycle: { atRiskDays: 120 } }));
  expect(after).not.toBe(before);
  await expect(matrix.getByTestId('cell-sentence')).toHaveText(`${after.toLocaleString('en-US')} High value × At risk customers get “Win-back call within 7 days”.`);

  const list = matrix.getByRole('region', { name: 'Customers of High value × At risk' });
  await expect(list).toContainText(`of ${after.toLocaleString('en-US')}`);
  const campaign = parse(await text(await download(page, () => list.getByRole('button', { name: 'Download campaign list (CSV)' }).click())));
  expect(campaign).toHaveLength(after);
  expect(new Set(campaign.map((r) => `${r.value}|${r.lifecycle}|${r.strategy}|${r.strategy_key}`))).toEqual(new Set(['high|at_risk|Win-back call within 7 days|lifecycle.at_risk']));

  // Sorted by monetary, highest first, then searched by id.
  const first = campaign.sort((a, b) => Number(b.monetary) - Number(a.monetary))[0].customer_id;
  await expect(list.locator('tbody tr').first().locator('td').first()).toHaveText(first);
  await list.getByLabel('Search customer id').fill(first);
  await expect(list.locator('tbody tr')).toHaveCount(1);
});

test('change the row framework, re-assign a cell, export: the strategy column follows; titles switch language', async ({ page }) => {
  const matrix = page.getByRole('region', { name: 'Strategy matrix' });
  await matrix.getByLabel('Rows').selectOption('ladder');
  await expect(matrix.getByRole('rowheader', { name: 'Advocate' })).toBeVisible();
  await matrix.getByLabel('Strategy for Loyal × Loyal').selectOption('rfm.champions');
  const config = { strategy: { matrix: { rows: 'ladder', cols: 'lifecycle', cells: { 'loyal|loyal': 'rfm.champions' } } } };
  const cli = await cliRows(config);
  const page1 = parse(await text(await download(page, () => page.getByRole('button', { name: 'Export CSV' }).click())));
  expect(page1).toEqual(cli);
  const assigned = page1.filter((r) => r.ladder === 'loyal' && r.lifecycle === 'loyal');
  expect(assigned.length).toBeGreaterThan(0);
  expect(new Set(assigned.map((r) => r.strategy))).toEqual(new Set(['Reward and involve champions']));
  expect(page1.filter((r) => !(r.ladder === 'loyal' && r.lifecycle === 'loyal')).every((r) => r.strategy_key !== 'rfm.champions')).toBe(true);

  // The page in Chinese: titles switch; the export follows its own language setting.
  await page.getByRole('button', { name: 'Switch language' }).click();
  const zh = page.getByRole('region', { name: '策略矩阵' });
  await expect(zh.locator('td', { has: page.getByRole('button', { name: /^忠诚客户 × 忠诚期：/ }) })).toContainText('回馈并邀请参与');
  await zh.getByLabel('导出中的策略标题').selectOption('zh');
  const page2 = parse(await text(await download(page, () => page.getByRole('button', { name: '导出 CSV' }).click())));
  expect(new Set(page2.filter((r) => r.ladder === 'loyal' && r.lifecycle === 'loyal').map((r) => r.strategy))).toEqual(new Set(['回馈并邀请参与']));
  expect(page2).toEqual(await cliRows({ strategy: { ...config.strategy, exportLanguage: 'zh' } }));
  await zh.screenshot({ path: 'test-results/screens/matrix-zh.png' });
});

test('the playbook: edit a title, add a strategy, a missing translation is marked; presets set the RFM grid', async ({ page }) => {
  const playbook = page.getByRole('region', { name: 'Playbook' });
  await playbook.getByText('Value tiers').click();
  const high = playbook.locator('[data-strategy="value.high"]');
  await high.getByRole('button', { name: 'Edit' }).click();
  await high.getByLabel('Title (English)').fill('VIP desk within 24 hours');
  await high.getByLabel('Title (English)').press('Tab');
  await high.getByRole('button', { name: 'Done' }).click();
  await expect(high.locator('strong')).toHaveText('VIP desk within 24 hours');
  await expect(page.getByRole('region', { name: 'Strategy matrix' }).locator('td', { has: page.getByRole('button', { name: /^High value × Mature: / }) })).toContainText('VIP desk within 24 hours');

  await playbook.getByRole('button', { name: 'Add a strategy' }).click();
  const mine = page.locator('[data-strategy="custom.strategy_1"]');
  await mine.getByLabel('Title (English)').fill('Anniversary call');
  await mine.getByLabel('Title (English)').press('Tab');
  await expect(mine.locator('strong')).toHaveText('Anniversary call');
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(mine.locator('strong')).toHaveText('Anniversary call');
  await expect(mine.locator('abbr.fallback').first()).toHaveText('EN');
  await page.getByRole('button', { name: '切换语言' }).click();

  const matrix = page.getByRole('region', { name: 'Strategy matrix' });
  await matrix.getByRole('button', { name: 'Shopify-style 11' }).click();
  await expect(matrix.locator('tbody tr')).toHaveCount(13); // 11 groups, other (empty: the rules cover every score) and prospect
  await expect(matrix.getByRole('rowheader', { name: 'Previously loyal' })).toBeVisible();
  await matrix.getByRole('button', { name: 'Klaviyo-style 6' }).click();
  await expect(matrix.locator('tbody tr')).toHaveCount(8);
  await playbook.screenshot({ path: 'test-results/screens/playbook.png' });
});
