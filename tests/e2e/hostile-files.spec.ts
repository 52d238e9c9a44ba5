// Hostile files opened as a user opens them: a cut .gz is refused by name and the data before it keeps
// answering; a file with malformed rows loads with each counted once, on its own line.
import { expect, test, type Page } from '@playwright/test';
import { cliLadder, RUNGS } from './helpers/cli';
import { openFiles } from './helpers/open';

const H = (name: string) => `tests/fixtures/hostile/${name}`;
const panel = (page: Page) => page.getByRole('region', { name: 'Map columns' });

async function pageLadder(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rung of RUNGS) counts[rung] = Number(await page.locator(`tr[data-rung="${rung}"] [data-testid="rung-count"]`).textContent());
  return counts;
}

test('a truncated .gz is refused by name and the sample still answers; malformed rows are counted once each', async ({ page }) => {
  test.setTimeout(400_000);
  await page.goto('/');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  // The engine has started and loaded the sample (slow on a busy machine): the data before the hostile files.
  await page.waitForFunction(() => performance.getEntriesByName('tierbook:sample-loaded').length > 0, null, { timeout: 240_000 });

  await openFiles(page, H('cut-mid-row.csv.gz'));
  await panel(page).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('alert').first()).toContainText('cut-mid-row.csv.gz: the gzip file is cut short: its compressed stream stops before its end, after 25,287 compressed bytes read');
  await expect(page.getByTestId('customers')).toHaveText('6,000');
  // The data before the refused file still answers a threshold move, as the command line does.
  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('6');
  await expect.poll(() => pageLadder(page)).toEqual(await cliLadder({ ladder: { loyalMinPurchases: 6 } }));

  await openFiles(page, H('malformed.csv'));
  // The refused file's panel stayed open for a correction: Load once the panel is the new file's.
  await expect(panel(page)).toContainText('malformed.csv');
  await expect(panel(page)).not.toContainText('cut-mid-row.csv.gz');
  await panel(page).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('customers')).toHaveText('2');
  const orders = page.getByRole('table', { name: 'Load report' }).locator('tr[data-table="orders"]');
  await expect(orders.locator('td').nth(1)).toHaveText('4');
  await expect(orders.locator('td').nth(2)).toHaveText('2');
  await expect(orders.locator('td').nth(3)).toHaveText(/malformed row .*: 2/);
  await page.getByText('Examples of rows not used: orders').click();
  const examples = page.getByRole('table', { name: 'Examples of rows not used: orders' });
  await expect(examples.locator('tbody tr td:first-child')).toHaveText(['3', '4']);
  await expect(examples.locator('tbody tr').first()).toContainText('B,2024-01-02,5,extra,more');
});
