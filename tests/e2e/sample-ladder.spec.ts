import { expect, test, type Page } from '@playwright/test';
import { cliLadder, RUNGS } from './helpers/cli';

async function pageLadder(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rung of RUNGS) counts[rung] = Number(await page.locator(`tr[data-rung="${rung}"] [data-testid="rung-count"]`).textContent());
  return counts;
}

test('the sample data loads through the worker and the ladder equals the command line, before and after a slider move', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await expect(page.locator('svg[aria-label="Customer ladder"]')).toBeVisible();
  expect(await pageLadder(page)).toEqual(await cliLadder());
  await expect(page.getByTestId('customers')).toHaveText('6,000');

  const slider = page.getByLabel('Loyal: minimum purchases', { exact: true });
  await slider.fill('6');
  const expected = await cliLadder({ ladder: { loyalMinPurchases: 6 } });
  await expect.poll(() => pageLadder(page)).toEqual(expected);

  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});
