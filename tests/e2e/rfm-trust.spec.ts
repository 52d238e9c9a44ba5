// Issue 13, the RFM and value cells: ties and skew said in words, rules that never match flagged,
// explicit cuts typed in the cell giving the command line's counts, and links made before SPEC
// revision 2 opening with a notice. Expected numbers come from the command line on the same data.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { segmentFiles } from '../../src/node/segment';
import { configToFragment, docToFragment } from '../../src/engine/config/link';
import { defaultConfig } from '../../src/engine/config';
import { engineReady } from './helpers/ready';

const SCREENS = 'test-results/screens';

/** The command line on the sample, once: customers per value of each of `columns`. */
async function cli(columns: string[], config: object = {}): Promise<Record<string, Record<string, number>>> {
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-rfm-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 1, ...config }));
  const sample = (t: string) => `sample-data/${t}.csv`;
  await segmentFiles({ orders: sample('orders'), customers: sample('customers'), feedback: sample('feedback'), interactions: sample('interactions'), config: join(dir, 'config.json'), map: [], out: join(dir, 'out.csv') });
  const [header, ...lines] = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  const out: Record<string, Record<string, number>> = {};
  for (const c of columns) {
    const at = names.indexOf(c);
    out[c] = {};
    for (const line of lines) { const v = line.split(',')[at]; out[c][v] = (out[c][v] ?? 0) + 1; }
  }
  return out;
}
/** The data loaded by DuckDB (not only the baked first snapshot), and no move in flight. */
const ready = (page: Page) => engineReady(page);
const rfmCell = (page: Page) => page.getByRole('region', { name: 'RFM segments' });
const valueCell = (page: Page) => page.getByRole('region', { name: 'Value tiers' });
const pct = (x: number, digits: number) => `${(x * 100).toFixed(digits)}%`;

/** The customers printed on each bar of the RFM segments chart ("894 · 15%"), by segment key. */
async function barCounts(cell: Locator, keys: string[]): Promise<Record<string, number>> {
  const texts = await cell.locator('svg[aria-label="RFM segments"] g[aria-label="text"] text').allTextContents();
  expect(texts).toHaveLength(keys.length);
  return Object.fromEntries(keys.map((k, i) => [k, Number(texts[i].split(' · ')[0].replace(/,/g, ''))]));
}
const SEGMENTS = ['champions', 'loyal_customers', 'new_customers', 'promising', 'potential_loyalist', 'need_attention', 'about_to_sleep', 'cant_lose_them', 'at_risk', 'lost', 'other', 'prospect'];

test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));

test('the sample: F cuts tie and the RFM cell says so; value shares asked and got; both languages', async ({ page }) => {
  test.setTimeout(300_000); // two command-line runs and two languages
  const { ladder, rfm_segment, value } = await cli(['ladder', 'rfm_segment', 'value']);
  const buyers = 6000 - ladder.prospect;
  await page.goto('/');
  await ready(page);
  const rfm = rfmCell(page);
  // Every default segment holds customers, exactly the command line's (SPEC revision 2's order).
  expect(await barCounts(rfm, SEGMENTS)).toEqual(rfm_segment);
  await expect(rfm.getByText('purchases, quintiles of buyers at 20 · 40 · 60 · 80%:')).toBeVisible();
  await expect(rfm.getByTestId('rfm-score-note')).toHaveText(
    `F cuts 1 · 1 · 3 · 6: F = 2 cannot occur; ${pct(ladder.first_time / buyers, 0)} of buyers bought once.`,
  );
  const shares = valueCell(page).getByTestId('value-shares');
  await expect(shares).toHaveText(`Asked 20% / 30%, got ${pct(value.high / buyers, 1)} / ${pct(value.mid / buyers, 1)} of the ${buyers.toLocaleString('en-US')} buyers ranked by monetary.`);
  await rfm.screenshot({ path: `${SCREENS}/rfm-cell-en.png` });
  await valueCell(page).screenshot({ path: `${SCREENS}/value-cell-en.png` });

  // Ranked by purchases, most buyers tie at the cuts: the shares got are far from those asked.
  await valueCell(page).getByLabel('Value: metric').selectOption('purchases');
  await ready(page);
  const byPurchases = (await cli(['value'], { value: { metric: 'purchases' } })).value;
  await expect(shares).toHaveText(`Asked 20% / 30%, got ${pct(byPurchases.high / buyers, 1)} / ${pct(byPurchases.mid / buyers, 1)} of the ${buyers.toLocaleString('en-US')} buyers ranked by purchases: ties at the cut.`);
  await valueCell(page).screenshot({ path: `${SCREENS}/value-cell-ties-en.png` });

  await page.getByRole('button', { name: 'Switch language' }).click();
  await ready(page);
  const rfmZh = page.getByRole('region', { name: 'RFM 分群' });
  await expect(rfmZh.getByTestId('rfm-score-note')).toHaveText(`F 切分点 1 · 1 · 3 · 6：F = 2 不可能出现；${pct(ladder.first_time / buyers, 0)} 的买家购买过 1 次。`);
  await expect(page.getByRole('region', { name: '客户价值' }).getByTestId('value-shares')).toContainText('切分点处有并列值');
  await rfmZh.screenshot({ path: `${SCREENS}/rfm-cell-zh.png` });
  await page.getByRole('region', { name: '客户价值' }).screenshot({ path: `${SCREENS}/value-cell-zh.png` });
});

test('a rule moved below a wider one is flagged: never matches, covered by that rule', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const rfm = rfmCell(page);
  const reach = rfm.getByTestId('rule-reach');
  expect((await reach.allTextContents()).every((t) => t === '')).toBe(true);
  await rfm.getByRole('button', { name: 'Rule 5: Move up' }).click(); // potential_loyalist (r 3–5, f 1–3, m 1–3) above promising (r 3–4, f 1, m 1)
  await expect(rfm.getByLabel('Rule 4: segment')).toHaveValue('potential_loyalist');
  await expect(reach.nth(4)).toHaveText('never matches: covered by rule 4');
  await expect(reach.nth(3)).toHaveText('');
  // And it holds nobody: its bar says 0.
  await expect(rfm.locator('svg[aria-label="RFM segments"] g[aria-label="text"] text').nth(4)).toHaveText(/^0 · 0%$/);
  // Widen promising's R to 2–4: r 2 is not covered, so it can match again.
  await rfm.getByLabel('Rule 5: R from').fill('2');
  await rfm.getByLabel('Rule 5: R from').press('Tab');
  await expect(reach.nth(4)).toHaveText('');
});

test('explicit RFM cuts typed in the cell: a wrong box is named and changes nothing; right ones give the command line\'s counts', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const rfm = rfmCell(page);
  const before = await barCounts(rfm, SEGMENTS);
  await rfm.getByLabel('RFM cuts').selectOption('explicit');
  await ready(page);
  // Starting from the quintile cuts in force: the same counts.
  await expect(rfm.getByLabel('F cut 4')).toHaveValue('6');
  expect(await barCounts(rfm, SEGMENTS)).toEqual(before);

  const box = rfm.getByLabel('F cut 3');
  await box.fill('0');
  await box.press('Tab');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  const message = page.locator(`#${await box.getAttribute('aria-describedby')}`);
  await expect(message).toHaveText('F cut 3 must not be less than F cut 2 (1)');
  await rfm.locator('fieldset.rfm-cuts').screenshot({ path: `${SCREENS}/rfm-cuts-invalid-en.png` });
  await ready(page);
  expect(await barCounts(rfm, SEGMENTS)).toEqual(before);

  const cuts = { r: [30, 90, 180, 365], f: [1, 2, 4, 8], m: [100, 250, 500, 1000] };
  for (const s of ['r', 'f', 'm'] as const)
    for (let i = 0; i < 4; i++) {
      await rfm.getByLabel(`${s.toUpperCase()} cut ${i + 1}`).fill(String(cuts[s][i]));
      await rfm.getByLabel(`${s.toUpperCase()} cut ${i + 1}`).press('Tab');
    }
  await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  await ready(page);
  await expect(rfm.getByText('purchases, your cuts:')).toBeVisible();
  const want = (await cli(['rfm_segment'], { rfm: { cuts } })).rfm_segment;
  await expect.poll(() => barCounts(rfm, SEGMENTS)).toEqual(Object.fromEntries(SEGMENTS.map((k) => [k, want[k] ?? 0])));
  await rfm.screenshot({ path: `${SCREENS}/rfm-cell-explicit-cuts-en.png` });

  // Back to quintiles: the sample's counts again.
  await rfm.getByLabel('RFM cuts').selectOption('quintiles');
  await ready(page);
  await expect.poll(() => barCounts(rfm, SEGMENTS)).toEqual(before);
});

test('a link made before SPEC revision 2 (#c1.) opens with a notice; a #c2. link does not', async ({ page, browser }) => {
  test.setTimeout(300_000); // two browsers start DuckDB
  const old = `/#${docToFragment({ version: 1, ladder: { loyalMinPurchases: 6 } }, 'c1')}`;
  await page.goto(old);
  await ready(page);
  const notice = page.getByTestId('rfm-order-notice');
  await expect(notice).toContainText('This link was made before the default RFM segment order changed; segments now match SPEC revision 2');
  await expect(page.getByLabel('Loyal: minimum purchases (value)', { exact: true })).toHaveValue('6');
  await page.screenshot({ path: `${SCREENS}/old-link-notice-en.png` });
  // Keeping the earlier order writes revision 1's list: three rules can never match again, and say so.
  await notice.getByRole('button', { name: 'Keep the earlier order' }).click();
  await ready(page);
  await expect(notice).toHaveCount(0);
  const rfm = rfmCell(page);
  await expect(rfm.getByLabel('Rule 3: segment')).toHaveValue('potential_loyalist');
  await expect(rfm.getByTestId('rule-reach').nth(3)).toHaveText('never matches: covered by rule 3');
  await expect(rfm.getByTestId('rule-reach').nth(8)).toHaveText('never matches: covered by rule 8');

  const other = await (await browser.newContext({ baseURL: test.info().project.use.baseURL })).newPage();
  await other.goto(`/#${configToFragment({ ...defaultConfig(), ladder: { ...defaultConfig().ladder, loyalMinPurchases: 6 } })}`);
  await ready(other);
  await expect(other.getByRole('status').filter({ hasText: 'Settings from the link are applied.' })).toBeVisible();
  await expect(other.getByTestId('rfm-order-notice')).toHaveCount(0);
  await other.context().close();
});

test('a notebook saved before SPEC revision 2 opens with a notice; saved again, it opens without', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-rfm-'));
  const doc = { format: 'tierbook-notebook', version: 1, config: { version: 1, ladder: { loyalMinPurchases: 5 } }, cells: [{ id: 'rfm', kind: 'rfm', collapsed: false }], lang: 'en', mapping: [] };
  writeFileSync(join(dir, 'old.json'), JSON.stringify(doc));
  await page.getByLabel('Open notebook').setInputFiles(join(dir, 'old.json'));
  await expect(page.getByTestId('rfm-order-notice')).toContainText('This notebook was saved before the default RFM segment order changed');
  writeFileSync(join(dir, 'new.json'), JSON.stringify({ ...doc, version: 2 }));
  await page.getByLabel('Open notebook').setInputFiles(join(dir, 'new.json'));
  await expect(page.getByRole('status').filter({ hasText: 'Notebook opened.' })).toBeVisible();
  await expect(page.getByTestId('rfm-order-notice')).toHaveCount(0);

  // The next file is refused: said, naming the field, and the earlier "Notebook opened" is taken down.
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...doc, format: 'something-else' }));
  await page.getByLabel('Open notebook').setInputFiles(join(dir, 'bad.json'));
  await expect(page.getByText('The notebook file was refused, nothing changed: notebook.format must be "tierbook-notebook"')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Notebook opened.' })).toHaveCount(0);
});

test('NPS by a dimension shows the NPS score of each value, over those who answered', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const dims = page.getByRole('region', { name: 'Dimensions' });
  await dims.getByLabel('Framework', { exact: true }).selectOption('nps');
  await dims.getByLabel('Dimension', { exact: true }).selectOption('region');
  await expect(dims.locator('svg[aria-label="NPS score × region"]')).toBeVisible();
  await expect(dims.locator('p.sentence')).toHaveText(/^NPS is highest in .+: [+-]?\d+ \([\d,]+ answered\), and lowest in .+: [+-]?\d+ \([\d,]+ answered\)\.$/);
  await expect(dims.locator('svg[aria-label="NPS score × region"]')).not.toContainText('No answer');
});
