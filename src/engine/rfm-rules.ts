// Which RFM segment rules can match at all (SPEC §4 rfm: first match wins). Decided exactly over the
// 5 × 5 × 5 score cube: a rule whose every (r, f, m) is taken by earlier rules, alone or together,
// never matches, whatever the data.
import type { SegmentRule } from './config';

export interface RuleReach {
  /** The rule as judged (the page shows a verdict only beside the same rule). */
  rule: SegmentRule;
  /** Score cells (r, f, m) this rule is the first to match: 0 means it never matches. */
  cells: number;
  /**
   * When it never matches: the earlier rules (0-based) that take its cells. One rule when a single
   * earlier rule holds its whole box; otherwise every earlier rule that takes part of it.
   */
  coveredBy: number[] | null;
}

const inside = (x: number, [lo, hi]: [number, number]) => x >= lo && x <= hi;
const holds = (s: SegmentRule, r: number, f: number, m: number) => inside(r, s.r) && inside(f, s.f) && inside(m, s.m);
const contains = (a: SegmentRule, b: SegmentRule) =>
  (['r', 'f', 'm'] as const).every((k) => a[k][0] <= b[k][0] && b[k][1] <= a[k][1]);

export function ruleReach(rules: SegmentRule[]): RuleReach[] {
  // owner[r * 36 + f * 6 + m]: the first rule holding that score cell (-1: none, the cell is `other`).
  const owner = new Int16Array(216).fill(-1);
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++)
    owner[r * 36 + f * 6 + m] = rules.findIndex((s) => holds(s, r, f, m));
  return rules.map((rule, i) => {
    const takers = new Set<number>();
    let cells = 0;
    for (let r = rule.r[0]; r <= rule.r[1]; r++) for (let f = rule.f[0]; f <= rule.f[1]; f++) for (let m = rule.m[0]; m <= rule.m[1]; m++) {
      const k = owner[r * 36 + f * 6 + m];
      if (k === i) cells++;
      else takers.add(k);
    }
    if (cells) return { rule, cells, coveredBy: null };
    const single = rules.findIndex((s, j) => j < i && contains(s, rule));
    return { rule, cells, coveredBy: single >= 0 ? [single] : [...takers].sort((a, b) => a - b) };
  });
}
