import * as Plot from '@observablehq/plot';
import { formatNumber } from '../i18n';
import type { QuickChartSpec } from '../view/quick-chart';
import { base, PALETTE, type ChartOptions, xLabelBelow } from './common';

export const MAX_BARS = 40;

/** The SQL cell's quick chart: bars (categories kept in result order), a line, or dots. */
export function quickChart(points: { x: string | number | null; y: number }[], spec: QuickChartSpec, names: { x: string; y: string }, o: ChartOptions) {
  const tip = (p: (typeof points)[number]) => `${names.x}${o.dict.colon}${typeof p.x === 'number' ? formatNumber(o.lang, p.x, 2) : p.x}\n${names.y}${o.dict.colon}${formatNumber(o.lang, p.y, 2)}`;
  const title = `${names.y} × ${names.x}`;
  if (spec.mark === 'bar') {
    // Results keep their order (the query's ORDER BY); only the first MAX_BARS rows are drawn.
    const rows = points.slice(0, MAX_BARS).map((p) => ({ ...p, x: String(p.x) }));
    const domain = [...new Set(rows.map((r) => r.x))];
    return Plot.plot({
      ...base(o, title),
      ...xLabelBelow(40 + domain.length * 22),
      marginLeft: 140,
      x: { label: names.y, grid: true },
      y: { domain, label: names.x },
      marks: [Plot.barX(rows, { x: 'y', y: 'x', fill: PALETTE[0], tip: true, title: tip }), Plot.ruleX([0])],
    });
  }
  const mark = spec.mark === 'line' ? Plot.lineY(points, { x: 'x', y: 'y', stroke: PALETTE[0], sort: 'x', tip: true, title: tip }) : Plot.dot(points, { x: 'x', y: 'y', fill: PALETTE[0], r: 3, tip: true, title: tip });
  return Plot.plot({ ...base(o, title), ...xLabelBelow(280), marginLeft: 60, x: { label: names.x, grid: true }, y: { label: names.y, grid: true }, marks: [mark] });
}
