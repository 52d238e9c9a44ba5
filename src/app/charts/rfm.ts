import * as Plot from '@observablehq/plot';
import type { RfmHeat } from '../../engine/live/chart-data';
import { formatNumber } from '../i18n';
import { base, type ChartOptions, xLabelBelow } from './common';

/** 5x5 R-by-F heatmap, coloured by customers or by mean monetary. */
export function rfmHeatmap(heat: RfmHeat, colourBy: 'count' | 'meanM', o: ChartOptions) {
  const d = o.dict;
  const value = (c: RfmHeat['cells'][number]) => (colourBy === 'count' ? c.customers : c.meanMonetary);
  return Plot.plot({
    ...base(o, `R × F${d.paren(colourBy === 'count' ? d.options.count : d.options.meanM)}`),
    width: Math.min(o.width, 460),
    ...xLabelBelow(330),
    padding: 0.04,
    x: { label: 'F →', domain: [1, 2, 3, 4, 5] },
    y: { label: '↑ R', domain: [5, 4, 3, 2, 1] },
    // Plot reads legend options from the scale's; the left margin keeps the ramp's first tick inside the picture.
    color: { type: 'sqrt', scheme: 'blues', legend: true, marginLeft: 12, label: colourBy === 'count' ? d.chart.customers : d.chart.meanM } as Plot.ScaleOptions,
    marks: [
      Plot.cell(heat.cells, { x: 'f', y: 'r', fill: value, tip: true, title: (c: RfmHeat['cells'][number]) => `R ${c.r} · F ${c.f}\n${d.chart.customers}${o.dict.colon}${formatNumber(o.lang, c.customers)}\n${d.chart.meanM}${o.dict.colon}${c.meanMonetary === null ? '–' : formatNumber(o.lang, c.meanMonetary, 2)}` }),
      Plot.text(heat.cells, { x: 'f', y: 'r', text: (c: RfmHeat['cells'][number]) => formatNumber(o.lang, c.customers), fill: 'currentColor', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' } as never),
    ],
  });
}
