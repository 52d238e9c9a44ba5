import { readFile } from 'node:fs/promises';
import { openAndLoad } from './helpers/open';
import { engineReady } from './helpers/ready';
import { expect, test } from '@playwright/test';
import { addCell } from './helpers/add-cell';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await engineReady(page);
});

test('every default cell is there, each chart with an accessible title', async ({ page }) => {
  for (const name of ['Data', 'Customer ladder', 'Value tiers', 'Lifecycle', 'RFM segments', 'Engagement', 'Needs', 'Satisfaction', 'NPS', 'Dimensions', 'Strategy matrix', 'Playbook'])
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  await expect(page.locator('figure svg[aria-label]').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'NPS', exact: true })).toContainText(/NPS is [+-]?\d+/);
});

test('the language switches every piece of text, and the choice persists', async ({ page }) => {
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('region', { name: '客户阶梯' })).toBeVisible();
  await expect(page.getByRole('button', { name: '导出 CSV' })).toBeVisible();
  await expect(page.getByLabel('打开数据文件')).toBeAttached();
  await expect(page.getByRole('region', { name: '客户阶梯' })).toContainText('首次购买的客户中有');
  await page.reload();
  await expect(page.getByRole('region', { name: '客户阶梯' })).toBeVisible();
  await page.getByRole('button', { name: '切换语言' }).click();
  await expect(page.getByRole('region', { name: 'Customer ladder' })).toBeVisible();
});

test('cells can be added, moved, collapsed and removed', async ({ page }) => {
  const titles = () => page.locator('section.cell > .cell-head h2').allTextContents();
  await addCell(page, 'note');
  await expect(page.getByRole('region', { name: 'Note' })).toBeVisible();
  await page.getByLabel('Note (markdown)').fill('# Hello\n<img src=x onerror="window.pwned=1"> **bold**');
  await page.getByRole('region', { name: 'Note' }).getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('region', { name: 'Note' }).locator('strong')).toHaveText('bold');
  expect(await page.evaluate(() => (window as never as { pwned?: number }).pwned)).toBeUndefined();
  await expect(page.getByRole('region', { name: 'Note' }).locator('[onerror]')).toHaveCount(0);

  await page.getByRole('button', { name: 'Move up: Note' }).click();
  expect((await titles()).slice(-2)).toEqual(['Note', 'Playbook']);
  await page.getByRole('button', { name: 'Collapse: Value tiers' }).click();
  await expect(page.getByRole('region', { name: 'Value tiers' }).locator('svg')).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove: Note' }).click();
  await expect(page.getByRole('region', { name: 'Note' })).toHaveCount(0);
});

test('a chart downloads as PNG and as SVG', async ({ page }) => {
  const ladder = page.getByRole('region', { name: 'Customer ladder' });
  const [png] = await Promise.all([page.waitForEvent('download'), ladder.getByRole('button', { name: 'PNG: customer-ladder' }).click()]);
  expect(png.suggestedFilename()).toBe('customer-ladder.png');
  const pngBytes = await (await png.createReadStream()).toArray();
  expect(Buffer.concat(pngBytes).subarray(1, 4).toString()).toBe('PNG');
  const [svg] = await Promise.all([page.waitForEvent('download'), ladder.getByRole('button', { name: 'SVG: customer-ladder' }).click()]);
  expect(Buffer.concat(await (await svg.createReadStream()).toArray()).toString()).toContain('<svg');
});

test('Export CSV downloads the SPEC export', async ({ page }) => {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const text = Buffer.concat(await (await dl.createReadStream()).toArray()).toString();
  expect(text.split('\n')[0].startsWith('customer_id,purchases,monetary,recency_days,tenure_days,ladder,')).toBe(true);
  expect(text.trim().split('\n')).toHaveLength(6001);
});

for (const [w, h] of [[1280, 800], [1920, 1080]] as const)
  for (const lang of ['en', 'zh'] as const)
    test(`screenshot of the default notebook, ${lang}, ${w}x${h}`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      if (lang === 'zh') await page.getByRole('button', { name: 'Switch language' }).click();
      await expect(page.locator('figure svg').first()).toBeVisible();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `test-results/screens/notebook-${lang}-${w}x${h}.png`, fullPage: true });
    });

test('opening a file replaces the data, even when it has the name of the file before', async ({ page }) => {
  const orders = 'customer_id,order_date,amount\nA,2024-01-01,10\nA,2024-02-01,10\nB,2024-01-05,5\n';
  await openAndLoad(page, { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(orders) });
  await expect(page.getByTestId('customers')).toHaveText('2');
  await openAndLoad(page, { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(orders + 'C,2024-01-07,1\n') });
  await expect(page.getByTestId('customers')).toHaveText('3');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a dimension filter applies to every cell, and clears', async ({ page }) => {
  const dims = page.getByRole('region', { name: 'Dimensions' });
  await dims.getByLabel('Dimension', { exact: true }).selectOption('region');
  await dims.getByRole('button', { name: 'East China' }).click();
  await expect(page.getByRole('status')).toContainText('Filtered: region = East China');
  const filtered = Number((await page.getByTestId('customers').textContent())!.replace(/,/g, ''));
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(6000);
  const rungs = await page.locator('tr[data-rung] [data-testid="rung-count"]').allTextContents();
  expect(rungs.map(Number).reduce((a, b) => a + b, 0)).toBe(filtered);
  await page.getByRole('status').getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('a numeric dimension\'s bin filters every cell: age 18–25 counts the customers of that age', async ({ page }) => {
  // The sample's customers aged 18 to 24 (bins are half-open), counted from the file itself.
  const rows = (await readFile('sample-data/customers.csv', 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
  const want = rows.filter((r) => r[3] !== '' && Number(r[3]) >= 18 && Number(r[3]) < 25).length;
  await engineReady(page);
  const dims = page.getByRole('region', { name: 'Dimensions' });
  await dims.getByLabel('Dimension', { exact: true }).selectOption('age');
  await dims.getByRole('button', { name: '18–25', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Filtered: age = 18–25');
  await expect(page.getByTestId('customers')).toHaveText(want.toLocaleString('en-US'));
  const rungs = await page.locator('tr[data-rung] [data-testid="rung-count"]').allTextContents();
  expect(rungs.map((x) => Number(x.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(want);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Scrolled far down, the filter bar stays in sight right below the header (the English header wraps to
  // two lines at 1280 px; the bar was stuck under it, with its Clear button).
  await page.mouse.wheel(0, 4000);
  await page.waitForFunction(() => window.scrollY > 2000);
  const header = (await page.locator('header.top').boundingBox())!;
  const bar = (await page.getByRole('status').filter({ hasText: 'Filtered: age = 18–25' }).boundingBox())!;
  expect(bar.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
  expect(bar.y).toBeLessThan(header.y + header.height + 40);
  await page.getByRole('status').getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByTestId('customers')).toHaveText('6,000');
});

test('RFM rules are edited as a table; a bad key is refused with the field named', async ({ page }) => {
  const rfm = page.getByRole('region', { name: 'RFM segments' });
  await rfm.getByRole('button', { name: 'Rule 5: Move up' }).click(); // potential_loyalist above promising
  await expect(rfm.getByLabel('Rule 4: segment')).toHaveValue('potential_loyalist');
  await expect(rfm.getByRole('img').or(rfm.locator('svg[aria-label="RFM segments"]')).first()).toBeVisible();
  await rfm.getByLabel('Rule 1: segment').fill('Champions!');
  await rfm.getByLabel('Rule 1: segment').press('Tab');
  await expect(page.getByRole('alert')).toContainText('rfm.segments.0.name must be a snake_case key');
  await rfm.getByRole('button', { name: '↺ default order' }).click();
  await expect(rfm.getByLabel('Rule 5: segment')).toHaveValue('potential_loyalist');
});

test('a file opened while DuckDB is still starting wins over the bundled sample', async ({ page }) => {
  await page.goto('/');
  const orders = 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-05,5\n';
  await openAndLoad(page, { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(orders) });
  await expect(page.getByTestId('customers')).toHaveText('2');
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('customers')).toHaveText('2');
});

test('the SQL cell answers read-only questions, refuses changes, follows the config and can be cancelled', async ({ page }) => {
  await addCell(page, 'sql');
  const cell = page.getByRole('region', { name: 'SQL' });
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const table = cell.getByRole('table', { name: 'Query result' });
  await expect(table).toContainText('first_time');
  const loyalBefore = await table.locator('tr', { hasText: /^loyal/ }).locator('td').nth(1).textContent();
  // The quick chart is guessed (bars of customers by ladder), and can be switched to a line or off.
  await expect(cell.locator('svg[aria-label="customers × ladder"]')).toBeVisible();
  await expect(cell.locator('svg[aria-label="customers × ladder"] rect')).toHaveCount(5);
  await cell.getByLabel('Quick chart').selectOption('none');
  await expect(cell.locator('svg[aria-label="customers × ladder"]')).toHaveCount(0);
  await cell.getByLabel('Quick chart').selectOption('bar');
  await cell.screenshot({ path: 'test-results/screens/sql-cell.png' });

  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('8');
  await expect.poll(() => table.locator('tr', { hasText: /^loyal/ }).locator('td').nth(1).textContent()).not.toBe(loyalBefore);

  // Hostile text is refused in words before any of it runs; the export (read from DuckDB, not the page's
  // counts) is byte for byte what it was.
  const exported = async () => (await readFile(await (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]))[0].path())).toString('utf8');
  const before = await exported();
  expect(before.trim().split('\n')).toHaveLength(6001);
  for (const [text, said] of [
    ['SELECT 1 AS a) t; UPDATE tb_metrics SET monetary = 0; DELETE FROM tb_metrics WHERE idx % 2 = 0; SELECT * FROM (SELECT 1 AS a',
      'The SQL cell runs one SELECT or WITH query; this text has 4 statements, the 2nd is an UPDATE. Nothing was run.'],
    ['DROP TABLE tb_metrics', 'The SQL cell runs one SELECT or WITH query; this text is a DROP statement. Nothing was run.'],
    ['CREATE TABLE stg_orders AS SELECT 1', 'The SQL cell runs one SELECT or WITH query; this text is a CREATE statement. Nothing was run.'],
  ]) {
    await cell.getByLabel('SQL', { exact: true }).fill(text);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(cell.getByRole('alert')).toHaveText(said);
  }
  expect(await exported()).toBe(before);

  await cell.getByLabel('SQL', { exact: true }).fill('SELECT sum(i * i) AS s FROM range(20000000000) t(i)');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell.getByText('running…')).toBeVisible();
  await cell.getByRole('button', { name: 'Cancel' }).click();
  await expect(cell.getByText('cancelled')).toBeVisible();
});
