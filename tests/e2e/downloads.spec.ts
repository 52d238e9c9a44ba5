// Chart downloads are the whole chart as shown: every chart of every default cell and the Dimensions
// chart, as SVG (title, legend, axes, every mark and label, nothing outside the picture) and as PNG (the
// rendered size times the device pixel ratio). The files are kept in test-results/downloads/ to look at.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineReady } from './helpers/ready';
import { IMAGE_MARGIN } from '../../src/app/chart-image';

const CHARTS = ['customer-ladder', 'value-tiers', 'value-pareto', 'lifecycle', 'recency', 'rfm-heatmap', 'rfm-segments', 'engagement', 'needs', 'satisfaction', 'nps', 'breakdown'];
const OUT = 'test-results/downloads';
const DPR = 2;

test.use({ deviceScaleFactor: DPR });
// Two dozen downloads on a machine shared with other test runs.
test.setTimeout(300_000);

/** What a chart shows on the page: its title, every text (SVG and HTML), marks per mark group, and its size. */
interface Shown {
  title: string;
  texts: string[];
  marks: [string, number][];
  width: number;
  height: number;
  /** Texts drawn outside the chart's box (they would be cut off in a download). */
  outside: string[];
}

async function shown(chart: Locator): Promise<Shown> {
  return chart.evaluate((figure) => {
    const root = figure.firstElementChild!.firstElementChild!;
    root.scrollIntoView();
    const box = root.getBoundingClientRect();
    const texts: string[] = [];
    const outside: string[] = [];
    const within = (r: DOMRect) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    for (const t of root.querySelectorAll('svg text')) {
      if (t.parentElement?.closest('text')) continue;
      texts.push(t.textContent!.trim());
      if (!within(t.getBoundingClientRect())) outside.push(t.textContent!);
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest('svg, style') || !n.textContent!.trim()) continue;
      texts.push(n.textContent!.trim());
      const range = document.createRange();
      range.selectNodeContents(n);
      if (!within(range.getBoundingClientRect())) outside.push(n.textContent!);
    }
    const chartSvg = [...root.querySelectorAll('svg')].find((s) => s.querySelector('g[aria-label]') && !s.classList.toString().endsWith('-ramp'))!;
    const marks = [...chartSvg.querySelectorAll('g[aria-label]')].map((g) => [g.getAttribute('aria-label')!, g.childElementCount] as [string, number]);
    return { title: root.querySelector('h2')?.textContent ?? '', texts, marks, width: box.width, height: box.height, outside };
  });
}

/** The same facts read from a downloaded SVG, drawn inline in the page. */
async function inFile(page: Page, svg: string): Promise<Omit<Shown, 'title'>> {
  return page.evaluate((markup) => {
    const holder = document.createElement('div');
    holder.style.cssText = 'position:fixed;left:0;top:0;z-index:99';
    holder.innerHTML = markup;
    document.body.append(holder);
    const root = holder.querySelector('svg')!;
    const box = root.getBoundingClientRect();
    const texts: string[] = [];
    const outside: string[] = [];
    for (const t of root.querySelectorAll('text')) {
      if (t.parentElement?.closest('text')) continue;
      texts.push(t.textContent!.trim());
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) outside.push(t.textContent!);
    }
    // The chart's own marks: the placed copy of the <svg> that holds mark groups (not the ramp, not swatches).
    const chart = [...root.querySelectorAll(':scope > svg > g')].find((g) => g.querySelector('g[aria-label]') && !(g.getAttribute('class') ?? '').endsWith('-ramp'))!;
    const marks = [...chart.querySelectorAll('g[aria-label]')].map((g) => [g.getAttribute('aria-label')!, g.childElementCount] as [string, number]);
    holder.remove();
    return { texts, marks, width: box.width, height: box.height, outside };
  }, svg);
}

/** What the page said while a download was awaited: a click that brings no file fails with it, in a minute. */
async function download(page: Page, button: Locator): Promise<Buffer> {
  const said: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => { if (m.type() === 'error' || m.type() === 'warning') said.push(`${m.type()}: ${m.text()}`); };
  const onError = (e: Error) => said.push(`pageerror: ${e.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  try {
    // Clicks a person's moment apart: fired within milliseconds of the file before, the 11th download (the RFM
    // heatmap's SVG, right after the recency PNG) never came in 3 of 4 runs here and twice in CI, although the
    // page called the anchor's click() with user activation (checked); with a pause before each click: 3 of 3.
    await page.waitForTimeout(250);
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }).catch((e) => { throw new Error(`no download after clicking ${button}; the page said: ${JSON.stringify(said)} (${(e as Error).message.split('\n')[0]})`); }),
      button.click(),
    ]);
    return Buffer.concat(await (await dl.createReadStream()).toArray());
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
  }
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const sorted = (xs: string[]) => [...xs].sort();

async function ready(page: Page) {
  await page.goto('/');
  await engineReady(page, '6,000');
  await expect(page.locator('figure.chart')).toHaveCount(CHARTS.length);
}

async function checkChart(page: Page, name: string, lang: string) {
  // The buttons' names join with the language's colon (full-width in Chinese).
  const colon = lang === 'zh' ? '：' : ': ';
  const chart = page.locator('figure.chart').filter({ has: page.getByRole('button', { name: `SVG${colon}${name}`, exact: true }) });
  const before = await shown(chart);
  expect(before.outside, `${name}: text drawn outside the chart`).toEqual([]);
  expect(before.title.length, `${name} has a title`).toBeGreaterThan(0);

  const svg = (await download(page, chart.getByRole('button', { name: `SVG${colon}${name}`, exact: true }))).toString('utf8');
  writeFileSync(join(OUT, `${lang}-${name}.svg`), svg);
  expect(svg.startsWith('<svg')).toBe(true);
  // The page's language goes with the image (a zh chart's full-width colon otherwise drew as a Japanese glyph).
  expect(svg).toContain(`xml:lang="${lang === 'zh' ? 'zh-CN' : 'en'}"`);
  const file = await inFile(page, svg);
  expect(file.texts, `${name}: the title is in the file`).toContain(before.title);
  // Every text the page shows (title, legend, axis labels, values beside bars) is in the file...
  expect(sorted(file.texts), `${name}: every text of the chart`).toEqual(sorted(before.texts));
  // ...with every mark (as many bars, cells, ticks and rules as on the page)...
  expect(file.marks, `${name}: every mark`).toEqual(before.marks);
  // ...inside the picture, which has the chart's size and a white margin around it.
  expect(file.outside, `${name}: nothing is cut off`).toEqual([]);
  expect(file.width).toBeCloseTo(before.width + 2 * IMAGE_MARGIN, 0);
  expect(file.height).toBeCloseTo(before.height + 2 * IMAGE_MARGIN, 0);

  const png = await download(page, chart.getByRole('button', { name: `PNG${colon}${name}`, exact: true }));
  writeFileSync(join(OUT, `${lang}-${name}.png`), png);
  expect(pngSize(png), `${name}: PNG is the rendered size and margins × ${DPR}`).toEqual({ width: Math.ceil((before.width + 2 * IMAGE_MARGIN) * DPR), height: Math.ceil((before.height + 2 * IMAGE_MARGIN) * DPR) });
}

test.beforeAll(() => mkdirSync(OUT, { recursive: true }));

test('every chart downloads whole, as SVG and as PNG (English)', async ({ page }) => {
  await ready(page);
  expect(await page.evaluate(() => window.devicePixelRatio)).toBe(DPR);
  for (const name of CHARTS) await checkChart(page, name, 'en');
});

test('in Chinese too; Chinese text is drawn with real glyphs (fonts-noto-cjk on Debian)', async ({ page }) => {
  await ready(page);
  await page.getByRole('button', { name: 'Switch language' }).click();
  await expect(page.getByRole('region', { name: '客户阶梯' })).toBeVisible();
  for (const name of ['customer-ladder', 'value-tiers', 'rfm-heatmap', 'breakdown']) await checkChart(page, name, 'zh');
  // A screen reader names the charts' parts in Chinese too: none of Plot's English names ("bar", "x-axis tick
  // label", "y-grid") is left in any chart on the page, and the Chinese ones are there.
  // (A tip drawn as the pointer rests on a bar too.)
  await page.getByRole('region', { name: '客户阶梯' }).locator('svg g[aria-label="条形"] rect').nth(1).hover();
  await expect(page.locator('.chart svg g[aria-label="提示"] text').first()).toBeVisible();
  const parts = await page.evaluate(() => [...document.querySelectorAll('.chart svg [aria-label]')].map((e) => e.getAttribute('aria-label')!));
  expect(parts.length).toBeGreaterThan(20);
  expect(parts.filter((p) => /^(f?[xy]-(axis|grid)|bar|text|rule|tip|line|rect|cell|dot|area|tick|frame)\b/.test(p))).toEqual([]);
  expect(parts).toEqual(expect.arrayContaining(['条形', '横轴刻度标签', '纵轴刻度标签']));
  // Without a CJK font every Chinese character is the same empty box: draw a few and compare.
  const distinct = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 40;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.font = getComputedStyle(document.querySelector('.chart h2')!).font;
    return new Set(['客', '户', '阶', '梯'].map((ch) => {
      ctx.clearRect(0, 0, 40, 40);
      ctx.fillText(ch, 4, 30);
      return ctx.getImageData(0, 0, 40, 40).data.join(',');
    })).size;
  });
  expect(distinct, 'four different Chinese characters draw four different glyphs (is a CJK font installed?)').toBe(4);
});

test.describe('on an ordinary screen (device pixel ratio 1)', () => {
  test.use({ deviceScaleFactor: 1 });
  test('a PNG is still twice the rendered size, sharp enough for a slide', async ({ page }) => {
    await ready(page);
    expect(await page.evaluate(() => window.devicePixelRatio)).toBe(1);
    const name = 'customer-ladder';
    const chart = page.locator('figure.chart').filter({ has: page.getByRole('button', { name: `PNG: ${name}`, exact: true }) });
    const before = await shown(chart);
    // The image's own size (the chart and its margins; text may reach half a pixel past the frame at this ratio)…
    const svg = (await download(page, chart.getByRole('button', { name: `SVG: ${name}`, exact: true }))).toString('utf8');
    const [w, h] = ['width', 'height'].map((a) => Number(svg.match(new RegExp(`^<svg[^>]* ${a}="([\\d.]+)"`))![1]));
    expect(Math.abs(w - (before.width + 2 * IMAGE_MARGIN))).toBeLessThanOrEqual(1);
    expect(Math.abs(h - (before.height + 2 * IMAGE_MARGIN))).toBeLessThanOrEqual(1);
    // …drawn at twice that.
    const png = await download(page, chart.getByRole('button', { name: `PNG: ${name}`, exact: true }));
    writeFileSync(join(OUT, `en-${name}-dpr1.png`), png);
    expect(pngSize(png)).toEqual({ width: Math.ceil(w * 2), height: Math.ceil(h * 2) });
  });
});
