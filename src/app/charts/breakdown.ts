import * as Plot from '@observablehq/plot';
import type { Breakdown } from '../../engine/session-types';
import { formatNumber, labelName, type Lang } from '../i18n';
import { base, colours, countTicks, fitText, textWidth, type ChartOptions, xLabelBelow } from './common';

/** A framework broken down by a dimension: stacked (counts) or 100% bars per dimension value. */
export function breakdownChart(b: Breakdown, mode: 'stacked' | 'percent', o: ChartOptions) {
  if (b.nps) return npsBreakdownChart(b, b.nps, o);
  const d = o.dict;
  const values = [...b.values, d.chart.missing];
  const rows = b.labels.flatMap((key, i) => values.map((value, j) => ({ value, label: labelName(d, b.framework, key), customers: b.counts[i][j] })))
    .filter((r) => r.customers > 0);
  const present = values.filter((v) => rows.some((r) => r.value === v));
  const names = b.labels.map((k) => labelName(d, b.framework, k));
  // The longest stack: every label's customers of one dimension value.
  const stackMax = Math.max(0, ...values.map((_, j) => b.counts.reduce((a, row) => a + row[j], 0)));
  // Dimension values are the data's own text: the margin grows to fit them, up to a point, then they are cut.
  const marginLeft = Math.min(240, Math.max(120, 12 + Math.max(0, ...present.map((v) => textWidth(v)))));
  return Plot.plot({
    ...base(o, `${d.kinds[b.framework as keyof typeof d.kinds] ?? b.framework} × ${b.dimension}`),
    ...xLabelBelow(50 + present.length * 28),
    marginLeft,
    x: mode === 'percent' ? { label: d.chart.share, tickFormat: '%', grid: true } : { label: d.chart.customers, grid: true, ...countTicks(stackMax) },
    y: { domain: present, label: null, tickFormat: (v: string) => fitText(v, marginLeft - 12) },
    color: { domain: names, range: colours(b.labels), legend: true },
    marks: [
      Plot.barX(rows, Plot.stackX({ x: 'customers', y: 'value', fill: 'label', offset: mode === 'percent' ? 'normalize' : null, order: names, tip: true, title: (r: (typeof rows)[number]) => `${r.value} · ${r.label}${o.dict.colon}${formatNumber(o.lang, r.customers)}` } as never)),
      Plot.ruleX([0]),
    ],
  });
}

const signed = (lang: Lang, x: number) => `${x > 0 ? '+' : ''}${formatNumber(lang, x, 0)}`;

/**
 * NPS by a dimension (SPEC §4 nps): the score of each value's customers who answered, from -100 to
 * +100, with how many answered; "no answer" is not part of any score.
 */
export function npsBreakdownChart(b: Breakdown, nps: NonNullable<Breakdown['nps']>, o: ChartOptions) {
  const d = o.dict;
  const values = [...b.values, d.chart.missing];
  const rows = values.map((value, j) => ({ value, ...nps[j] })).filter((r, j) => j < b.values.length || r.answered > 0 || b.counts.some((c) => c[j] > 0));
  const scored = rows.filter((r) => r.score !== null) as { value: string; score: number; answered: number }[];
  const label = (r: (typeof rows)[number]) =>
    r.score === null ? d.breakdownNps.noAnswers
      : o.lang === 'zh' ? `${signed(o.lang, r.score)}（${formatNumber(o.lang, r.answered)} ${d.breakdownNps.answered}）`
      : `${signed(o.lang, r.score)} (${formatNumber(o.lang, r.answered)} ${d.breakdownNps.answered})`;
  return Plot.plot({
    ...base(o, `${d.chart.npsScore} × ${b.dimension}`),
    ...xLabelBelow(50 + rows.length * 28),
    marginLeft: 120,
    marginRight: 150,
    x: { label: d.chart.npsScore, domain: [-100, 100], grid: true },
    y: { domain: rows.map((r) => r.value), label: null },
    marks: [
      Plot.barX(scored, { x: 'score', y: 'value', fill: (r: (typeof scored)[number]) => (r.score >= 0 ? '#3b5bdb' : '#c92a2a'), tip: true, title: label } as never),
      Plot.text(rows, { x: 100, y: 'value', dx: 6, textAnchor: 'start', text: label } as never),
      Plot.ruleX([0]),
    ],
  });
}
