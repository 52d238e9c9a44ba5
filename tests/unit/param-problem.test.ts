// A refused value typed into a parameter box is explained in words, naming the rule and the other field.
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../../src/engine/config';
import { setParam } from '../../src/app/config-path';
import { paramProblem } from '../../src/app/view/param-problem';

const base = defaultConfig();
const absolute = setParam(setParam(setParam(base, 'value.mode', 'absolute'), 'value.high', 1000), 'value.mid', 200);

describe('in English', () => {
  test.each([
    ['at risk above churned', base, 'lifecycle.atRiskDays', 400, 'At risk must be less than Churned (365)'],
    ['churned below at risk', base, 'lifecycle.churnDays', 100, 'Churned must be more than At risk (180)'],
    ['absolute high below mid', absolute, 'value.high', 100, 'High must be at least Mid (200)'],
    ['absolute mid above high', absolute, 'value.mid', 5000, 'Mid must not be more than High (1,000)'],
    // Typed as the sentence beside it reads ("20%"): the rule named by the field's words, not its path.
    ['a share typed as a percentage', base, 'value.high', 20, 'High must be a share between 0 and 1 (0.2 for 20% of buyers)'],
    ['shares over 100%', base, 'value.high', 0.8, 'High plus Mid (0.30) must not exceed 1 (100% of buyers)'],
    ['occasional above frequent', base, 'engagement.occasionalMin', 9, 'Occasional must not be more than Frequent (6)'],
    ['passive above promoter', base, 'nps.passiveMin', 10, 'Passive must not be more than Promoter (9)'],
    ['below the field minimum', base, 'ladder.loyalMinPurchases', 1, 'Loyal: minimum purchases must be at least 2'],
    ['above the field maximum', base, 'engagement.windowDays', 99_999, 'Engagement: window days must be at most 36,500'],
    ['an empty box', base, 'lifecycle.newDays', Number.NaN, 'New must be a number'],
    // A count typed with a fraction is refused, not rounded behind the user's back (the tour of 2026-12-01).
    ['a fraction where a count is wanted', base, 'ladder.loyalMinPurchases', 2.5, 'Loyal: minimum purchases must be a whole number'],
    // Past 2^53 an int is also past its own maximum: the field's limit is named, not 9,007,199,254,740,991.
    ['far above the field maximum', base, 'ladder.loyalMinPurchases', 1e99, 'Loyal: minimum purchases must be at most 1,000,000'],
  ])('%s', (_n, config, path, value, said) => {
    expect(paramProblem('en', config, path, value)).toBe(said);
  });
  test('a valid value has no problem', () => {
    expect(paramProblem('en', base, 'lifecycle.atRiskDays', 200)).toBeNull();
  });
});

test.each([
  ['lifecycle.atRiskDays', 400, '「流失风险」必须小于「已流失」（365）'],
  ['ladder.loyalMinPurchases', 1, '「忠诚：最少购买次数」至少为 2'],
  ['value.mid', 30, '「中价值」必须是 0 到 1 之间的占比（20% 的购买客户填 0.2）'],
])('in Chinese: %s = %s', (path, value, said) => {
  expect(paramProblem('zh', base, path, value)).toBe(said);
});
