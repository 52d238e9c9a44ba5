// Issue 15's time cells in the page: the Trend cell's last point is the ladder cell's counts and follows a
// threshold move; an earlier date equals the command line's export run with that date as as_of.
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cliLadder, RUNGS } from './helpers/cli';
import { engineReady } from './helpers/ready';
import { DuckDBInstance } from '@duckdb/node-api';
import { addCell } from './helpers/add-cell';

/** Independent SQL over the sample's raw orders file (a plain DuckDB, not the engine's tables or SQL modules). */
async function sampleSql<T>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    // The file's malformed dates and amounts are left out, as the load report says the engine does.
    await c.run(`CREATE TABLE o AS SELECT * FROM (SELECT trim(customer_id) AS customer_id, CAST(TRY_CAST(order_date AS TIMESTAMP) AS DATE) AS day, TRY_CAST(amount AS DECIMAL(18,2)) AS amount FROM read_csv('sample-data/orders.csv', header = true, all_varchar = true)) WHERE customer_id <> '' AND day IS NOT NULL AND amount IS NOT NULL`);
    return (await (await c.runAndReadAll(sql)).getRowObjectsJS()) as T[];
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

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
  await addCell(page, 'trend');
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

test('the Cohort and What-changed cells: a cohort size and the current window revenue equal SQL over the raw file; zh', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await engineReady(page, '6,000');
  const asOf = (await page.evaluate(() => (window as unknown as { __tierbook: { snapshot: { asOf: string } } }).__tierbook.snapshot.asOf));
  await addCell(page, 'cohorts');
  const cohorts = page.getByRole('region', { name: 'Cohorts' });
  await expect(cohorts.getByTestId('cohort-table')).toBeAttached({ timeout: 60_000 });
  const first = (await cohorts.locator('tbody tr').first().getAttribute('data-cohort'))!;
  const size = Number(await cohorts.locator(`tr[data-cohort="${first}"] [data-testid="cohort-size"]`).textContent());
  const [want] = await sampleSql<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM (SELECT customer_id, min(day) AS f FROM o WHERE amount > 0 AND day < DATE '${asOf}' GROUP BY 1) WHERE date_trunc('month', f) = DATE '${first}'`);
  expect(size).toBe(Number(want.n));
  await expect(cohorts.getByTestId('cohort-sentence')).toContainText('bought again 1 period later');
  await cohorts.screenshot({ path: `${SCREENS}/cohorts-cell-en.png` });

  await addCell(page, 'whatChanged');
  const changed = page.getByRole('region', { name: 'What changed' });
  await expect(changed.getByTestId('what-changed-all')).toBeAttached({ timeout: 60_000 });
  await expect(changed.getByRole('button', { name: '90 days back' })).toHaveAttribute('aria-pressed', 'true');
  const currentCell = changed.locator('tr[data-factor="revenue"] td').nth(1);
  const current = Number(await currentCell.getAttribute('data-value'));
  // Shown for reading (grouped, 2 places); the exact value stays in data-value and the CSV.
  await expect(currentCell).toHaveText(current.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const [rev] = await sampleSql<{ r: string }>(`SELECT CAST(sum(amount) AS VARCHAR) AS r FROM o WHERE day >= DATE '${asOf}' - INTERVAL 90 DAY AND day < DATE '${asOf}'`);
  expect(current).toBeCloseTo(Number(rev.r), 2);
  await expect(changed.getByTestId('what-changed-sentence')).toHaveText(/^Revenue (rose|fell) by [\d,.]+; the largest contributor is (buyers|purchases per buyer|revenue per purchase)\.$/);
  // The windows' dates end the day before as_of: the sentence names the analysis date the rest of the page shows.
  const day = '\\d{4}-\\d{2}-\\d{2}';
  await expect(changed.getByTestId('what-changed-windows')).toHaveText(new RegExp(`^Revenue of ${day} to ${day} against ${day} to ${day} \\(two windows of 90 days; the second ends the day before the analysis date ${asOf}\\)\\.$`));
  await changed.screenshot({ path: `${SCREENS}/what-changed-cell-en.png` });
  // A baseline not before as_of is said in the cell; the last good numbers stay.
  await changed.getByLabel('Baseline date').fill(asOf);
  await expect(changed.getByTestId('baseline-not-before')).toHaveText(`Baseline date (time.baselineAsOf) must be before the analysis date ${asOf}: pick an earlier date.`);
  await expect(changed.getByLabel('Baseline date')).toHaveAttribute('aria-invalid', 'true');
  await expect(changed.getByTestId('what-changed-all')).toBeAttached();
  await changed.getByRole('button', { name: '90 days back' }).click();

  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('region', { name: '变化拆解' }).getByTestId('what-changed-sentence')).toHaveText(/^收入(增加了|减少了) [\d,.]+；贡献最大的是/);
  await expect(page.getByRole('region', { name: '变化拆解' }).getByTestId('what-changed-windows')).toContainText(`（两个窗口各 90 天，后者截至分析日期 ${asOf} 的前一天）。`);
  await page.getByRole('region', { name: '同期群' }).screenshot({ path: `${SCREENS}/cohorts-cell-zh.png` });
  await page.getByRole('region', { name: '变化拆解' }).screenshot({ path: `${SCREENS}/what-changed-cell-zh.png` });
});
