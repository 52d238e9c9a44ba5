import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentFiles } from '../../src/node/segment';

const SAMPLE = ['orders', 'customers', 'feedback', 'interactions'].map((t) => `sample-data/${t}.csv`);
const RUNGS = ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];

async function cliLadder(extraConfig?: object): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-e2e-'));
  let config: string | undefined;
  if (extraConfig) {
    config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ version: 1, ...extraConfig }));
  }
  const out = join(dir, 'export.csv');
  await segmentFiles({ orders: SAMPLE[0], customers: SAMPLE[1], feedback: SAMPLE[2], interactions: SAMPLE[3], config, map: [], out });
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  const col = lines[0].split(',').indexOf('ladder');
  const counts: Record<string, number> = Object.fromEntries(RUNGS.map((r) => [r, 0]));
  for (const line of lines.slice(1)) counts[line.split(',')[col]]++;
  return counts;
}

async function pageLadder(page: import('@playwright/test').Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rung of RUNGS) counts[rung] = Number(await page.locator(`tr[data-rung="${rung}"] [data-testid="rung-count"]`).innerText());
  return counts;
}

test('the sample data loads through the worker and the ladder equals the command line', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Customer ladder' })).toBeVisible();
  expect(await pageLadder(page)).toEqual(await cliLadder());
  await expect(page.getByTestId('customers')).toHaveText('6000');

  await page.getByLabel('Loyal: minimum purchases').fill('6');
  const expected = await cliLadder({ ladder: { loyalMinPurchases: 6 } });
  await expect.poll(() => pageLadder(page)).toEqual(expected);

  const origin = new URL(page.url()).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});
