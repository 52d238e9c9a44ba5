// Issue 15's time cells in the page: the Trend cell's last point is the ladder cell's counts and follows a
// threshold move; an earlier date equals the command line's export run with that date as as_of.
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cliLadder, RUNGS } from './helpers/cli';
import { engineReady } from './helpers/ready';

const SCREENS = 'test-results/screens';
test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));

async function ladderCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rung of RUNGS) counts[rung] = Number(await page.locator(`tr[data-rung="${rung}"] [data-testid="rung-count"]`).textContent());
  return counts;
}

/** The trend table's row at `date` (the last row when none is given), as label → customers. */
async function trendRow(cell: Locator, date?: string): Promise<Record<string, number>> {
  const row = date ? cell.locator(`tr[data-date="${date}"]`) : cell.locator('tbody tr').last();
  const out: Record<string, number> = {};
  for (const td of await row.locator('td').all()) out[(await td.getAttribute('data-label'))!] = Number(await td.textContent());
  return out;
}

test('the Trend cell: last point = the ladder cell, follows a move, an earlier date = the CLI at that as_of; zh', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await engineReady(page, '6,000');
  await page.getByLabel('Add a cell').selectOption('trend');
  const trend = page.getByRole('region', { name: 'Trend' });
  await expect(trend.getByTestId('trend-table')).toBeAttached({ timeout: 120_000 });
  expect(await trendRow(trend)).toEqual(await ladderCounts(page));
  await expect(trend.getByTestId('trend-sentence')).toHaveText(/^Loyal customers (grew|fell) from [\d,]+ to [\d,]+ over \d+ months\.$/);

  // Hovering a date shows its counts.
  const svg = trend.locator('svg[aria-label^="Customer ladder"]').first();
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  const tip = trend.locator('[aria-label="tip"]').first();
  await svg.hover({ position: { x: box.width * 0.3, y: box.height * 0.6 } });
  await svg.hover({ position: { x: box.width * 0.6, y: box.height * 0.6 } });
  await expect.poll(() => tip.textContent()).toMatch(/\d{4}-\d{2}-\d{2}.*Prospect: [\d,]+.*Loyal: [\d,]+/);
  const dates = await trend.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-date')!));
  expect(dates.length).toBeGreaterThan(20);
  const mid = dates[Math.floor(dates.length / 2)];
  expect(await trendRow(trend, mid)).toEqual(await cliLadder({ asOf: mid }));

  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('6');
  const moved = await cliLadder({ ladder: { loyalMinPurchases: 6 } });
  await expect.poll(() => ladderCounts(page)).toEqual(moved);
  await expect.poll(() => trendRow(trend)).toEqual(moved);
  await expect(trend.getByTestId('trend-thresholds')).toContainText('Loyal: minimum purchases 6');
  expect(await trendRow(trend, mid)).toEqual(await cliLadder({ asOf: mid, ladder: { loyalMinPurchases: 6 } }));

  await trend.screenshot({ path: `${SCREENS}/trend-cell-en.png` });
  await trend.getByLabel('Chart').selectOption('lines');
  await trend.getByLabel('Period').selectOption('quarter');
  await expect.poll(async () => { const n = await trend.locator('tbody tr').count(); return n > 0 && n < dates.length / 2; }, { timeout: 120_000 }).toBe(true);
  expect(await trendRow(trend)).toEqual(moved);
  await trend.screenshot({ path: `${SCREENS}/trend-cell-lines-en.png` });

  await page.getByRole('button', { name: 'Switch language' }).click();
  const zh = page.getByRole('region', { name: '趋势' });
  await expect(zh.getByTestId('trend-sentence')).toHaveText(/^忠诚客户在 \d+ 个季度内从 [\d,]+ 位(增加|减少)到 [\d,]+ 位。$/);
  await zh.screenshot({ path: `${SCREENS}/trend-cell-zh.png` });
});
