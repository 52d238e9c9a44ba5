// The frameworks of SPEC §4: their label keys in display order, and the default RFM segment rules.
import type { Config, SegmentRule } from './config';

export const FRAMEWORKS = ['ladder', 'lifecycle', 'value', 'engagement', 'needs', 'satisfaction', 'nps', 'rfm'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** SPEC revision 2's default list: new_customers and promising before potential_loyalist, cant_lose_them before at_risk. */
export const DEFAULT_SEGMENTS: SegmentRule[] = [
  { name: 'champions', r: [4, 5], f: [4, 5], m: [4, 5] },
  { name: 'loyal_customers', r: [2, 5], f: [3, 5], m: [3, 5] },
  { name: 'new_customers', r: [4, 5], f: [1, 1], m: [1, 1] },
  { name: 'promising', r: [3, 4], f: [1, 1], m: [1, 1] },
  { name: 'potential_loyalist', r: [3, 5], f: [1, 3], m: [1, 3] },
  { name: 'need_attention', r: [2, 3], f: [2, 3], m: [2, 3] },
  { name: 'about_to_sleep', r: [2, 3], f: [1, 2], m: [1, 2] },
  { name: 'cant_lose_them', r: [1, 1], f: [4, 5], m: [4, 5] },
  { name: 'at_risk', r: [1, 2], f: [2, 5], m: [2, 5] },
  { name: 'lost', r: [1, 2], f: [1, 2], m: [1, 2] },
];

/**
 * SPEC revision 1's default list, in which new_customers, promising and cant_lose_them never match.
 * Kept so that a link or notebook made before revision 2 can keep the order it was made with.
 */
export const REVISION_1_SEGMENTS: SegmentRule[] = ['champions', 'loyal_customers', 'potential_loyalist', 'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose_them', 'lost']
  .map((name) => DEFAULT_SEGMENTS.find((s) => s.name === name)!);

export function segmentRules(config: Config): SegmentRule[] {
  return config.rfm.segments === 'default' ? DEFAULT_SEGMENTS : config.rfm.segments;
}

/** Label keys of each framework, in the order charts show them (the ladder's is the funnel's). */
export function labelKeys(framework: Framework, config: Config): string[] {
  switch (framework) {
    case 'ladder': return ['prospect', 'first_time', 'repeat', 'loyal', 'advocate'];
    case 'lifecycle': return ['potential', 'new', 'mature', 'loyal', 'at_risk', 'churned'];
    case 'value': return ['high', 'mid', 'low', 'prospect'];
    case 'engagement': return ['frequent', 'occasional', 'low'];
    case 'needs': return ['high', 'mid', 'low', 'prospect'];
    case 'satisfaction': return ['high', 'mid', 'low', 'unknown'];
    case 'nps': return ['promoter', 'passive', 'detractor', 'unknown'];
    case 'rfm': return [...segmentRules(config).map((s) => s.name), 'other', 'prospect'];
  }
}

/** Metrics whose SQL type is DOUBLE (compared with DOUBLE literals); the rest are DECIMAL or integers. */
export const DOUBLE_METRICS = new Set(['purchase_rate', 'csat', 'nps']);
