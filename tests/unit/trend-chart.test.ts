// @vitest-environment jsdom
// The trend chart's date axis reads in the page's language: a Chinese chart had "Apr", "Jul", "Jan 2023"
// under a Chinese title and legend (seen in the tour of the time cells).
import { expect, test } from 'vitest';
import { DICTS } from '../../src/app/i18n';
import { trendChart } from '../../src/app/charts/trend';
import { dateTicks } from '../../src/app/charts/date-ticks';
import type { TrendSeries } from '../../src/engine/live/trend';

const LADDER = ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];
const months = Array.from({ length: 36 }, (_, i) => `${2022 + Math.floor((i + 1) / 12)}-${String(((i + 1) % 12) + 1).padStart(2, '0')}-01`);
const series: TrendSeries = { framework: 'ladder', labels: LADDER, dates: months, counts: months.map((_, i) => [10, 20 + i, 30, i, 1]), period: 'month' };

/** The x axis's tick texts, each tick's lines joined by " / ". */
function xTicks(el: Element): string[] {
  const axis = [...el.querySelectorAll('g[aria-label="x-axis tick label"]')][0];
  return [...axis.querySelectorAll('text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' / ') || (t.textContent ?? ''));
}

test('zh: months and years in Chinese, the year under the first tick and where it changes', () => {
  const ticks = xTicks(trendChart(series, 'area', { lang: 'zh', dict: DICTS.zh, width: 1100 }));
  expect(ticks.join(' | ')).not.toMatch(/Jan|Apr|Jul|Oct/);
  expect(ticks[0]).toBe('4月 / 2022年');
  expect(ticks).toContain('1月 / 2023年');
  expect(ticks).toContain('7月');
});

test('en keeps Plot\'s own English ticks', () => {
  const ticks = xTicks(trendChart(series, 'area', { lang: 'en', dict: DICTS.en, width: 1100 }));
  expect(ticks[0]).toBe('Apr / 2022');
  expect(ticks).toContain('Jan / 2023');
});

test.each([
  [['2024-01-01', '2025-01-01', '2026-01-01'], ['2024年', '2025年', '2026年']],
  [['2024-11-01', '2024-12-01', '2025-01-01'], ['11月\n2024年', '12月', '1月\n2025年']],
  [['2024-12-23', '2024-12-30', '2025-01-06'], ['12月23日\n2024年', '12月30日', '1月6日\n2025年']],
])('zh ticks of %j', (days, want) => {
  const all = days.map((d) => new Date(`${d}T00:00:00Z`));
  expect(all.map((x, i) => dateTicks('zh')!(x, i, all))).toEqual(want);
});
