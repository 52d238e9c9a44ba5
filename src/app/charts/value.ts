import * as Plot from '@observablehq/plot';
import type { ModelCharts, ValueTiers } from '../../engine/live/chart-data';
import type { Config } from '../../engine/config';
import { formatNumber, formatPercent, formatWholeOr2, labelName } from '../i18n';
import { base, colours, type ChartOptions, xLabelBelow } from './common';

/** Share of buyers and share of revenue per value tier. */
export function valueShares(counts: { key: string; customers: number }[], tiers: ValueTiers, o: ChartOptions) {
  const d = o.dict;
  const buyers = counts.filter((c) => c.key !== 'prospect');
  const nb = buyers.reduce((a, c) => a + c.customers, 0) || 1;
  const revenue = tiers.revenue.slice(0, 3).reduce((a, b) => a + b, 0) || 1;
  const rows = buyers.flatMap((c, i) => [
    { tier: labelName(d, 'value', c.key), what: d.chart.customerShare, share: c.customers / nb },
    { tier: labelName(d, 'value', c.key), what: d.chart.revenueShare, share: tiers.revenue[i] / revenue },
  ]);
  const tiersNames = buyers.map((c) => labelName(d, 'value', c.key));
  return Plot.plot({
    // Tiers by another metric than monetary say so (a downloaded chart of tiers by predicted CLV showing past
    // revenue read as tiers by revenue).
    ...base(o, `${d.kinds.value}${tiers.metric && tiers.metric !== 'monetary' ? d.paren(d.chart.rankedBy(d.options[tiers.metric])) : ''}${o.dict.colon}${d.chart.customerShare} / ${d.chart.revenueShare}`),
    ...xLabelBelow(60 + tiersNames.length * 56),
    marginLeft: 110,
    marginRight: 50,
    x: { label: d.chart.share, tickFormat: '%', domain: [0, 1], grid: true },
    fy: { domain: tiersNames, label: null },
    y: { domain: [d.chart.customerShare, d.chart.revenueShare], axis: null },
    color: { domain: [d.chart.customerShare, d.chart.revenueShare], range: ['#adb5bd', '#3b5bdb'], legend: true },
    marks: [
      Plot.barX(rows, { x: 'share', y: 'what', fy: 'tier', fill: 'what', tip: true, title: (r: (typeof rows)[number]) => `${r.tier} · ${r.what}${o.dict.colon}${formatPercent(o.lang, r.share)}` }),
      Plot.text(rows, { x: 'share', y: 'what', fy: 'tier', dx: 4, textAnchor: 'start', text: (r: (typeof rows)[number]) => formatPercent(o.lang, r.share, 0) }),
      Plot.ruleX([0]),
    ],
  });
}

/** Pareto curve: cumulative revenue by buyers ranked best first, with the tiers' boundaries drawn. */
export function paretoChart(charts: ModelCharts, counts: { key: string; customers: number }[], tiers: ValueTiers, o: ChartOptions, metric: Config['value']['metric'] = 'monetary') {
  const d = o.dict;
  const nb = counts.filter((c) => c.key !== 'prospect').reduce((a, c) => a + c.customers, 0) || 1;
  const high = (counts.find((c) => c.key === 'high')?.customers ?? 0) / nb;
  const mid = high + (counts.find((c) => c.key === 'mid')?.customers ?? 0) / nb;
  // Cuts in the metric's units: a purchase count reads "≥ 6", not "≥ 6.00" (a share's interpolated cut keeps its decimals).
  const cutText = (x: number | null) => (x === null ? '–' : metric === 'purchases' ? formatWholeOr2(o.lang, x) : formatNumber(o.lang, x, 2));
  const rules = [
    { x: high, label: `${labelName(d, 'value', 'high')} ≥ ${cutText(tiers.highCut)}` },
    { x: mid, label: `${labelName(d, 'value', 'mid')} ≥ ${cutText(tiers.midCut)}` },
  ];
  return Plot.plot({
    ...base(o, `${d.chart.cumulativeRevenue}`),
    ...xLabelBelow(240),
    marginRight: 30,
    marginLeft: 46, // room for the "100%" tick label (Plot's 40 fits "80%")
    x: { label: metric === 'monetary' ? d.chart.buyersRanked : d.chart.buyersRankedBy(d.options[metric]), tickFormat: '%', domain: [0, 1], grid: true },
    // To 100% at least: the curve ends there (a hair under it in floating point, which dropped the 100% tick);
    // refunds can take a share under 0 or over 1, and the axis follows them.
    y: { label: d.chart.cumulativeRevenue, tickFormat: '%', grid: true, domain: [Math.min(0, ...charts.pareto.map((p) => p.revenue)), Math.max(1, ...charts.pareto.map((p) => p.revenue))] },
    color: { range: colours(['high', 'mid']) },
    marks: [
      Plot.line(charts.pareto, { x: 'customers', y: 'revenue', stroke: '#1f2430', strokeWidth: 2, tip: true, title: (p: { customers: number; revenue: number }) => `${formatPercent(o.lang, p.customers, 0)} → ${formatPercent(o.lang, p.revenue)}` }),
      Plot.ruleX(rules, { x: 'x', stroke: (_r: unknown, i: number) => colours(['high', 'mid'])[i], strokeDasharray: '4,3' } as never),
      Plot.text(rules, { x: 'x', y: 0.08, dx: 4, textAnchor: 'start', text: 'label', fill: '#1f2430' } as never),
      Plot.ruleY([0]),
    ],
  });
}
