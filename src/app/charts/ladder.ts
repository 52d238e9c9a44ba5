import * as Plot from '@observablehq/plot';
import type { FunnelStep } from '../../engine/funnel';
import { formatNumber, formatPercent, labelName } from '../i18n';
import { base, colours, countTicks, fitText, textWidth, type ChartOptions, xLabelBelow } from './common';

const MARGIN_LEFT = 110;

/** Bars per rung, with the count, the at-or-above count and the conversion to the next rung. */
export function ladderChart(steps: FunnelStep[], o: ChartOptions, { advocateData = true }: { advocateData?: boolean } = {}) {
  const d = o.dict;
  // Without referral or NPS data nobody can be an advocate: loyal → advocate is no rate (the sentence says why).
  const rows = steps.map((s) => ({ ...s, conversion: !advocateData && s.rung === 'loyal' ? null : s.conversion, name: labelName(d, 'ladder', s.rung) }));
  const names = rows.map((r) => r.name);
  const fill = colours(steps.map((s) => s.rung));
  const max = Math.max(1, ...rows.map((r) => r.atOrAbove));
  const fullLabel = (r: (typeof rows)[number]) => `${formatNumber(o.lang, r.customers)} · ${d.chart.atOrAbove} ${formatNumber(o.lang, r.atOrAbove)}${r.conversion === null ? '' : ` · → ${formatPercent(o.lang, r.conversion)}`}`;
  // Room for the longest count-and-conversion label beside the bars (it used to run past the edge), but
  // never more than leaves the bars a third of a narrow chart: there the labels are cut to fit (the tip
  // has them whole). Wider margins than the chart drew bars of negative width.
  const wanted = Math.max(190, 8 + Math.max(...rows.map((r) => textWidth(fullLabel(r)))) + 8);
  const marginRight = Math.min(wanted, Math.max(60, o.width - MARGIN_LEFT - Math.ceil(o.width / 3)));
  const label = (r: (typeof rows)[number]) => fitText(fullLabel(r), marginRight - 16);
  return Plot.plot({
    ...base(o, d.kinds.ladder),
    ...xLabelBelow(40 + rows.length * 44),
    marginLeft: MARGIN_LEFT,
    marginRight,
    x: { label: d.chart.customers, grid: true, domain: [0, max], ...countTicks(max) },
    y: { domain: names, label: null },
    color: { domain: names, range: fill },
    marks: [
      Plot.barX(rows, { x: 'atOrAbove', y: 'name', fill: 'name', fillOpacity: 0.18 }),
      Plot.barX(rows, {
        x: 'customers', y: 'name', fill: 'name',
        tip: true,
        title: (r: (typeof rows)[number]) => `${r.name}\n${d.chart.customers}${o.dict.colon}${formatNumber(o.lang, r.customers)}\n${d.chart.atOrAbove}${o.dict.colon}${formatNumber(o.lang, r.atOrAbove)}\n${d.chart.conversion}${o.dict.colon}${formatPercent(o.lang, r.conversion)}`,
      }),
      Plot.text(rows, {
        x: max, y: 'name', dx: 8, textAnchor: 'start',
        text: label,
      }),
      Plot.ruleX([0]),
    ],
  });
}
