import * as Plot from '@observablehq/plot';
import { formatNumber, formatPercent, labelName } from '../i18n';
import { base, colours, countTicks, type ChartOptions, xLabelBelow } from './common';

/** Customers per label of one framework, with counts and shares. */
export function labelBars(framework: string, title: string, counts: { key: string; customers: number }[], o: ChartOptions) {
  const total = counts.reduce((a, c) => a + c.customers, 0) || 1;
  const rows = counts.map((c) => ({ ...c, name: labelName(o.dict, framework, c.key), share: c.customers / total }));
  const names = rows.map((r) => r.name);
  return Plot.plot({
    ...base(o, title),
    ...xLabelBelow(40 + rows.length * 30),
    marginLeft: 130,
    marginRight: 110,
    x: { label: o.dict.chart.customers, grid: true, ...countTicks(Math.max(0, ...counts.map((c) => c.customers))) },
    y: { domain: names, label: null },
    color: { domain: names, range: colours(counts.map((c) => c.key)) },
    marks: [
      Plot.barX(rows, { x: 'customers', y: 'name', fill: 'name', tip: true, title: (r: (typeof rows)[number]) => `${r.name}${o.dict.colon}${formatNumber(o.lang, r.customers)}${o.dict.paren(formatPercent(o.lang, r.share))}` }),
      Plot.text(rows, { x: 'customers', y: 'name', dx: 6, textAnchor: 'start', text: (r: (typeof rows)[number]) => `${formatNumber(o.lang, r.customers)} · ${formatPercent(o.lang, r.share, 0)}` }),
      Plot.ruleX([0]),
    ],
  });
}
