import * as Plot from '@observablehq/plot';
import type { TrendSeries } from '../../engine/live/trend';
import { formatNumber, labelName } from '../i18n';
import { base, colours, type ChartOptions } from './common';
import { dateTicks } from './date-ticks';

export type TrendMode = 'area' | 'lines';

/** One row per (date, label) in the series' order: what the chart draws and its tip reads. */
export function trendRows(s: TrendSeries, names: string[]) {
  return s.dates.flatMap((date, i) => s.labels.map((_, k) => ({ date: new Date(`${date}T00:00:00Z`), day: date, label: names[k], customers: s.counts[i][k] })));
}

/**
 * Customers per label at every date of the series, stacked areas or one line per label. Hovering a date
 * shows every label's count there (one tip per date, the labels in the framework's order).
 */
export function trendChart(s: TrendSeries, mode: TrendMode, o: ChartOptions) {
  const d = o.dict;
  const names = s.labels.map((k) => labelName(d, s.framework, k));
  const rows = trendRows(s, names);
  const byDate = new Map(s.dates.map((date, i) => [date, s.labels.map((_, k) => `${names[k]}${o.dict.colon}${formatNumber(o.lang, s.counts[i][k])}`).join('\n')]));
  const tips = s.dates.map((day, i) => ({ date: new Date(`${day}T00:00:00Z`), day, total: s.counts[i].reduce((a, b) => a + b, 0), top: Math.max(0, ...s.counts[i]) }));
  const fw = d.kinds[s.framework as keyof typeof d.kinds] ?? s.framework;
  return Plot.plot({
    ...base(o, `${fw}${o.dict.colon}${d.trend.title}`),
    height: 300,
    marginLeft: 56,
    x: { type: 'utc', label: null, tickFormat: dateTicks(o.lang) },
    y: { label: d.chart.customers, grid: true },
    color: { domain: names, range: colours(s.labels), legend: true },
    marks: [
      mode === 'area'
        ? Plot.areaY(rows, { x: 'date', y: 'customers', fill: 'label', order: names, curve: 'linear' } as never)
        : Plot.lineY(rows, { x: 'date', y: 'customers', stroke: 'label', strokeWidth: 2, marker: s.dates.length <= 40 ? 'circle-stroke' : undefined } as never),
      Plot.ruleY([0]),
      // One pointer mark only: Plot shows a single pointed mark per plot, the nearest.
      Plot.tip(tips, Plot.pointerX({ x: 'date', y: mode === 'area' ? 'total' : 'top', title: (t: (typeof tips)[number]) => `${t.day}\n${byDate.get(t.day)}` } as never)),
    ],
  });
}
