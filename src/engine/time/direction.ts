// SPEC §4a: how a customer's label moved between two dates (or two configs). Ordered frameworks rank
// their labels lowest first; moves from or to `absent` or `unknown`, and every move of lifecycle and
// rfm_segment, are `changed` or `same` only.
import type { Framework } from '../frameworks';

export type Direction = 'up' | 'down' | 'same' | 'changed';

/** The baseline label of a customer outside the baseline's universe. */
export const ABSENT = 'absent';

export const RANKS: Partial<Record<Framework, readonly string[]>> = {
  ladder: ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'],
  value: ['prospect', 'low', 'mid', 'high'],
  engagement: ['low', 'occasional', 'frequent'],
  needs: ['prospect', 'low', 'mid', 'high'],
  satisfaction: ['low', 'mid', 'high'],
  nps: ['detractor', 'passive', 'promoter'],
};

export function direction(framework: Framework, from: string, to: string): Direction {
  if (from === to) return 'same';
  const rank = RANKS[framework];
  const a = rank?.indexOf(from) ?? -1;
  const b = rank?.indexOf(to) ?? -1;
  if (a < 0 || b < 0) return 'changed';
  return b > a ? 'up' : 'down';
}
