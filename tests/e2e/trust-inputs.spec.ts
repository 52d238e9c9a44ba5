// A value that breaks a rule is marked invalid in its box, with the rule in words, until corrected; the
// charts and the export keep the last valid config meanwhile.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

async function ready(page: Page) {
  await expect(page.getByTestId('customers')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Loading|Starting|加载|启动/ })).toHaveCount(0);
}
const exported = async (page: Page) => (await readFile(await (await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV|导出 CSV/ }).click()]))[0].path())).toString('utf8');
const lifecycleText = (page: Page) => page.getByRole('region', { name: /^(Lifecycle|客户生命周期)$/ }).locator('figure').textContent();

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
  const describedBy = await box.getAttribute('aria-describedby');
  await expect(page.locator(`#${describedBy}`)).toHaveText('At risk must be less than Churned (365)');
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

test('in Chinese the rule is said in Chinese', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.getByRole('button', { name: 'Switch language' }).click();
  const box = page.getByLabel('已流失：未购买超过天数 (value)');
  await box.fill('100');
  await box.press('Enter');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`#${await box.getAttribute('aria-describedby')}`)).toHaveText('「已流失」必须大于「流失风险」（180）');
});
