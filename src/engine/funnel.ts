// The ladder funnel (SPEC §4): per rung, the customers on it, on it or above, and the conversion onward.
export interface FunnelStep {
  rung: string;
  customers: number;
  atOrAbove: number;
  /** (on the next rung or above) / (on this rung or above); null on the top rung or when nobody is at or above. */
  conversion: number | null;
}

export function funnel(rungs: readonly string[], counts: ArrayLike<number>): FunnelStep[] {
  const atOrAbove: number[] = [];
  let running = 0;
  for (let i = rungs.length - 1; i >= 0; i--) atOrAbove[i] = running += counts[i];
  return rungs.map((rung, i) => ({
    rung,
    customers: counts[i],
    atOrAbove: atOrAbove[i],
    conversion: i + 1 < rungs.length && atOrAbove[i] > 0 ? atOrAbove[i + 1] / atOrAbove[i] : null,
  }));
}

/** SPEC §4: 100 * (promoters - detractors) / (promoters + passives + detractors); null when nobody answered. */
export function npsScore(promoters: number, passives: number, detractors: number): number | null {
  const n = promoters + passives + detractors;
  return n === 0 ? null : (100 * (promoters - detractors)) / n;
}
