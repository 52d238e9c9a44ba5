import * as Plot from '@observablehq/plot';
import type { Breakdown } from '../../engine/session';
import { formatNumber, labelName } from '../i18n';
import { base, colours, fitText, textWidth, type ChartOptions } from './common';

/** A framework broken down by a dimension: stacked (counts) or 100% bars per dimension value. */
export function breakdownChart(b: Breakdown, mode: 'stacked' | 'percent', o: ChartOptions) {
  const d = o.dict;
  const values = [...b.values, d.chart.missing];
  const rows = b.labels.flatMap((key, i) => values.map((value, j) => ({ value, label: labelName(d, b.framework, key), customers: b.counts[i][j] })))
    .filter((r) => r.customers > 0);
  const present = values.filter((v) => rows.some((r) => r.value === v));
  const names = b.labels.map((k) => labelName(d, b.framework, k));
  // Dimension values are the data's own text: the margin grows to fit them, up to a point, then they are cut.
  const marginLeft = Math.min(240, Math.max(120, 12 + Math.max(0, ...present.map((v) => textWidth(v)))));
  return Plot.plot({
    ...base(o, `${d.kinds[b.framework as keyof typeof d.kinds] ?? b.framework} × ${b.dimension}`),
    height: 50 + present.length * 28,
    marginLeft,
    x: { label: mode === 'percent' ? d.chart.share : d.chart.customers, tickFormat: mode === 'percent' ? '%' : undefined, grid: true },
    y: { domain: present, label: null, tickFormat: (v: string) => fitText(v, marginLeft - 12) },
    color: { domain: names, range: colours(b.labels), legend: true },
    marks: [
      Plot.barX(rows, Plot.stackX({ x: 'customers', y: 'value', fill: 'label', offset: mode === 'percent' ? 'normalize' : null, order: names, tip: true, title: (r: (typeof rows)[number]) => `${r.value} · ${r.label}: ${formatNumber(o.lang, r.customers)}` } as never)),
      Plot.ruleX([0]),
    ],
  });
}
