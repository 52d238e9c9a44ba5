// Adding a cell as a user does: open the "+ Add a cell" menu, press the kind's button (English page).
import type { Page } from '@playwright/test';
import { en } from '../../../src/app/i18n/en';

export async function addCell(page: Page, kind: keyof typeof en.kinds): Promise<void> {
  await page.locator('details.add-cell > summary').click();
  await page.getByRole('group', { name: en.app.addCell }).getByRole('button', { name: en.kinds[kind], exact: true }).click();
}
