// The time cells' words and shapes, as a user reads them: sentences, thresholds, the waterfall's steps,
// and the notebook, link and cell kinds carrying the time config and each cell's settings.
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../../src/engine/config';
import { configToFragment, fragmentToConfig } from '../../src/engine/config/link';
import type { TrendSeries } from '../../src/engine/live/trend';
import type { CohortRow } from '../../src/engine/time/cohorts';
import type { WhatChangedRow } from '../../src/engine/time/what-changed';
import { waterfallSteps } from '../../src/app/charts/what-changed';
import { DICTS } from '../../src/app/i18n';
import { addCell, defaultCells, TIME_CELL_FRAMEWORK } from '../../src/app/notebook';
import { notebookDoc, notebookFromText } from '../../src/app/persist/notebook-doc';
import { cohortSentence, whatChangedSentence } from '../../src/app/view/time-sentences';
import { thresholdsText, trendSentence } from '../../src/app/view/trend';

const series = (framework: TrendSeries['framework'], labels: string[], counts: number[][], dates: string[], period: TrendSeries['period'] = 'month'): TrendSeries => ({ framework, labels, counts, dates, period });
const LADDER = ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];

describe('the trend sentence follows the framework\'s focus label from the first date to the last', () => {
  test.each([
    ['en', series('ladder', LADDER, [[5, 4, 3, 310, 1], [6, 4, 3, 402, 1]], ['2023-01-01', '2025-01-01']), 'Loyal customers grew from 310 to 402 over 24 months.'],
    ['en', series('ladder', LADDER, [[5, 4, 3, 402, 1], [6, 4, 3, 310, 1]], ['2024-01-01', '2024-04-01'], 'quarter'), 'Loyal customers fell from 402 to 310 over 1 quarter.'],
    ['en', series('value', ['high', 'mid', 'low', 'prospect'], [[7, 1, 1, 1], [7, 2, 2, 2]], ['2024-01-01', '2024-01-15'], 'week'), 'High value customers stayed at 7 over 2 weeks.'],
    ['zh', series('ladder', LADDER, [[5, 4, 3, 310, 1], [6, 4, 3, 402, 1]], ['2023-01-01', '2025-01-01']), '忠诚客户在 24 个月内从 310 位增加到 402 位。'],
    ['en', series('ladder', LADDER, [[1, 2, 3, 4, 5]], ['2025-01-01']), 'The data starts in the analysis date\'s period: the series has one point.'],
  ] as const)('%s: %s', (lang, s, want) => {
    expect(trendSentence(lang, DICTS[lang], s)).toBe(want);
  });
  test('custom RFM segments without champions follow the largest label now', () => {
    expect(trendSentence('en', DICTS.en, series('rfm', ['vip', 'rest'], [[1, 9], [2, 30]], ['2024-01-01', '2024-03-01']))).toBe('rest customers grew from 9 to 30 over 2 months.');
  });
});

test('thresholds are written in the controls\' words', () => {
  const c = defaultConfig();
  expect(thresholdsText(DICTS.en, 'ladder', c)).toBe('Loyal: minimum purchases 4 · Loyal: active within days 365 · Advocate: minimum referrals 1 · Advocate: minimum NPS 9');
  expect(thresholdsText(DICTS.en, 'value', c)).toBe('Value: metric: monetary · Value: mode: share of buyers · Value: high 0.20 · Value: mid 0.30');
  expect(thresholdsText(DICTS.en, 'rfm', { ...c, rfm: { ...c.rfm, cuts: { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [5, 6, 7, 8] } } })).toBe('R 1, 2, 3, 4 · F 1, 2, 3, 4 · M 5, 6, 7, 8');
});

const wc = (factor: WhatChangedRow['factor'], baseline: string | null, current: string | null, contribution: string | null): WhatChangedRow => ({ scope: 'all', label: '', factor, baseline, current, contribution });

describe('what changed: waterfall steps and the sentence', () => {
  const split = [wc('revenue', '100', '150', '50'), wc('buyers', '10', '12', '20'), wc('purchases_per_buyer', '2', '2.5', '35'), wc('revenue_per_purchase', '5', '5', '-5')];
  test('baseline, each contribution from where the last ended, current', () => {
    expect(waterfallSteps(split)).toEqual([
      { key: 'baseline', from: 0, to: 100 }, { key: 'buyers', from: 100, to: 120 }, { key: 'purchases_per_buyer', from: 120, to: 155 },
      { key: 'revenue_per_purchase', from: 155, to: 150 }, { key: 'current', from: 0, to: 150 },
    ]);
    expect(whatChangedSentence('en', DICTS.en, split)).toBe('Revenue rose by 50.00; the largest contributor is purchases per buyer.');
    expect(whatChangedSentence('zh', DICTS.zh, split)).toBe('收入增加了 50.00；贡献最大的是人均购买次数。');
  });
  test('a window with zero revenue: factors without contributions, no waterfall, said', () => {
    const zero = [wc('revenue', '0', '150', '150'), wc('buyers', '0', '12', null), wc('purchases_per_buyer', null, '2.5', null), wc('revenue_per_purchase', null, '5', null)];
    expect(waterfallSteps(zero)).toBeNull();
    expect(whatChangedSentence('en', DICTS.en, zero)).toBe(DICTS.en.whatChanged.noSplit);
  });
});

test('the cohort sentence reads the latest cohort with a whole period 1', () => {
  const row = (cohort: string, period: number, customers: number, active: number, partial = false): CohortRow => ({ cohort, period, customers, active, customerRetention: String(active / customers), revenue: '0', revenueRetention: null, partial });
  const rows = [row('2024-01-01', 0, 200, 200), row('2024-01-01', 1, 200, 50), row('2024-01-01', 2, 200, 20, true), row('2024-02-01', 0, 80, 80), row('2024-02-01', 1, 80, 8, true)];
  expect(cohortSentence('en', DICTS.en, rows)).toBe('Of the 200 customers who first bought in the period of 2024-01-01, 25.0% bought again 1 period later.');
});

describe('the notebook carries the time cells and the time config', () => {
  test('a new Movement cell and a new Trend cell show the same framework: the ladder', () => {
    expect(TIME_CELL_FRAMEWORK).toBe('ladder');
    expect(addCell([], 'movement', 'm')[0].movement).toEqual({ framework: 'ladder', pinned: false });
    // A new Trend cell has no setting of its own yet: it shows TIME_CELL_FRAMEWORK until one is chosen.
    expect(addCell([], 'trend', 't')[0].trend).toBeUndefined();
  });

  test('time cells are added on request only, and their settings and config.time survive a save and open', () => {
    expect(defaultCells().map((c) => c.kind)).not.toEqual(expect.arrayContaining(['trend']));
    expect(defaultCells().some((c) => ['trend', 'cohorts', 'whatChanged'].includes(c.kind))).toBe(false);
    let cells = addCell(addCell(addCell([], 'trend', 't'), 'cohorts', 'c'), 'whatChanged', 'w');
    cells = cells.map((c) => (c.kind === 'trend' ? { ...c, trend: { framework: 'value', mode: 'lines' } } : c.kind === 'cohorts' ? { ...c, cohorts: { mode: 'revenue', chosen: ['2024-01-01'] } } : { ...c, whatChanged: { framework: 'rfm' } }));
    const config = { ...defaultConfig(), time: { baselineAsOf: '2024-10-01', trendPeriod: 'quarter' as const, cohortPeriod: 'week' as const } };
    const r = notebookFromText(JSON.stringify(notebookDoc({ config, cells, lang: 'zh', mapping: [] })));
    if (!r.ok) throw new Error(r.error);
    expect(r.notebook.cells).toEqual(cells);
    expect(r.notebook.config.time).toEqual(config.time);
    const link = fragmentToConfig(`#${configToFragment(config)}`);
    expect(link.ok && link.config.time).toEqual(config.time);
  });
});
