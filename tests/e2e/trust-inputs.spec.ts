// A value that breaks a rule is marked invalid in its box, with the rule in words, until corrected; the
// charts and the export keep the last valid config meanwhile.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { engineReady } from './helpers/ready';
import { addCell } from './helpers/add-cell';

const ready = (page: Page) => engineReady(page);
const exported = async (page: Page) => (await readFile(await (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV|导出 CSV/ }).click()]))[0].path())).toString('utf8');
const lifecycleText = (page: Page) => page.getByRole('region', { name: /^(Lifecycle|客户生命周期)$/ }).locator('figure.chart').first().textContent();

test('at risk typed above churned: marked invalid, named, the charts and the export keep the valid config; corrected, it applies', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const box = page.getByLabel('At risk: inactive more than days (value)');
  const before = { chart: await lifecycleText(page), csv: await exported(page) };
  await box.fill('400');
  await box.press('Enter');
  await box.blur();
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveValue('400');
  const describedBy = (await box.getAttribute('aria-describedby'))!.split(' ');
  await expect(page.locator(`#${describedBy[0]}`)).toHaveText('At risk must be less than Churned (365)');
  // The box is also described by the parameter's definition (shown on hover and focus of its "?").
  await expect(page.locator(`#${describedBy[1]}`)).toHaveText('At risk: no purchase for more than this many days (recency above it).');
  expect(await lifecycleText(page)).toBe(before.chart);
  expect(await exported(page)).toBe(before.csv);
  // Moving Churned above 400 makes the typed value hold: it applies, and the mark goes.
  const churn = page.getByLabel('Churned: inactive more than days (value)');
  await churn.fill('500');
  await churn.press('Enter');
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveValue('400');
  await expect.poll(() => lifecycleText(page)).not.toBe(before.chart);
  const csv = await exported(page);
  expect(csv).not.toBe(before.csv);
});

// A count typed with a fraction used to be rounded and applied without a word (the tour of 2026-12-01).
test('a fraction typed where a count is wanted is marked invalid and named, not rounded', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const ladder = page.getByRole('region', { name: 'Customer ladder', exact: true });
  const box = ladder.getByLabel('Loyal: minimum purchases (value)');
  const before = await ladder.locator('figure.chart').first().textContent();
  // The message under the box does not push the fields after it aside (the tour of 2026-12-03).
  const next = ladder.getByLabel('Loyal: active within days (value)');
  const placed = await next.boundingBox();
  await box.fill('2.5');
  await box.press('Enter');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveValue('2.5');
  expect((await next.boundingBox())?.x).toBe(placed?.x);
  await expect(page.locator(`#${(await box.getAttribute('aria-describedby'))!.split(' ')[0]}`)).toHaveText('Loyal: minimum purchases must be a whole number');
  await expect(ladder.getByLabel('Loyal: minimum purchases', { exact: true })).toHaveValue('4');
  expect(await ladder.locator('figure.chart').first().textContent()).toBe(before);
  // A valid value beyond the slider's usual range (2–30): applied, and the slider says it too.
  await box.fill('40');
  await box.press('Enter');
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await expect(ladder.getByLabel('Loyal: minimum purchases', { exact: true })).toHaveValue('40');
  // Dragged back down with the pointer, the widened track holds still under the thumb: a quarter of the way
  // along it is a quarter of 2–40, not a value that shrinks with every step of the drag.
  const slider = ladder.getByLabel('Loyal: minimum purchases', { exact: true });
  const track = (await slider.boundingBox())!;
  const y = track.y + track.height / 2;
  await page.mouse.move(track.x + track.width - 4, y);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width * 0.25, y, { steps: 12 });
  await page.mouse.up();
  const dragged = Number(await slider.inputValue());
  expect(dragged).toBeGreaterThanOrEqual(10);
  expect(dragged).toBeLessThanOrEqual(13);
});

test('in Chinese the rule is said in Chinese', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.getByRole('button', { name: 'Switch language' }).click();
  // The page's language follows, and stays after a reload (it used to go back to "en" there).
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const box = page.getByLabel('已流失：未购买超过天数（数值）');
  await box.fill('100');
  await box.press('Enter');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`#${(await box.getAttribute('aria-describedby'))!.split(' ')[0]}`)).toHaveText('「已流失」必须大于「流失风险」（180）');
  await page.reload();
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByLabel('已流失：未购买超过天数（数值）')).toBeVisible();
});

test("an SQL cell from the user's own autosave answers at once after a reload; one from an opened notebook file waits for Run, and says so", async ({ page, browser }) => {
  await page.goto('/');
  await ready(page);
  await addCell(page, 'sql');
  const cell = page.getByRole('region', { name: 'SQL' });
  await cell.getByLabel('SQL', { exact: true }).fill('SELECT count(*) AS n FROM customers');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const result = cell.getByRole('table', { name: 'Query result' });
  await expect(result).toContainText('6,000');
  await page.reload();
  await ready(page);
  await expect(page.getByRole('region', { name: 'SQL' }).getByRole('table', { name: 'Query result' })).toContainText('6,000');

  await page.getByText('Share and save').click();
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save notebook' }).click()]);
  const other = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await other.goto('/');
  await ready(other);
  await other.getByLabel('Open notebook').setInputFiles(await saved.path());
  const opened = other.getByRole('region', { name: 'SQL' });
  await expect(opened.getByRole('status')).toHaveText('This query came with an opened notebook file: it runs only when you press Run (it may be heavy, or not what it seems).');
  await other.waitForTimeout(1500);
  await expect(opened.getByRole('table', { name: 'Query result' })).toHaveCount(0);
  // It still waits after a reload (the autosave keeps that it was never run here).
  await other.reload();
  await ready(other);
  await expect(other.getByRole('region', { name: 'SQL' }).getByRole('status')).toBeVisible();
  await other.getByRole('region', { name: 'SQL' }).getByRole('button', { name: 'Run', exact: true }).click();
  await expect(other.getByRole('region', { name: 'SQL' }).getByRole('table', { name: 'Query result' })).toContainText('6,000');
  await expect(other.getByRole('region', { name: 'SQL' }).getByRole('status')).toHaveCount(0);
});

test('the mapping panel: opened while scrolled down it comes into view; ids and amounts are not dates; unused columns say how to use them', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.mouse.wheel(0, 6000);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(2000);
  const csv = 'CustomerID,InvoiceDate,Amount,城市\n17850,2024-03-05,45356,上海\n13047,2024-03-06,45400,北京\n12583,2024-03-07,45390,上海\n';
  await page.getByLabel('Open data files').setInputFiles({ name: 'orders-city.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const panel = page.getByRole('region', { name: 'Map columns' });
  await expect(panel).toBeInViewport();
  await expect(panel.getByTestId('detected-types').locator('th')).toHaveText(['text', 'date YYYY-MM-DD', 'number', 'text']);
  await expect(panel.getByTestId('unused-columns')).toHaveText('Not used: 城市 — a customer attribute such as a city belongs in a customers file (one row per customer, with its id); or map a column to channel or category');
});

test('editing the English text of a strategy marks the Chinese as possibly out of date until edited or confirmed', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const playbook = page.getByRole('region', { name: 'Playbook' });
  await playbook.getByText('Value tiers').click();
  const high = playbook.locator('[data-strategy="value.high"]');
  await high.getByRole('button', { name: 'Edit' }).click();
  await high.getByLabel('Title (English)').fill('VIP desk within 24 hours');
  await high.getByLabel('Title (English)').press('Tab');
  const notice = high.getByRole('status');
  await expect(notice).toHaveText(/^May be out of date: the English text was edited after this one\./);
  await high.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('region', { name: '策略手册' }).locator('[data-strategy="value.high"] .stale')).toHaveText('· 可能已过时');
  await page.reload();
  await ready(page);
  await page.getByRole('region', { name: '策略手册' }).getByText('客户价值').click();
  await expect(page.getByRole('region', { name: '策略手册' }).locator('[data-strategy="value.high"] .stale')).toHaveText('· 可能已过时');
  const card = page.locator('[data-strategy="value.high"]');
  await card.getByRole('button', { name: '编辑' }).click();
  await card.getByRole('button', { name: '确认译文' }).click();
  await expect(card.locator('.stale')).toHaveCount(0);
});

test('words: an error banner follows the language, also after a switch; the RFM rules table has no raw keys for buttons', async ({ page }) => {
  // A link cut short: refused with a banner that names why, in English.
  await page.goto('/#c2.AAAA');
  await ready(page);
  const banner = page.getByTestId('refusal').locator('span');
  await expect(banner).toHaveText('The link was refused, nothing changed: link is truncated or corrupted (it does not decompress)');
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(banner).toHaveText('链接无效，未做任何更改：链接被截断或已损坏（无法解压）');
  // A config refused for a rule: the field is named by its rule name, the reason in Chinese.
  const config = JSON.stringify({ version: 1, lifecycle: { atRiskDays: 400, churnDays: 365 } });
  await page.getByText('分享与保存', { exact: true }).click();
  await page.getByLabel('导入配置（JSON）').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(config) });
  await expect(banner).toHaveText('配置文件无效，未做任何更改：「流失风险」(lifecycle.atRiskDays) 必须小于 「已流失」(lifecycle.churnDays)');
  // The RFM rules table: its buttons and labels are words, in Chinese.
  const rfm = page.getByRole('region', { name: 'RFM 分群' });
  await expect(rfm.getByRole('button', { name: '+ 添加规则' })).toBeVisible();
  // Dismissed, the refusal goes; the engine's answers never hid it before.
  await page.getByTestId('refusal').getByRole('button', { name: '关闭' }).click();
  await expect(page.getByTestId('refusal')).toHaveCount(0);
  await expect(rfm.getByLabel('规则 1：分群')).toHaveValue('champions');
  const buttons = await rfm.getByRole('button').allTextContents();
  expect(buttons.filter((t) => /[a-z]+_[a-z]+|RFM segments/.test(t))).toEqual([]);
});
