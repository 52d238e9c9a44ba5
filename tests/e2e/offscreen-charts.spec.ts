// A threshold move repaints the charts on screen within its frame; a chart off screen catches up once the
// moves rest (Chart.svelte, CATCH_UP_MS), without being scrolled to, and has nothing left to draw when it
// comes into view. Its download always shows the move.
import { expect, test } from '@playwright/test';
import { engineReady } from './helpers/ready';

test('a chart off screen catches up with a move once the moves rest, without being scrolled to', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await engineReady(page, '6,000');
  const breakdown = page.getByRole('region', { name: 'Dimensions', exact: true }).locator('figure.chart').first();
  await expect(breakdown.locator('svg').first()).toBeAttached();
  await page.evaluate(() => window.scrollTo(0, 0));
  // The Dimensions cell is well below the first screen (and the observer's margin).
  expect(await breakdown.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(800 + 400);
  // Everything the chart drew (its legend and its plot), as markup.
  const drawn = () => breakdown.evaluate((figure) => figure.firstElementChild!.innerHTML);
  const before = await drawn();
  const ladder = page.getByRole('region', { name: 'Customer ladder', exact: true }).locator('svg[aria-label="Customer ladder"]');
  const ladderBefore = await ladder.evaluate((svg) => svg.outerHTML);

  await page.getByLabel('Loyal: minimum purchases', { exact: true }).fill('6');
  await expect.poll(() => ladder.evaluate((svg) => svg.outerHTML)).not.toBe(ladderBefore);
  await expect.poll(drawn, { timeout: 10_000 }).not.toBe(before);
  const after = await drawn();
  expect(await breakdown.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(800);

  await breakdown.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  expect(await drawn()).toBe(after);
  // And it is the chart a fresh page draws for the same config (not a half-way state).
  const link = await page.evaluate(() => (window as unknown as { __tierbook: { documents: { link(): string } } }).__tierbook.documents.link());
  expect(link).toContain('#');
  const fresh = await page.context().newPage();
  await fresh.setViewportSize({ width: 1280, height: 800 });
  await fresh.goto(link);
  await engineReady(fresh, '6,000');
  const freshBreakdown = fresh.getByRole('region', { name: 'Dimensions', exact: true }).locator('figure.chart').first();
  await freshBreakdown.scrollIntoViewIfNeeded();
  await expect.poll(() => freshBreakdown.evaluate((figure) => figure.firstElementChild!.innerHTML)).toBe(after);
});

// A cell's asks of the worker after a move (its breakdown, trend, what changed) wait the same way while the
// cell is off screen: a drag then costs the worker and the page nothing for it. Read from the marks' own
// times (the ask, and the move's snapshot drawn), not from how soon the test looks.
test('a cell off screen asks the worker once the moves rest; on screen, at once', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await engineReady(page, '6,000');
  const cell = page.getByRole('region', { name: 'Dimensions', exact: true });
  await expect(cell.locator('figure.chart svg').first()).toBeAttached();
  const loyal = page.getByLabel('Loyal: minimum purchases', { exact: true });
  /** After a move: how long after its snapshot was drawn the Dimensions cell asked (ms; negative: before). */
  const askDelay = async (value: string) => {
    await page.evaluate(() => { performance.clearMarks('tierbook:ask:dimensions'); performance.clearMarks('tierbook:drawn'); });
    await loyal.fill(value);
    const marks = () => page.evaluate(() => ({
      ask: performance.getEntriesByName('tierbook:ask:dimensions').map((m) => m.startTime),
      drawn: performance.getEntriesByName('tierbook:drawn').map((m) => m.startTime),
    }));
    await expect.poll(async () => { const m = await marks(); return m.ask.length > 0 && m.drawn.length > 0; }, { timeout: 10_000 }).toBe(true);
    await page.waitForTimeout(600);
    const m = await marks();
    expect(m.ask).toHaveLength(1); // one move, one ask
    return m.ask[0] - m.drawn[m.drawn.length - 1];
  };

  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await cell.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(800 + 400);
  expect(await askDelay('6')).toBeGreaterThan(150); // CATCH_UP_MS (250) after the move's answer

  await cell.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  expect(await askDelay('5')).toBeLessThan(100); // with the move's answer
});
