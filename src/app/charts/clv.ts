// Predicted value charts (SPEC §3a): the distribution of predicted CLV with the value tiers' cut lines,
// the P(alive) matrix, and the holdout check (predicted against actual purchases by repeat purchases before).
import * as Plot from '@observablehq/plot';
import type { HoldoutRow } from '../../engine/clv/api';
import type { ClvDistribution, PAlivePoint } from '../../engine/clv/view';
import { formatNumber, formatPercent, labelName } from '../i18n';
import { base, colours, textWidth, type ChartOptions, xLabelBelow } from './common';

/** The value tiers' cut values, drawn when value.metric is predicted_clv. */
export interface ClvCuts { high: number | null; mid: number | null }

/** A cut line's colour: the value tiers' own (high, mid). */
const lineColour = (r: { k: string }) => colours(['high', 'mid'])[r.k === 'high' ? 0 : 1];
/** The dashed mark before a cut's label, in its line's colour, and the room it takes (px). */
const CUT_MARK = '┇';
const CUT_MARK_WIDTH = 9;

/** Buyers per band of predicted CLV; the top 1% in one tail bar; the cut lines of the value tiers. */
export function clvDistributionChart(dist: ClvDistribution, cuts: ClvCuts | null, o: ChartOptions) {
  const d = o.dict.clv;
  const money = (x: number) => formatNumber(o.lang, x, 0);
  const bars = dist.bins.map((b) => ({ ...b, name: `${money(b.lo)}–${money(b.hi)}` }));
  const step = dist.bins.length ? dist.bins[0].hi - dist.bins[0].lo : 1;
  if (dist.tail) bars.push({ lo: dist.tail.from, hi: dist.tail.from + step, customers: dist.tail.customers, name: `≥ ${money(dist.tail.from)}${o.dict.paren(d.tailUpTo(money(dist.tail.max)))}` });
  const rules = cuts
    ? ([['high', cuts.high], ['mid', cuts.mid]] as const).filter(([, x]) => x !== null).map(([k, x]) => ({ x: x as number, label: `${labelName(o.dict, 'value', k)} ≥ ${formatNumber(o.lang, x as number, 2)}`, k }))
    : [];
  return Plot.plot({
    ...base(o, d.distribution),
    ...xLabelBelow(240),
    x: { label: d.predictedClv, tickFormat: (x: number) => money(x) },
    // Headroom for the cut lines' labels (one line each at the top): the first bars are often the tallest.
    y: { label: d.buyersAxis, grid: true, domain: [0, Math.max(1, ...bars.map((b) => b.customers)) * (1 + 0.14 * rules.length)], nice: true },
    marks: [
      Plot.rectY(bars, { x1: 'lo', x2: 'hi', y: 'customers', fill: (b: (typeof bars)[number]) => (dist.tail && b.lo >= dist.tail.from ? '#adb5bd' : '#3b5bdb'), insetLeft: 0.5, insetRight: 0.5, tip: true,
        title: (b: (typeof bars)[number]) => `${b.name}${o.dict.colon}${formatNumber(o.lang, b.customers)} ${d.buyers}` } as never),
      Plot.ruleX(rules, { x: 'x', stroke: lineColour, strokeWidth: 2, strokeDasharray: '4,3' } as never),
      // One line each (the cuts are often close): high on the first line, mid on the second, placed so that
      // neither line runs through a label (cutLabelPlaces). Each label starts with a dashed mark in its line's
      // colour: a label set beside the other cut's line (no room by its own) still says which line is its.
      ...cutLabelPlaces(rules, bars, o.width).flatMap((p, i) => {
        const side = p.anchor === 'start' ? 1 : -1;
        const at = { x: () => p.x, frameAnchor: 'top', dy: 4 + 16 * i, textAnchor: p.anchor, stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' };
        return [
          Plot.text([rules[i]], { ...at, dx: side * 4, text: () => CUT_MARK, fill: lineColour(rules[i]), fontWeight: 'bold' } as never),
          Plot.text([rules[i]], { ...at, dx: side * (4 + CUT_MARK_WIDTH), text: 'label', fill: '#1f2430' } as never),
        ];
      }),
      // The grey bar says what it is: the top 1% of buyers, and how far their values reach (the axis stops at
      // the 99th percentile; the largest can be ten times it). Ends at the bar's right edge, inside the chart.
      ...(dist.tail ? [Plot.text([dist.tail], { x: () => dist.tail!.from + step, y: 'customers', text: () => d.tailUpTo(money(dist.tail!.max)), dy: -8, textAnchor: 'end', fill: '#495057', fontSize: 10 } as never)] : []),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Where each cut's label stands (high on the first line, mid on the second): the first of these placements
 * where no cut line runs through a label and every label stays inside the plot: each beside its own line;
 * both right of the high line; both left of the mid line; high left of its line and mid right of its own.
 * ("Mid value ≥ 101.13" beside its line ran through the high line at 577 on an axis to 5,500.) Pixels from an
 * estimate of the plot's width (no DOM here), generous as textWidth is.
 */
export function cutLabelPlaces(rules: { x: number; label: string }[], bars: { lo: number; hi: number }[], width: number): { x: number; anchor: 'start' | 'end' }[] {
  type Place = { x: number; anchor: 'start' | 'end' };
  const own: Place[] = rules.map((r) => ({ x: r.x, anchor: 'start' }));
  const xs = [...bars.flatMap((b) => [b.lo, b.hi]), ...rules.map((r) => r.x)];
  const lo = Math.min(...xs), span = Math.max(...xs) - lo || 1;
  const plot = width - 60; // Plot's default left and right margins, roughly
  const px = (x: number) => ((x - lo) / span) * plot;
  const fits = (places: Place[]) => places.every((p, i) => {
    const w = textWidth(rules[i].label) + 4 + CUT_MARK_WIDTH;
    const [a, b] = p.anchor === 'start' ? [px(p.x), px(p.x) + w] : [px(p.x) - w, px(p.x)];
    return a >= 0 && b <= plot && rules.every((r) => px(r.x) <= a || px(r.x) >= b || r.x === p.x);
  });
  if (rules.length < 2) return own.map((p, i) => (fits([p]) ? p : { x: rules[i].x, anchor: 'end' as const }));
  const [high, mid] = rules;
  const candidates: Place[][] = [
    own,
    rules.map(() => ({ x: high.x, anchor: 'start' as const })),
    rules.map(() => ({ x: mid.x, anchor: 'end' as const })),
    [{ x: high.x, anchor: 'end' }, { x: mid.x, anchor: 'start' }],
  ];
  return candidates.find(fits) ?? own;
}

/** P(alive) by repeat purchases (rows) and days since the last purchase (columns), at the longest tenure. */
export function pAliveChart(points: PAlivePoint[], T: number, o: ChartOptions) {
  const d = o.dict.clv;
  const xs = [...new Set(points.map((p) => p.x))];
  return Plot.plot({
    ...base(o, d.pAliveMatrix(formatNumber(o.lang, T))),
    height: 75 + xs.length * 16,
    marginLeft: 60,
    // Room for the axis label below the tick labels (a band axis puts it at the bottom margin).
    marginBottom: 45,
    x: { label: d.daysSinceLast, labelOffset: 40, type: 'band', tickFormat: (r: number) => (points.findIndex((p) => p.recency === r) % 3 === 0 ? formatNumber(o.lang, r) : '') },
    y: { label: d.repeatPurchases, type: 'band', domain: xs, reverse: true },
    // Light grey (gone) to green (alive): the cells and the ramp read alike (a pink low end looked like another scale).
    // marginLeft: the ramp's first tick label ("0%") is centred on its start; without it half is cut off.
    color: { type: 'linear', domain: [0, 1], range: ['#f1f3f5', '#2b8a3e'], legend: true, marginLeft: 12, label: d.pAlive, tickFormat: '%' } as Plot.ScaleOptions,
    marks: [
      Plot.cell(points, { x: 'recency', y: 'x', fill: 'p', tip: true,
        title: (p: PAlivePoint) => `${d.repeatPurchases}${o.dict.colon}${p.x}\n${d.daysSinceLast}${o.dict.colon}${formatNumber(o.lang, p.recency)}\n${d.pAlive}${o.dict.colon}${formatPercent(o.lang, p.p, 1)}` } as never),
    ],
  });
}

/** Mean purchases per customer in the holdout window, actual against predicted, by repeat purchases before it. */
export function holdoutChart(rows: HoldoutRow[], o: ChartOptions) {
  const d = o.dict.clv;
  const pts = rows.filter((r) => r.bucket !== 'all').flatMap((r) => [
    { bucket: r.bucket, kind: d.actual, mean: r.customers ? r.actual / r.customers : NaN, customers: r.customers },
    { bucket: r.bucket, kind: d.predicted, mean: r.customers ? r.predicted / r.customers : NaN, customers: r.customers },
  ]);
  return Plot.plot({
    ...base(o, d.holdoutTitle),
    ...xLabelBelow(240),
    x: { label: d.repeatBefore, type: 'point', domain: rows.filter((r) => r.bucket !== 'all').map((r) => r.bucket) },
    y: { label: d.meanPurchases, grid: true },
    color: { domain: [d.actual, d.predicted], range: ['#1f2430', '#e8590c'], legend: true },
    marks: [
      Plot.lineY(pts.filter((p) => Number.isFinite(p.mean)), { x: 'bucket', y: 'mean', stroke: 'kind', strokeDasharray: (p: (typeof pts)[number]) => (p.kind === d.predicted ? '5,3' : null) } as never),
      Plot.dot(pts.filter((p) => Number.isFinite(p.mean)), { x: 'bucket', y: 'mean', fill: 'kind', tip: true,
        title: (p: (typeof pts)[number]) => `${d.repeatBefore}${o.dict.colon}${p.bucket}${o.dict.paren(formatNumber(o.lang, p.customers))}\n${p.kind}${o.dict.colon}${formatNumber(o.lang, p.mean, 2)}` } as never),
      Plot.ruleY([0]),
    ],
  });
}
