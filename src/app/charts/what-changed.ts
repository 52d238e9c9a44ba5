import * as Plot from '@observablehq/plot';
import type { WhatChangedRow } from '../../engine/time/what-changed';
import { formatNumber } from '../i18n';
import { base, type ChartOptions } from './common';

/** The waterfall's steps: baseline revenue, each factor's contribution, current revenue. Null without contributions. */
export function waterfallSteps(all: WhatChangedRow[]): { key: string; from: number; to: number }[] | null {
  const get = (f: string) => all.find((r) => r.factor === f)!;
  const rev = get('revenue');
  const parts = ['buyers', 'purchases_per_buyer', 'revenue_per_purchase'].map(get);
  if (parts.some((p) => p.contribution === null) || rev.baseline === null || rev.current === null) return null;
  const steps = [{ key: 'baseline', from: 0, to: Number(rev.baseline) }];
  let at = Number(rev.baseline);
  for (const p of parts) { const to = at + Number(p.contribution); steps.push({ key: p.factor, from: at, to }); at = to; }
  steps.push({ key: 'current', from: 0, to: Number(rev.current) });
  return steps;
}

/** Revenue baseline → buyers → purchases per buyer → revenue per purchase → current, each bar its contribution. */
export function waterfallChart(steps: NonNullable<ReturnType<typeof waterfallSteps>>, o: ChartOptions) {
  const d = o.dict;
  const bars = steps.map((s) => ({ ...s, name: d.whatChanged.steps[s.key], lo: Math.min(s.from, s.to), hi: Math.max(s.from, s.to), delta: s.to - s.from }));
  const total = (k: string) => k === 'baseline' || k === 'current';
  return Plot.plot({
    ...base(o, d.whatChanged.title),
    height: 280,
    marginLeft: 70,
    x: { domain: bars.map((b) => b.name), label: null },
    y: { label: d.whatChanged.revenue, grid: true },
    marks: [
      Plot.barY(bars, { x: 'name', y1: 'lo', y2: 'hi', fill: (b: (typeof bars)[number]) => (total(b.key) ? '#868e96' : b.delta >= 0 ? '#2b8a3e' : '#c92a2a'), tip: true,
        title: (b: (typeof bars)[number]) => `${b.name}${o.dict.colon}${total(b.key) ? formatNumber(o.lang, b.to, 2) : `${b.delta >= 0 ? '+' : ''}${formatNumber(o.lang, b.delta, 2)}`}` } as never),
      Plot.text(bars, { x: 'name', y: 'hi', dy: -6, text: (b: (typeof bars)[number]) => (total(b.key) ? formatNumber(o.lang, b.to, 0) : `${b.delta >= 0 ? '+' : ''}${formatNumber(o.lang, b.delta, 0)}`) } as never),
      Plot.ruleY([0]),
    ],
  });
}
