// One-click RFM grids: segment rules (first match wins, as SPEC §4) and a matrix of segments, each
// segment with its strategy in the built-in playbook. Written in the style of well-known reports, not
// copied from them: their exact rules are not public or use scores we do not have (Shopify's (F+M)/2).
import type { Config, SegmentRule } from '../config';
import { DEFAULT_SEGMENTS } from '../frameworks';

export const RFM_PRESETS = ['classic', 'shopify', 'klaviyo'] as const;
export type RfmPreset = (typeof RFM_PRESETS)[number];

const rule = (name: string, r: [number, number], f: [number, number], m: [number, number]): SegmentRule => ({ name, r, f, m });

/** 11 groups in the style of Shopify's RFM groups: recency first, then how much and how often. */
const SHOPIFY: SegmentRule[] = [
  rule('champions', [4, 5], [4, 5], [4, 5]),
  rule('loyal', [3, 5], [3, 5], [3, 5]),
  rule('new', [5, 5], [1, 1], [1, 5]),
  rule('promising', [4, 4], [1, 1], [1, 5]),
  rule('active', [4, 5], [2, 5], [1, 5]),
  rule('needs_attention', [3, 3], [1, 5], [1, 5]),
  rule('previously_loyal', [1, 2], [4, 5], [4, 5]),
  rule('at_risk', [2, 2], [3, 5], [1, 5]),
  rule('almost_lost', [2, 2], [1, 2], [1, 5]),
  rule('dormant', [1, 1], [3, 5], [1, 5]),
  rule('lost', [1, 1], [1, 2], [1, 5]),
];

/** 6 groups in the style of Klaviyo's RFM report. */
const KLAVIYO: SegmentRule[] = [
  rule('champions', [4, 5], [4, 5], [4, 5]),
  rule('loyal', [3, 5], [3, 5], [1, 5]),
  rule('recent', [4, 5], [1, 2], [1, 5]),
  rule('needs_attention', [3, 3], [1, 2], [1, 5]),
  rule('at_risk', [1, 2], [3, 5], [1, 5]),
  rule('inactive', [1, 2], [1, 2], [1, 5]),
];

export function presetSegments(preset: RfmPreset): SegmentRule[] {
  return preset === 'classic' ? DEFAULT_SEGMENTS : preset === 'shopify' ? SHOPIFY : KLAVIYO;
}

/** The config with a preset applied: its segment rules, and the matrix showing one row per segment. */
export function applyPreset(config: Config, preset: RfmPreset): Config {
  return {
    ...config,
    rfm: { ...config.rfm, segments: preset === 'classic' ? 'default' : presetSegments(preset).map((s) => ({ ...s })) },
    strategy: { ...config.strategy, matrix: { rows: 'rfm', cols: 'none', cells: {} } },
  };
}

/** Which preset the config's segments are, if any. */
export function presetOf(config: Config): RfmPreset | null {
  const s = config.rfm.segments;
  if (s === 'default') return 'classic';
  const same = (p: SegmentRule[]) => JSON.stringify(p) === JSON.stringify(s);
  return same(SHOPIFY) ? 'shopify' : same(KLAVIYO) ? 'klaviyo' : null;
}
