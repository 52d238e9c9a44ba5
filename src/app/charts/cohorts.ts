import * as Plot from '@observablehq/plot';
import type { CohortRow } from '../../engine/time/cohorts';
import { formatNumber, formatPercent } from '../i18n';
import { base, PALETTE, type ChartOptions, xLabelBelow } from './common';

export type Retention = 'customers' | 'revenue';

/** A row's retention as a number (null: no base revenue). */
export const retentionOf = (r: CohortRow, mode: Retention): number | null =>
  mode === 'customers' ? Number(r.customerRetention) : r.revenueRetention === null ? null : Number(r.revenueRetention);

/** "2024-01 (312)": a cohort with its size, as the heatmap's row label. */
export const cohortLabel = (r: Pick<CohortRow, 'cohort' | 'customers'>, lang: ChartOptions['lang']) => `${r.cohort} (${formatNumber(lang, r.customers)})`;

/**
 * Retention heatmap: cohorts (with their sizes) by periods since; each cell's retention written in it,
 * the partial last period of each cohort outlined dashed and marked with an asterisk.
 */
export function cohortHeatmap(rows: CohortRow[], mode: Retention, o: ChartOptions) {
  const d = o.dict;
  const cells = rows.map((r) => ({ ...r, y: cohortLabel(r, o.lang), v: retentionOf(r, mode) }));
  const ys = [...new Set(cells.map((c) => c.y))];
  const title = mode === 'customers' ? d.cohorts.customerRetention : d.cohorts.revenueRetention;
  return Plot.plot({
    ...base(o, title),
    height: 75 + ys.length * 22,
    marginLeft: 150,
    // Room for the top axis's label above its tick labels (else it sits on them).
    marginTop: 45,
    padding: 0.05,
    x: { label: d.cohorts.periodsSince, labelOffset: 38, axis: 'top', type: 'band' },
    y: { domain: ys, label: null },
    color: { type: 'linear', domain: [0, 1], range: ['#f1f3f5', '#3b5bdb'], clamp: true, legend: true, marginLeft: 12, label: title, tickFormat: '%' } as Plot.ScaleOptions,
    marks: [
      Plot.cell(cells, { x: 'period', y: 'y', fill: (c: (typeof cells)[number]) => c.v ?? NaN, tip: true,
        title: (c: (typeof cells)[number]) => `${c.cohort} +${c.period}${c.partial ? d.paren(d.cohorts.partial) : ''}\n${d.cohorts.active}${o.dict.colon}${formatNumber(o.lang, c.active)} / ${formatNumber(o.lang, c.customers)}\n${title}${o.dict.colon}${formatPercent(o.lang, c.v, 1)}` } as never),
      // The partial last periods outlined (a separate mark: a stroke channel with gaps would drop the other cells).
      Plot.cell(cells.filter((c) => c.partial), { x: 'period', y: 'y', fill: 'none', stroke: '#e8590c', strokeWidth: 1.5, strokeDasharray: '3,2' } as never),
      Plot.text(cells, { x: 'period', y: 'y', text: (c: (typeof cells)[number]) => `${formatPercent(o.lang, c.v, 0)}${c.partial ? '*' : ''}`, fill: (c: (typeof cells)[number]) => ((c.v ?? 0) > 0.55 ? 'white' : 'black'), fontSize: 9 } as never),
    ],
  });
}

/** Retention curves of the chosen cohorts: one line per cohort over periods since (partial points hollow). */
export function retentionCurves(rows: CohortRow[], cohorts: string[], mode: Retention, o: ChartOptions) {
  const d = o.dict;
  const pts = rows.filter((r) => cohorts.includes(r.cohort)).map((r) => ({ ...r, v: retentionOf(r, mode), name: cohortLabel(r, o.lang) }));
  const names = [...new Set(pts.map((p) => p.name))];
  return Plot.plot({
    ...base(o, d.cohorts.curves),
    ...xLabelBelow(240),
    // Periods are whole numbers: no tick between two.
    x: { label: d.cohorts.periodsSince, tickFormat: (k: number) => (Number.isInteger(k) ? String(k) : '') },
    y: { label: mode === 'customers' ? d.cohorts.customerRetention : d.cohorts.revenueRetention, tickFormat: '%', grid: true },
    color: { domain: names, range: PALETTE, legend: true },
    marks: [
      Plot.lineY(pts.filter((p) => p.v !== null), { x: 'period', y: 'v', stroke: 'name' } as never),
      Plot.dot(pts.filter((p) => p.v !== null), { x: 'period', y: 'v', stroke: 'name', fill: (p: (typeof pts)[number]) => (p.partial ? 'white' : p.name), tip: true,
        title: (p: (typeof pts)[number]) => `${p.name} +${p.period}${p.partial ? d.paren(d.cohorts.partial) : ''}${o.dict.colon}${formatPercent(o.lang, p.v, 1)}` } as never),
      Plot.ruleY([0]),
    ],
  });
}
