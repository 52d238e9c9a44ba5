// @vitest-environment jsdom
// Charts are functions from data + options to a Plot; their SVG is compared, normalised, with snapshots.
import { describe, expect, test } from 'vitest';
import { funnel } from '../../src/engine/funnel';
import { DICTS } from '../../src/app/i18n';
import { ladderChart } from '../../src/app/charts/ladder';
import { labelBars } from '../../src/app/charts/labels';
import { rfmHeatmap } from '../../src/app/charts/rfm';
import { breakdownChart } from '../../src/app/charts/breakdown';
import { paretoChart, valueShares } from '../../src/app/charts/value';
import { recencyHistogram, thresholdLabels } from '../../src/app/charts/lifecycle';
import { textWidth } from '../../src/app/charts/common';
import { clvDistributionChart } from '../../src/app/charts/clv';
import { quickChart } from '../../src/app/charts/query';
import { defaultConfig } from '../../src/engine/config';
import { rfmSentence } from '../../src/app/view/sentences';

/** Plot's generated class names differ run to run; numbers are rounded so float noise cannot flake. */
function normalise(el: Element): string {
  return el.outerHTML
    .replace(/plot-[0-9a-f]{6}/g, 'plot')
    .replace(/(\d+\.\d{2})\d+/g, '$1');
}

// jsdom has no canvas; Plot paints colour-ramp legends through one. The ramp's pixels are not under test.
HTMLCanvasElement.prototype.getContext = (() => ({ fillStyle: '', fillRect() {} })) as never;
HTMLCanvasElement.prototype.toDataURL = () => 'data:,';

const o = (lang: 'en' | 'zh') => ({ lang, dict: DICTS[lang], width: 640 });
const steps = funnel(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], [576, 2209, 1893, 1021, 301]);

describe('charts render the same SVG for the same data', () => {
  test('customer ladder, en', () => expect(normalise(ladderChart(steps, o('en')))).toMatchSnapshot());
  test('customer ladder, zh', () => expect(normalise(ladderChart(steps, o('zh')))).toMatchSnapshot());
  test('label bars', () => {
    const counts = [{ key: 'promoter', customers: 620 }, { key: 'passive', customers: 565 }, { key: 'detractor', customers: 563 }, { key: 'unknown', customers: 4252 }];
    expect(normalise(labelBars('nps', 'NPS', counts, o('en')))).toMatchSnapshot();
  });
  test('rfm heatmap', () => {
    const cells = [];
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) cells.push({ r, f, customers: r * 10 + f, meanMonetary: r * 100 + f * 10 });
    const heat = { cuts: { r: [45, 192, 432, 746.4], f: [1, 1, 3, 6], m: [91.13, 244.37, 522.85, 1306.49] }, cells };
    expect(normalise(rfmHeatmap(heat, 'count', o('en')))).toMatchSnapshot();
  });
  test('breakdown, 100%', () => {
    const b = { framework: 'ladder' as const, dimension: 'region', labels: ['prospect', 'first_time', 'repeat'], values: ['East', 'West'], counts: [[1, 2, 0], [3, 4, 1], [5, 6, 0]] };
    expect(normalise(breakdownChart(b, 'percent', o('en')))).toMatchSnapshot();
  });
  const valueCounts = [{ key: 'high', customers: 1085 }, { key: 'mid', customers: 1629 }, { key: 'low', customers: 2710 }, { key: 'prospect', customers: 576 }];
  const tiers = { metric: 'monetary' as const, asked: 'monetary' as const, highCut: 1306.49, midCut: 244.37, revenue: [2_400_000, 900_000, 300_000, 0] };
  const pareto = Array.from({ length: 101 }, (_, i) => ({ customers: i / 100, revenue: 1 - (1 - i / 100) ** 3 }));
  const recency = Array.from({ length: 24 }, (_, i) => ({ from: i * 30 + 1, to: i === 23 ? null : i * 30 + 30, customers: Math.round(900 * Math.exp(-i / 5)) }));
  test('value shares', () => expect(normalise(valueShares(valueCounts, tiers, o('en')))).toMatchSnapshot());
  test('pareto curve with the cut lines', () => expect(normalise(paretoChart({ pareto, recency }, valueCounts, tiers, o('zh')))).toMatchSnapshot());
  // A few customers (a small file, a narrow filter): whole-number ticks, never "0.2" customers (the tour of 2026-12-04).
  const tickTexts = (el: Element, axis: 'x' | 'y') => [...el.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)].map((t) => t.textContent);
  test.each([
    ['the ladder, 3 customers', () => ladderChart(funnel(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], [0, 0, 3, 0, 0]), o('en')), 'x', ['0', '1', '2', '3']],
    ['label bars, 2 and 1', () => labelBars('nps', 'NPS', [{ key: 'promoter', customers: 2 }, { key: 'unknown', customers: 1 }], o('en')), 'x', ['0', '1', '2']],
    ['label bars, 13 at most: every second', () => labelBars('nps', 'NPS', [{ key: 'promoter', customers: 13 }, { key: 'unknown', customers: 1 }], o('en')), 'x', ['0', '2', '4', '6', '8', '10', '12']],
    ['the recency histogram, 4 buyers a bin at most', () => recencyHistogram({ pareto, recency: recency.map((b, i) => ({ ...b, customers: i < 3 ? 4 - i : 0 })) }, defaultConfig(), o('en')), 'y', ['0', '1', '2', '3', '4']],
    ['a stacked breakdown, 5 customers a value at most', () => breakdownChart({ framework: 'ladder' as const, dimension: 'region', labels: ['first_time', 'repeat'], values: ['East', 'West'], counts: [[1, 2, 0], [3, 1, 0]] }, 'stacked', o('en')), 'x', ['0', '1', '2', '3', '4']],
  ] as const)('%s: whole-number ticks', (_name, chart, axis, want) => {
    expect(tickTexts(chart(), axis)).toEqual(want);
  });
  test('many customers: Plot\'s own ticks', () => {
    expect(tickTexts(labelBars('nps', 'NPS', [{ key: 'promoter', customers: 620 }, { key: 'unknown', customers: 4252 }], o('en')), 'x')).toEqual(['0', '1,000', '2,000', '3,000', '4,000']);
  });
  test('the cumulative share axis reads up to 100% when the curve ends a hair under it (the tour of 2026-12-03)', () => {
    const under = pareto.map((p) => ({ ...p, revenue: p.revenue * (1 - 2.6e-15) }));
    const ticks = [...paretoChart({ pareto: under, recency }, valueCounts, tiers, o('en')).querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks.at(-1)).toBe('100%');
  });
  test.each([
    ['monetary', { highCut: 1306.49, midCut: 244.4 }, ['High value ≥ 1,306.49', 'Mid value ≥ 244.40']],
    ['purchases', { highCut: 6, midCut: 2 }, ['High value ≥ 6', 'Mid value ≥ 2']],
    ['purchases', { highCut: 5.4, midCut: 2 }, ['High value ≥ 5.40', 'Mid value ≥ 2']],
    ['aov', { highCut: 120, midCut: 45.5 }, ['High value ≥ 120.00', 'Mid value ≥ 45.50']],
  ] as const)('the pareto curve names the cuts in the metric\'s units: %s %o', (metric, cuts, want) => {
    const texts = [...paretoChart({ pareto, recency }, valueCounts, { ...tiers, ...cuts }, o('en'), metric).querySelectorAll('text')].map((t) => t.textContent);
    for (const w of want) expect(texts).toContain(w);
  });
  test('recency histogram with the lifecycle lines', () => expect(normalise(recencyHistogram({ pareto, recency }, defaultConfig(), o('en')))).toMatchSnapshot());
  test('recency: the open-ended last bin is labelled "691+" and drawn apart; no New line (New is by tenure, not recency)', () => {
    const svg = recencyHistogram({ pareto, recency }, defaultConfig(), o('en'));
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('691+');
    expect(texts).toContain('At risk 180');
    expect(texts).toContain('Churned 365');
    expect(texts.filter((t) => t?.startsWith('New'))).toEqual([]);
    const rects = svg.querySelectorAll('g[aria-label="rect"]');
    expect([...rects].map((g) => g.querySelectorAll('rect').length)).toEqual([23, 1]);
  });
  test('a year of data: the recency axis ends after the last bin with buyers or the last threshold, not at two years', () => {
    // Buyers in the first 13 bins only (recency up to 390 days); churn at 365 days, its label 30 days wide:
    // the axis reaches 395 days, so 14 bins (the last one empty).
    const year = recency.map((b, i) => ({ ...b, customers: i < 13 ? b.customers : 0 }));
    const bars = (svg: Element) => svg.querySelectorAll('g[aria-label="rect"] rect').length;
    expect(bars(recencyHistogram({ pareto, recency: year }, defaultConfig(), o('en')))).toBe(14);
    // Churn moved to 600 days: the axis reaches past its line (630 days: 21 bins), empty bins included.
    const far = { ...defaultConfig(), lifecycle: { ...defaultConfig().lifecycle, churnDays: 600 } };
    expect(bars(recencyHistogram({ pareto, recency: year }, far, o('en')))).toBe(21);
    // Buyers in every bin: all 24, the last one open-ended.
    expect(bars(recencyHistogram({ pareto, recency }, defaultConfig(), o('en')))).toBe(24);
  });
  test('SQL quick chart, bars in result order', () => {
    const points = [{ x: 'repeat', y: 1893 }, { x: 'first_time', y: 2209 }, { x: 'loyal', y: 1021 }];
    expect(normalise(quickChart(points, { mark: 'bar', x: 0, y: 1 }, { x: 'ladder', y: 'customers' }, o('en')))).toMatchSnapshot();
  });
  test('SQL quick chart, dots', () => {
    const points = [{ x: 3, y: 10 }, { x: 40, y: 2.5 }, { x: 200, y: 77 }];
    expect(normalise(quickChart(points, { mark: 'dot', x: 0, y: 1 }, { x: 'recency', y: 'monetary' }, o('en')))).toMatchSnapshot();
  });
  test.each(['en', 'zh'] as const)('at the narrowest width (320 px, a chart laid out before its cell), nothing has a negative size (%s)', (lang) => {
    const narrow = { ...o(lang), width: 320 };
    const b = { framework: 'ladder' as const, dimension: 'region', labels: ['prospect', 'first_time', 'repeat'], values: ['East', 'West'], counts: [[1, 2, 0], [3, 4, 1], [5, 6, 0]] };
    const cells = [];
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) cells.push({ r, f, customers: r * 10 + f, meanMonetary: r * 100 + f * 10 });
    const charts: [string, Element][] = [
      ['ladder', ladderChart(steps, narrow)],
      ['label bars', labelBars('rfm', 'RFM segments', valueCounts, narrow)],
      ['rfm', rfmHeatmap({ cuts: { r: [45, 192, 432, 746.4], f: [1, 1, 3, 6], m: [91.13, 244.37, 522.85, 1306.49] }, cells }, 'count', narrow)],
      ['breakdown', breakdownChart(b, 'percent', narrow)],
      ['value shares', valueShares(valueCounts, tiers, narrow)],
      ['pareto', paretoChart({ pareto, recency }, valueCounts, tiers, narrow)],
      ['recency', recencyHistogram({ pareto, recency }, defaultConfig(), narrow)],
    ];
    for (const [name, svg] of charts) {
      const negative = [...svg.querySelectorAll('[width], [height]')].filter((e) => Number(e.getAttribute('width')) < 0 || Number(e.getAttribute('height')) < 0);
      expect(negative.length, name).toBe(0);
    }
    // The ladder's labels beside the bars are cut to fit, not dropped.
    expect(texts(charts[0][1]).some((t) => t.endsWith('…'))).toBe(true);
  });
  test('the ladder chart is titled "Customer ladder" for screen readers', () => {
    expect(ladderChart(steps, o('en')).querySelector('svg')?.getAttribute('aria-label')).toBe('Customer ladder');
  });
});

const texts = (el: Element) => [...el.querySelectorAll('text')].map((t) => t.textContent ?? '');

describe('charts say what their sentences say', () => {
  test('RFM: the percentages of the sentence are the ones printed on the bars (share of all customers)', () => {
    const counts = [{ key: 'champions', customers: 894 }, { key: 'loyal_customers', customers: 1488 }, { key: 'other', customers: 3042 }, { key: 'prospect', customers: 576 }];
    const sentence = rfmSentence('en', DICTS.en, counts);
    const printed = texts(labelBars('rfm', 'RFM segments', counts, o('en')));
    expect(printed).toEqual(expect.arrayContaining(['894 · 15%', '3,042 · 51%']));
    expect(sentence).toContain('15% of all customers');
    expect(sentence).toContain('3,042 customers (51%)');
  });
  // nps by region; labels promoter, passive, detractor, unknown; columns East, West, North, missing.
  const nps = {
    framework: 'nps' as const, dimension: 'region', labels: ['promoter', 'passive', 'detractor', 'unknown'], values: ['East', 'West', 'North'],
    counts: [[30, 2, 0, 0], [10, 6, 0, 0], [10, 12, 0, 0], [500, 900, 40, 0]],
    nps: [{ score: 40, answered: 50 }, { score: -50, answered: 20 }, { score: null, answered: 0 }, { score: null, answered: 0 }],
  };
  test.each(['percent', 'stacked'] as const)('NPS by a dimension (%s bars): the NPS score of each value, not shares with "no answer"', (mode) => {
    const chart = breakdownChart(nps, mode, o('en'));
    const printed = texts(chart);
    expect(chart.querySelector('svg')?.getAttribute('aria-label')).toBe('NPS score × region');
    expect(printed).toEqual(expect.arrayContaining(['+40 (50 answered)', '-50 (20 answered)', 'no answers']));
    expect(printed.join(' ')).not.toMatch(/No answer|%/); // no label "No answer", no shares
    // One bar per value with answers, drawn from 0 to its score.
    expect(chart.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(2);
    // The missing column (nobody in it) is not listed.
    expect(printed).not.toContain('(missing)');
  });
  test('NPS by a dimension in Chinese', () => {
    expect(texts(breakdownChart(nps, 'percent', o('zh')))).toEqual(expect.arrayContaining(['+40（50 位作答）', '-50（20 位作答）', '无人作答']));
  });
});

describe('lifecycle threshold labels never overlap', () => {
  test.each([
    ['apart: one line', [{ x: 90, label: 'New 90' }, { x: 180, label: 'At risk 180' }, { x: 365, label: 'Churned 365' }], [['New 90', 0], ['At risk 180', 0], ['Churned 365', 0]]],
    ['the same day: one label', [{ x: 90, label: 'New 90' }, { x: 90, label: 'At risk 90' }, { x: 365, label: 'Churned 365' }], [['New 90 · At risk 90', 0], ['Churned 365', 0]]],
    ['close: the next label one line lower', [{ x: 90, label: 'New 90' }, { x: 100, label: 'At risk 100' }, { x: 365, label: 'Churned 365' }], [['New 90', 0], ['At risk 100', 1], ['Churned 365', 0]]],
  ] as const)('%s', (_, lines, expected) => {
    expect(thresholdLabels(lines.map((l) => ({ ...l })), 570 / 720).map((l) => [l.label, l.row])).toEqual(expected);
  });
});

test('ladder without referral or NPS data: loyal → advocate is no rate (not "→ 0.0%")', () => {
  const arrows = (svg: string) => (svg.match(/· → /g) ?? []).length;
  const withData = normalise(ladderChart(steps, o('en')));
  const without = normalise(ladderChart(steps, o('en'), { advocateData: false }));
  expect(arrows(without)).toBe(arrows(withData) - 1);
  expect(without).toMatch(/>[\d,]+ · at or above [\d,]+<\/text>/); // the loyal rung, its count and no rate
});

describe('Chinese chart text uses the full-width colon and parentheses', () => {
  // "客户价值: 客户占比" with an ASCII colon reads as a typo to a Chinese reader; en keeps ": ".
  const texts = (el: Element) => [...el.querySelectorAll('text, title, h2, h3, figcaption')].map((t) => t.textContent ?? '');
  const shares = (lang: 'en' | 'zh') => valueShares([{ key: 'high', customers: 10 }, { key: 'low', customers: 30 }], { metric: 'monetary', asked: 'monetary', highCut: 5, midCut: 1, revenue: [80, 0, 20, 0] }, o(lang));
  test('the value shares title, zh and en', () => {
    expect(texts(shares('zh'))).toContain(`${DICTS.zh.kinds.value}：${DICTS.zh.chart.customerShare} / ${DICTS.zh.chart.revenueShare}`);
    expect(texts(shares('en'))).toContain(`${DICTS.en.kinds.value}: ${DICTS.en.chart.customerShare} / ${DICTS.en.chart.revenueShare}`);
    expect(texts(shares('zh')).filter((t) => t.includes(': '))).toEqual([]);
  });
  test('tiers by another metric say it in the title (the tour of session 28: by predicted CLV, the title read as by revenue)', () => {
    const byClv = (lang: 'en' | 'zh') => valueShares([{ key: 'high', customers: 10 }, { key: 'low', customers: 30 }], { metric: 'predicted_clv', asked: 'predicted_clv', highCut: 5, midCut: 1, revenue: [80, 0, 20, 0] }, o(lang));
    expect(texts(byClv('en'))).toContain(`Value tiers (ranked by predicted lifetime value): ${DICTS.en.chart.customerShare} / ${DICTS.en.chart.revenueShare}`);
    expect(texts(byClv('zh'))).toContain(`${DICTS.zh.kinds.value}（按预测生命周期价值排序）：${DICTS.zh.chart.customerShare} / ${DICTS.zh.chart.revenueShare}`);
  });
  test('the RFM heatmap title, zh and en', () => {
    const cells = [{ r: 1, f: 1, customers: 3, meanMonetary: 10 }];
    const heat = { cuts: { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [1, 2, 3, 4] }, cells };
    expect(texts(rfmHeatmap(heat, 'count', o('zh')))).toContain(`R × F（${DICTS.zh.options.count}）`);
    expect(texts(rfmHeatmap(heat, 'count', o('en')))).toContain(`R × F (${DICTS.en.options.count})`);
  });
});

describe('the predicted CLV distribution', () => {
  const dist = { bins: [{ lo: 0, hi: 100, customers: 50 }, { lo: 100, hi: 200, customers: 20 }], tail: { from: 200, customers: 3, max: 9000 }, buyers: 73, total: 9999 };
  test.each([
    ['en', '↑ Buyers', 'top 1%, up to 9,000'],
    ['zh', '↑ 买家数', '前 1%，最高 9,000'],
  ] as const)('%s: the grey tail bar is named with how far it reaches, the axis says what it counts', (lang, axis, tail) => {
    const svg = clvDistributionChart(dist, null, o(lang));
    expect(svg.querySelector('g[aria-label="y-axis label"]')?.textContent).toBe(axis);
    expect([...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent)).toContain(tail);
  });
  test.each(['en', 'zh'] as const)('%s: the value tiers\' cut labels sit above the tallest bar, not over it', (lang) => {
    // The first bars are the tallest; the labels hang from the top of the frame, one line each.
    const svg = clvDistributionChart(dist, { high: 150, mid: 50 }, o(lang));
    const translateY = (el: Element | null) => Number(/translate\([^,]+,([^)]+)\)/.exec(el?.getAttribute('transform') ?? '')?.[1] ?? NaN);
    const barTop = Math.min(...[...svg.querySelectorAll('g[aria-label="rect"] rect')].map((r) => Number(r.getAttribute('y'))));
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].filter((t) => t.textContent!.includes('≥'));
    expect(labels.map((t) => t.textContent)).toEqual([`${DICTS[lang].labels.value.high} ≥ 150.00`, `${DICTS[lang].labels.value.mid} ≥ 50.00`]);
    // A label's bottom: its group's and its own offsets plus one line of Plot's 10 px text.
    for (const t of labels) expect(translateY(t.parentElement) + translateY(t) + 10).toBeLessThan(barTop);
  });
  // The tour of 2026-12-03: tiers by predicted CLV on the sample put the high line (577.86) through the mid
  // label ("Mid value ≥ 101.13") on an axis to 5,500. No cut line may cross a cut label, at any width.
  const wide = { bins: Array.from({ length: 28 }, (_, i) => ({ lo: i * 200, hi: (i + 1) * 200, customers: i ? 900 / i : 3400 })), tail: null, buyers: 5424, total: 1 };
  // The tour of session 28: with no room beside the mid line (near the axis) both labels stood beside the high
  // line, and "Mid value ≥ 101.13" read as that line's. Each label starts with a mark in its own line's colour.
  test.each([['en', 1180], ['zh', 1180], ['en', 400]] as const)('%s at %i px: each cut label is led by a mark in its own line\'s colour, on its row', (lang, width) => {
    const svg = clvDistributionChart(wide as never, { high: 452.13, mid: 101.13 }, { ...o(lang), width });
    const translate = (el: Element | null) => (/translate\(([^,]+),([^)]+)\)/.exec(el?.getAttribute('transform') ?? '') ?? [0, 0, 0]).slice(1).map(Number);
    const strokes = [...svg.querySelectorAll('g[aria-label="rule"] line')].map((l) => l.getAttribute('stroke')).filter(Boolean);
    const texts = [...svg.querySelectorAll('g[aria-label="text"] text')];
    const labels = texts.filter((t) => t.textContent!.includes('≥'));
    const marks = texts.filter((t) => t.textContent === '┇');
    expect(labels.map((t) => t.textContent)).toEqual([`${DICTS[lang].labels.value.high} ≥ 452.13`, `${DICTS[lang].labels.value.mid} ≥ 101.13`]);
    expect(marks).toHaveLength(2);
    expect(new Set(strokes).size).toBe(2);
    labels.forEach((label, k) => {
      expect(marks[k].getAttribute('fill') ?? marks[k].parentElement!.getAttribute('fill'), label.textContent!).toBe(strokes[k]);
      const [mx, my] = translate(marks[k].parentElement), [lx, ly] = translate(label.parentElement);
      expect(my).toBe(ly);
      // The mark on the label's anchor side: before it (start) or after it (end), next to its text.
      const start = label.parentElement!.getAttribute('text-anchor') !== 'end';
      expect(start ? mx < lx : mx > lx, label.textContent!).toBe(true);
    });
  });
  test.each([
    ['en', { high: 577.86, mid: 101.13 }, 1180], ['zh', { high: 577.86, mid: 101.13 }, 1180], ['en', { high: 577.86, mid: 101.13 }, 400],
    ['en', { high: 5300, mid: 5100 }, 1180], ['en', { high: 4000, mid: 300 }, 1180],
    // The review of 2026-12-03: far apart with the high cut near the right edge, its label ran off the chart.
    ['en', { high: 5300, mid: 300 }, 1180], ['zh', { high: 5300, mid: 300 }, 640],
  ] as const)('%s, cuts %o at %i px: no cut line runs through a cut label, and each label is inside the chart', (lang, cuts, width) => {
    const svg = clvDistributionChart(wide as never, cuts, { ...o(lang), width });
    const translate = (el: Element | null) => (/translate\(([^,]+),([^)]+)\)/.exec(el?.getAttribute('transform') ?? '') ?? [0, 0, 0]).slice(1).map(Number);
    const lines = [...svg.querySelectorAll('g[aria-label="rule"] line')].map((l) => Number(l.getAttribute('x1')) + translate(l.parentElement)[0]).filter(Number.isFinite);
    const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].filter((t) => t.textContent!.includes('≥'));
    expect(labels).toHaveLength(2);
    for (const t of labels) {
      const x = translate(t.parentElement)[0] + translate(t)[0];
      const w = textWidth(t.textContent!, 10);
      const [left, right] = t.parentElement!.getAttribute('text-anchor') === 'end' ? [x - w, x] : [x, x + w];
      for (const lx of lines) expect(lx <= left || lx >= right, `${t.textContent} spans ${left.toFixed(0)}–${right.toFixed(0)}, a line at ${lx.toFixed(0)}`).toBe(true);
      expect(left, t.textContent!).toBeGreaterThanOrEqual(0);
      expect(right, t.textContent!).toBeLessThanOrEqual(width);
    }
  });
});
