import * as Plot from '@observablehq/plot';
import type { Config } from '../../engine/config';
import type { ModelCharts } from '../../engine/live/chart-data';
import { formatNumber, labelName } from '../i18n';
import { base, countTicks, textWidth, type ChartOptions, xLabelBelow } from './common';

/** Buyers by days since their last purchase, with the lifecycle's day thresholds drawn on it. */
export function recencyHistogram(charts: ModelCharts, config: Config, o: ChartOptions) {
  const d = o.dict;
  const all = charts.recency.map((b) => ({ ...b, x1: b.from - 1, x2: b.to ?? b.from + 29 }));
  // The axis ends after the last bin with buyers or the last threshold line, whichever is later: a year of
  // data leaves the bins of its second year empty, and half the chart blank.
  const thresholds = [config.lifecycle.newDays, config.lifecycle.atRiskDays, config.lifecycle.churnDays];
  const lastFull = all.reduce((last, b, i) => (b.customers > 0 ? i : last), -1);
  const reach = Math.max(lastFull >= 0 ? all[lastFull].x2 : 0, ...thresholds.map((t) => t + 30));
  const bins = all.filter((b) => b.x1 < reach);
  const max = bins.length ? bins[bins.length - 1].x2 : 720;
  // The last bin is open-ended ("691 days and more"): drawn paler and labelled so, never read as 691–720.
  const closed = bins.filter((b) => b.to !== null);
  const open = bins.filter((b) => b.to === null && b.customers > 0);
  const title = (b: (typeof bins)[number]) => `${b.from}–${b.to ?? '…'}${o.dict.colon}${formatNumber(o.lang, b.customers)}`;
  // Only the lines of recency: New is a matter of tenure (SPEC §3, lifecycle), not of days since a purchase.
  const lines = thresholdLabels(
    [
      { x: config.lifecycle.atRiskDays, label: `${labelName(d, 'lifecycle', 'at_risk')} ${config.lifecycle.atRiskDays}` },
      { x: config.lifecycle.churnDays, label: `${labelName(d, 'lifecycle', 'churned')} ${config.lifecycle.churnDays}` },
    ].filter((l) => l.x <= max),
    (o.width - 50 - 20) / max,
  );
  return Plot.plot({
    ...base(o, d.chart.recency),
    ...xLabelBelow(230),
    marginLeft: 50, // four-digit counts ("1,200") fit beside the axis
    x: { label: d.chart.recency, domain: [0, max] },
    y: { label: d.chart.customers, grid: true, ...countTicks(Math.max(0, ...bins.map((b) => b.customers))) },
    marks: [
      Plot.rectY(closed, { x1: 'x1', x2: 'x2', y: 'customers', fill: '#74c0fc', insetLeft: 1, tip: true, title }),
      Plot.rectY(open, { x1: 'x1', x2: 'x2', y: 'customers', fill: '#d0ebff', stroke: '#74c0fc', strokeDasharray: '3,2', insetLeft: 1, tip: true, title }),
      Plot.text(open, { x: (b: (typeof bins)[number]) => (b.x1 + b.x2) / 2, y: 'customers', dy: -7, text: (b: (typeof bins)[number]) => `${formatNumber(o.lang, b.from)}+`, fill: '#1864ab' }),
      Plot.ruleX(lines, { x: 'x', stroke: '#c92a2a', strokeDasharray: '4,3' }),
      // One text mark per line of labels (Plot's dy is one number per mark).
      ...[...new Set(lines.map((l) => l.row))].map((row) => Plot.text(lines.filter((l) => l.row === row), { x: 'x', frameAnchor: 'top', dx: 4, dy: 4 + 14 * row, textAnchor: 'start', text: 'label', fill: '#c92a2a' })),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Threshold labels that never overlap: thresholds on the same day share one label ("New 90 · At risk 90");
 * a label that would run into the one before it goes one line lower.
 */
export function thresholdLabels(lines: { x: number; label: string }[], pxPerDay: number): { x: number; label: string; row: number }[] {
  const merged: { x: number; label: string }[] = [];
  for (const l of [...lines].sort((a, b) => a.x - b.x)) {
    const same = merged.find((m) => m.x === l.x);
    if (same) same.label += ` · ${l.label}`;
    else merged.push({ ...l });
  }
  const rowEnds: number[] = []; // per row, the day where its last label's text ends
  return merged.map((l) => {
    let row = rowEnds.findIndex((end) => end <= l.x);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = l.x + (textWidth(l.label, 10) + 8) / pxPerDay;
    return { ...l, row };
  });
}
