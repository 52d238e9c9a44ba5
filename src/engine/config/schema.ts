// The SPEC §5 config document: one schema, defaults included, validated whole.
import { z } from 'zod';
import { matrixIssues } from '../playbook/matrix';
import { strategyDoc, strategySection } from './strategy';

const int = (min: number, max = 1_000_000) => z.number().int().min(min).max(max);
/**
 * SPEC §5: thresholds and cuts lie within ±1e15, so each is an exact decimal literal in the SQL (at
 * most 16 integer and 18 fractional digits) and a double in the live recount. (JSON's 1e999 is Infinity,
 * which no number schema accepts.)
 */
export const THRESHOLD_LIMIT = 1e15;
const threshold = (min = -THRESHOLD_LIMIT) =>
  z.number().min(min, min === -THRESHOLD_LIMIT ? 'must be at least -1e15' : `must be at least ${min}`).max(THRESHOLD_LIMIT, 'must be at most 1e15');
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

const ladder = z
  .strictObject({
    loyalMinPurchases: int(2).default(4),
    activeDays: int(1).default(365),
    advocateMinReferrals: int(0).default(1),
    advocateMinNps: z.number().min(0).max(10).default(9),
  })
  .prefault({});

const lifecycle = z
  .strictObject({
    newDays: int(0).default(90),
    atRiskDays: int(1).default(180),
    churnDays: int(1).default(365),
    loyalMinPurchases: int(1).default(4),
  })
  .prefault({});

const value = z
  .strictObject({
    metric: z.enum(['monetary', 'profit', 'aov', 'purchases', 'predicted_clv']).default('monetary'),
    mode: z.enum(['share', 'absolute']).default('share'),
    high: threshold().default(0.2),
    mid: threshold().default(0.3),
  })
  .prefault({});

const engagement = z
  .strictObject({
    windowDays: int(1, 36_500).default(90),
    frequentMin: int(0).default(6),
    occasionalMin: int(0).default(2),
  })
  .prefault({});

const needs = z
  .strictObject({
    metric: z.enum(['purchase_rate', 'categories', 'aov']).default('purchase_rate'),
    high: threshold(0).default(1.0),
    mid: threshold(0).default(0.25),
  })
  .prefault({});

const satisfaction = z
  .strictObject({ high: z.number().min(1).max(5).default(4), mid: z.number().min(1).max(5).default(3) })
  .prefault({});

const nps = z
  .strictObject({ promoterMin: z.number().min(0).max(10).default(9), passiveMin: z.number().min(0).max(10).default(7) })
  .prefault({});

const cutList = z
  .array(threshold())
  .length(4)
  .refine((a) => a.every((v, i) => i === 0 || a[i - 1] <= v), 'must be in ascending order');
const scoreRange = z
  .tuple([int(1, 5), int(1, 5)])
  .refine(([lo, hi]) => lo <= hi, 'must be [lo, hi] with lo <= hi');
export const SEGMENT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const segmentRule = z.strictObject({
  name: z
    .string()
    .regex(SEGMENT_NAME, 'must be a snake_case key (a-z, 0-9, _; at most 40 characters)')
    .refine((n) => n !== 'prospect' && n !== 'other', 'is reserved (prospect and other are built in)'),
  r: scoreRange,
  f: scoreRange,
  m: scoreRange,
});

const rfm = z
  .strictObject({
    cuts: z.union([z.literal('quintiles'), z.strictObject({ r: cutList, f: cutList, m: cutList })]).default('quintiles'),
    segments: z
      .union([z.literal('default'), z.array(segmentRule).min(1).max(50)])
      .default('default')
      .refine((s) => s === 'default' || new Set(s.map((r) => r.name)).size === s.length, 'has a repeated segment name'),
  })
  .prefault({});

// SPEC §5 revision 2. Whether a date is before the analysis date in force depends on the data, not on the
// document: the views that need it say so (the command line refuses it).
const clv = z
  .strictObject({
    horizonDays: int(1, 3650).default(365),
    annualDiscount: z.number().min(0).max(1).default(0),
    holdoutFrom: isoDay.nullable().default(null),
  })
  .prefault({});

export const PERIODS = ['week', 'month', 'quarter'] as const;
export type Period = (typeof PERIODS)[number];
const period = z.enum(PERIODS, 'must be week, month or quarter');

const time = z
  .strictObject({
    baselineAsOf: isoDay.nullable().default(null),
    trendPeriod: period.default('month'),
    cohortPeriod: period.default('month'),
  })
  .prefault({});

const configShape = z.strictObject({
  version: z.literal(1, 'must be 1 (the only config version this build reads)'),
  asOf: isoDay.nullable().default(null),
  ladder,
  lifecycle,
  value,
  engagement,
  needs,
  satisfaction,
  nps,
  rfm,
  clv,
  time,
  strategy: strategySection,
});

/** Cross-field rules: each names the field that breaks the ordering. */
export const configSchema = configShape.superRefine((c, ctx) => {
  // `other` and `relation` let the page say the rule in words next to the box being typed in.
  const fail = (path: string, message: string, params?: { other: string; relation: 'lt' | 'le' | 'sum' }) =>
    ctx.addIssue({ code: 'custom', path: path.split('.'), message, ...(params ? { params } : {}) });
  if (c.lifecycle.atRiskDays >= c.lifecycle.churnDays)
    fail('lifecycle.atRiskDays', 'must be less than lifecycle.churnDays', { other: 'lifecycle.churnDays', relation: 'lt' });
  if (c.value.mode === 'share') {
    if (c.value.high < 0 || c.value.high > 1) fail('value.high', 'must be a share between 0 and 1 in share mode');
    else if (c.value.mid < 0 || c.value.mid > 1) fail('value.mid', 'must be a share between 0 and 1 in share mode');
    else if (c.value.high + c.value.mid > 1 + 1e-12) fail('value.mid', 'plus value.high must not exceed 1 in share mode', { other: 'value.high', relation: 'sum' });
  } else if (c.value.mid > c.value.high) fail('value.mid', 'must not exceed value.high', { other: 'value.high', relation: 'le' });
  if (c.engagement.occasionalMin > c.engagement.frequentMin)
    fail('engagement.occasionalMin', 'must not exceed engagement.frequentMin', { other: 'engagement.frequentMin', relation: 'le' });
  if (c.needs.mid > c.needs.high) fail('needs.mid', 'must not exceed needs.high', { other: 'needs.high', relation: 'le' });
  if (c.satisfaction.mid > c.satisfaction.high) fail('satisfaction.mid', 'must not exceed satisfaction.high', { other: 'satisfaction.high', relation: 'le' });
  if (c.nps.passiveMin > c.nps.promoterMin) fail('nps.passiveMin', 'must not exceed nps.promoterMin', { other: 'nps.promoterMin', relation: 'le' });
  // Checked last: the matrix's labels depend on the RFM segments above.
  const [matrixIssue] = matrixIssues(c as Config);
  if (matrixIssue) fail(...matrixIssue);
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type StrategyDoc = z.output<typeof strategyDoc>;
export type SegmentRule = z.output<typeof segmentRule>;
export type RfmCuts = { r: number[]; f: number[]; m: number[] };
