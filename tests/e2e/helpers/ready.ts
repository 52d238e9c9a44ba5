// Waiting for the page as a user would before acting on numbers: the data is in DuckDB (not only the
// build-time snapshot the page draws while DuckDB starts, which can take a minute on a busy machine) and
// no answer is pending.
import { expect, type Page } from '@playwright/test';

export async function engineReady(page: Page, customers?: string): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __tierbook?: { hasData: boolean } }).__tierbook?.hasData, null, { timeout: 180_000 });
  if (customers) await expect(page.getByTestId('customers')).toHaveText(customers);
  else await expect(page.getByTestId('customers')).toBeVisible();
  await expect(page.locator('main')).not.toHaveClass(/updating/, { timeout: 60_000 });
}
