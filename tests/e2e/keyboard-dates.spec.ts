// Found in a newcomer's tour (2026-12-02): a date typed digit by digit was applied at every digit (years
// 0002, 0020, 0202, then 2024) and a five-digit year was shown while another date stayed in force without a
// word; browsing "+ Add a cell" with the arrow keys added cells; the file buttons were out of the Tab order.
import { expect, test, type Page } from '@playwright/test';
import { defaultCells } from '../../src/app/notebook';
import { engineReady } from './helpers/ready';

const cells = (page: Page) => page.locator('section.cell');
/** Every default cell is on the page (they mount a few per frame after the first chart). */
async function allCells(page: Page): Promise<number> {
  await expect(page.locator('section.cell[data-cell="playbook"]')).toBeAttached();
  return cells(page).count();
}

test('a date typed digit by digit applies once, on Enter; a five-digit year is refused, named, and the date before stays', async ({ page }) => {
  await page.goto('/');
  await engineReady(page);
  const shown = page.getByTestId('as-of');
  const before = (await shown.textContent())!;
  const box = page.locator('#as-of');
  await box.focus(); // the month first (en-US: mm/dd/yyyy)
  await page.keyboard.type('06152024', { delay: 30 });
  // While typing, nothing applies: every partial year would have been a date (0002-06-15, …).
  await page.waitForTimeout(300);
  await engineReady(page); // had a date been applied, its answer would be on screen now
  await expect(shown).toHaveText(before);
  await page.keyboard.press('Enter');
  await expect(shown).toHaveText('2024-06-15');
  await engineReady(page);

  await box.focus();
  await page.keyboard.type('06152024', { delay: 30 });
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  // The box holds what was typed (a year of five or more digits), named in the words.
  const typed = await box.inputValue();
  expect(typed).toMatch(/^\d{5,6}-06-15$/);
  await expect(page.locator('#as-of-problem')).toHaveText(`Analysis date: ${typed} is not a date of the form YYYY-MM-DD (a year from 1000 to 9999); the date before stays`);
  await expect(shown).toHaveText('2024-06-15');
  // Said again in Chinese after a switch.
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.locator('#as-of-problem')).toHaveText(`「分析日期」：${typed} 不是 YYYY-MM-DD 格式的日期（年份 1000 至 9999），仍使用之前的日期`);
  await page.getByRole('button', { name: '切换语言' }).click();
  // A whole date picked again applies and clears the mark.
  await box.fill('2024-07-01');
  await expect(shown).toHaveText('2024-07-01');
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#as-of-problem')).toHaveCount(0);
});

test('"+ Add a cell" is a menu: arrow keys add nothing, Enter on a kind adds it and focus goes to the new cell', async ({ page }) => {
  await page.goto('/');
  await engineReady(page);
  const n = await allCells(page);
  expect(n).toBe(defaultCells().length);
  const add = page.locator('details.add-cell > summary');
  await add.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(cells(page)).toHaveCount(n);
  await page.keyboard.press('Enter');
  const movement = page.getByRole('group', { name: 'Add a cell' }).getByRole('button', { name: 'Movement', exact: true });
  await expect(movement).toBeVisible();
  await movement.focus();
  await page.keyboard.press('Enter');
  await expect(cells(page)).toHaveCount(n + 1);
  await expect(cells(page).last()).toHaveAttribute('data-cell', 'movement');
  await expect(movement).toBeHidden(); // the menu closed
  expect(await page.evaluate(() => document.activeElement?.closest('section.cell')?.getAttribute('data-cell'))).toBe('movement');
});

test('the file buttons are in the Tab order: Open data files, and in Share and save, Import config and Open notebook', async ({ page }) => {
  await page.goto('/');
  await engineReady(page);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');
  const reach = async (label: string) => {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if ((await focused()) === label) return true;
    }
    return false;
  };
  await page.locator('body').focus();
  expect(await reach('Open data files')).toBe(true);
  await page.getByText('Share and save').click();
  await page.getByRole('button', { name: 'Copy config link' }).focus();
  expect(await reach('Import config (JSON)')).toBe(true);
  expect(await reach('Open notebook')).toBe(true);
});
