// Dimension breakdowns over typed arrays: label x dimension-value counts, recounted on every threshold move.
import { npsScore } from '../funnel';

/** Bin index per customer for numeric values and edges (same half-open bins as binSql); -1 when missing. */
export function binCodes(values: Float64Array, edges: number[], out = new Int32Array(values.length)): Int32Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) { out[i] = -1; continue; }
    let b = 0;
    while (b < edges.length && v >= edges[b]) b++;
    out[i] = b;
  }
  return out;
}

/** counts[label * nValues + value]; customers whose value is missing (code < 0) land in the last column. */
export function crosstab(labels: Uint8Array, nLabels: number, codes: Int32Array, nValues: number, keep?: Uint8Array): Int32Array {
  const width = nValues + 1;
  const counts = new Int32Array(nLabels * width);
  for (let i = 0; i < labels.length; i++) {
    if (keep && !keep[i]) continue;
    const c = codes[i];
    counts[labels[i] * width + (c < 0 ? nValues : c)]++;
  }
  return counts;
}

/** Per column of an nps breakdown (promoter, passive, detractor, unknown rows): the SPEC §4 NPS score of those who answered. */
export function npsByColumn(counts: number[][], labels: string[]): { score: number | null; answered: number }[] {
  const row = (k: string) => counts[labels.indexOf(k)] ?? [];
  const [p, q, d] = [row('promoter'), row('passive'), row('detractor')];
  return (counts[0] ?? []).map((_, j) => ({ score: npsScore(p[j] ?? 0, q[j] ?? 0, d[j] ?? 0), answered: (p[j] ?? 0) + (q[j] ?? 0) + (d[j] ?? 0) }));
}
