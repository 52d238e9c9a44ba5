// What the cuts do to the buyers (SPEC §4 rfm, "ties and skew are said, not hidden"): which RFM scores
// no buyer can hold, which cut values tie and how many buyers sit on them, and the value-tier shares
// obtained next to the shares asked. Pure functions over the sorted buyer values and the planned cuts,
// so they hold whatever filter the page shows (cuts are always taken over all buyers).
import type { Config } from '../config';
import { atLeastIndex, cutValue, RFM_QUINTILES } from '../quantile';
import type { Cut, Cuts } from '../sql/labels';
import type { SortedMetrics } from './columns';
import { thresholds } from './recount';

export type Score = 'r' | 'f' | 'm';
export const SCORE_METRIC = { r: 'recency_days', f: 'purchases', m: 'monetary' } as const;

export interface ScoreCuts {
  score: Score;
  metric: (typeof SCORE_METRIC)[Score];
  /** `quintiles`: the SPEC §4 quantile of the metric over buyers at `levels` (src/engine/quantile.ts, as the labels use); `explicit`: the config's numbers. */
  source: 'quintiles' | 'explicit';
  levels: number[] | null;
  /** The four cut values as shown (the interpolated quantile); null without buyers. */
  cuts: (number | null)[];
  /** Buyers holding score 1, 2, 3, 4, 5 (over all buyers). */
  buyers: number[];
  /** Scores no buyer holds while there are buyers; with quintile cuts they cannot occur on this data. */
  empty: number[];
  /** Runs of equal neighbouring cuts: the value, which cuts (1-based), and the buyers whose value is exactly it. */
  ties: { value: number; cuts: number[]; buyers: number; share: number }[];
}

/** Number of values < t in ascending `s`. */
function below(s: Float64Array, t: number): number {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid] < t) lo = mid + 1; else hi = mid; }
  return lo;
}
/** Number of values <= t in ascending `s`. */
function atMost(s: Float64Array, t: number): number {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (s[mid] <= t) lo = mid + 1; else hi = mid; }
  return lo;
}

const shown = (cut: Cut, sorted: SortedMetrics): number | null => {
  if ('value' in cut) return cut.value;
  return cut.at ? cutValue(sorted[cut.metric], cut.at) : null;
};

/** Buyers per score 1..5 under the SPEC rules: r counts cuts above the value (x < c), f and m cuts below it (x > c). */
export function scoreCounts(score: Score, cuts: Cut[], sorted: SortedMetrics): number[] {
  const s = sorted[SCORE_METRIC[score]];
  const n = s.length;
  if (score === 'r') {
    // r = 5 below the first cut, r = 1 at or above the last.
    const at = cuts.map((c) => below(s, thresholds(c, sorted).atLeast));
    return [n - at[3], at[3] - at[2], at[2] - at[1], at[1] - at[0], at[0]];
  }
  const at = cuts.map((c) => atMost(s, thresholds(c, sorted).above));
  return [at[0], at[1] - at[0], at[2] - at[1], at[3] - at[2], n - at[3]];
}

export function scoreCuts(config: Config, cuts: Cuts, sorted: SortedMetrics): ScoreCuts[] {
  const quintiles = config.rfm.cuts === 'quintiles';
  return (['r', 'f', 'm'] as const).map((score) => {
    const metric = SCORE_METRIC[score];
    const list = cuts[score];
    const values = list.map((c) => shown(c, sorted));
    const buyers = scoreCounts(score, list, sorted);
    const n = sorted[metric].length;
    const empty = n ? buyers.flatMap((b, i) => (b === 0 ? [i + 1] : [])) : [];
    const ties: ScoreCuts['ties'] = [];
    for (let i = 0; i < values.length; ) {
      let j = i;
      while (j + 1 < values.length && values[j + 1] !== null && values[j + 1] === values[i]) j++;
      const v = values[i];
      if (j > i && v !== null) {
        const s = sorted[metric];
        const on = atMost(s, v) - below(s, v);
        ties.push({ value: v, cuts: Array.from({ length: j - i + 1 }, (_, k) => i + k + 1), buyers: on, share: n ? on / n : 0 });
      }
      i = j + 1;
    }
    return {
      score, metric, source: quintiles ? 'quintiles' : 'explicit',
      levels: quintiles ? RFM_QUINTILES.map((p) => Number(p.units) / 10 ** p.scale) : null,
      cuts: values, buyers, empty, ties,
    };
  });
}

export interface ValueShares {
  /** Buyers with a non-null metric: the base of every share here. */
  base: number;
  asked: { high: number; mid: number };
  got: { high: number; mid: number };
  /** The tier's lower cut lies inside a run of equal values, all of which went up with it. */
  tiedAtCut: { high: boolean; mid: boolean };
}

/** Share mode only (null otherwise, or without a buyer with a value): the shares obtained next to those asked. */
export function valueShares(config: Config, cuts: Cuts, sorted: SortedMetrics): ValueShares | null {
  const v = config.value;
  if (v.mode !== 'share' || !('at' in cuts.valueHigh) || !('at' in cuts.valueMid)) return null;
  const s = sorted[cuts.valueHigh.metric];
  const n = s.length;
  const hiAt = cuts.valueHigh.at, midAt = cuts.valueMid.at;
  if (!n || !hiAt || !midAt) return null;
  const reached = (i: number) => n - below(s, s[i]);
  const high = reached(atLeastIndex(hiAt));
  const mid = reached(atLeastIndex(midAt)) - high;
  const tied = (i: number) => i > 0 && s[i - 1] === s[i];
  return {
    base: n,
    asked: { high: v.high, mid: v.mid },
    got: { high: high / n, mid: mid / n },
    tiedAtCut: { high: tied(atLeastIndex(hiAt)), mid: tied(atLeastIndex(midAt)) },
  };
}
