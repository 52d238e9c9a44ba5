// A filter by dimension values: which customers every cell counts. Labels stay computed for everyone;
// only the counting passes skip the customers left out.
import type { MetricColumns, SortedMetrics } from './columns';
import type { Recount } from './recount';

/** keep[i] = 1 when customer i's dimension code is one of `codes` (-1 is "missing"). */
export function keepMask(codes: Int32Array, wanted: Set<number>): Uint8Array {
  const keep = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) keep[i] = wanted.has(codes[i]) ? 1 : 0;
  return keep;
}

/** Recount every framework's counts and the chart sums over the kept customers only. */
export function countKept(out: Recount, c: MetricColumns, keep: Uint8Array): number {
  let kept = 0;
  for (let i = 0; i < keep.length; i++) kept += keep[i];
  for (const fw of Object.keys(out.labels) as (keyof Recount['labels'])[]) {
    const lab = out.labels[fw], cnt = out.counts[fw].fill(0);
    for (let i = 0; i < lab.length; i++) cnt[lab[i]] += keep[i];
  }
  const revenue = out.valueRevenue.fill(0), value = out.labels.value, money = c.monetary;
  for (let i = 0; i < keep.length; i++) if (keep[i]) revenue[value[i]] += money[i];
  const heatCount = out.heatCount.fill(0), heatMonetary = out.heatMonetary.fill(0);
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    const cell = out.r[i] * 6 + out.f[i];
    heatCount[cell]++;
    heatMonetary[cell] += money[i];
  }
  return kept;
}

/** The kept buyers' values of a metric (those with a value), ascending. */
export function keptBuyerValues(col: ArrayLike<number>, purchases: ArrayLike<number>, keep: Uint8Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < col.length; i++) if (keep[i] && purchases[i] > 0 && col[i] >= -Infinity) out.push(col[i]);
  return Float64Array.from(out).sort();
}

/** The sorted buyer values of the kept customers, for the per-model charts of the filtered view. */
export function keptSorted(c: MetricColumns, keep: Uint8Array): Pick<SortedMetrics, 'monetary'> {
  return { monetary: keptBuyerValues(c.monetary, c.purchases, keep) };
}
