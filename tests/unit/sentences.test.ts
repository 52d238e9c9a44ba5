import { describe, expect, test } from 'vitest';
import { funnel } from '../../src/engine/funnel';
import { DICTS } from '../../src/app/i18n';
import { breakdownSentence, ladderSentence, largestSentence, lifecycleSentence, npsBreakdownSentence, npsSentence, ordersOnlyProspects, rfmSentence, valueSentence } from '../../src/app/view/sentences';

// at or above: 1000, 900, 500, 200, 50 -> 500/900 came back, 200/500 became loyal, 50/200 advocates
const steps = funnel(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], [100, 400, 300, 150, 50]);

describe('sentences that read the charts', () => {
  test.each([
    ['en', '56% of first-time buyers came back; 40% of repeat buyers became loyal; 25% of loyal customers became advocates.'],
    ['zh', '首次购买的客户中有 56% 再次购买；重复购买的客户中有 40% 成为忠诚客户；忠诚客户中有 25% 成为推荐者。'],
  ] as const)('ladder, %s', (lang, want) => expect(ladderSentence(lang, steps)).toBe(want));
  test.each([
    ['en', /; advocates need referral or NPS data \(map a referrals column of a customers file, or open a survey file\)\.$/],
    ['zh', /；成为推荐者需要推荐或 NPS 数据（映射客户文件的推荐列，或打开问卷文件）。$/],
  ] as const)('ladder without referral or NPS data, %s: no "0% became advocates"', (lang, want) => {
    const s = ladderSentence(lang, steps, false);
    expect(s).toMatch(want);
    expect(s).not.toMatch(/advocates\.$|成为推荐者。$/);
  });
  test.each([
    ['en', '50% of first-time buyers came back; 0% of repeat buyers became loyal; no loyal customers to become advocates.'],
    ['zh', '首次购买的客户中有 50% 再次购买；重复购买的客户中有 0% 成为忠诚客户；没有忠诚客户可成为推荐者。'],
  ] as const)('ladder with nobody loyal, %s: the empty rung in words, not a dash', (lang, want) => {
    const none = funnel(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], [100, 400, 400, 0, 0]);
    expect(ladderSentence(lang, none)).toBe(want);
  });
  test('value tiers: share of buyers and of revenue', () => {
    const counts = [{ key: 'high', customers: 20 }, { key: 'mid', customers: 30 }, { key: 'low', customers: 50 }, { key: 'prospect', customers: 10 }];
    expect(valueSentence('en', counts, [600, 300, 100, -5])).toBe('High-value customers are 20% of buyers and bring 60% of revenue.');
  });
  test('lifecycle: at risk and churned', () => {
    expect(lifecycleSentence('en', [{ key: 'at_risk', customers: 25 }, { key: 'churned', customers: 50 }, { key: 'new', customers: 25 }]))
      .toBe('25 customers (25%) are at risk and 50 (50%) have churned.');
  });
  test('largest group, translated', () => {
    const counts = [{ key: 'frequent', customers: 1 }, { key: 'occasional', customers: 3 }, { key: 'low', customers: 6 }];
    expect(largestSentence('en', DICTS.en, 'engagement', counts)).toBe('The largest group is Low: 6 customers (60%).');
    expect(largestSentence('zh', DICTS.zh, 'engagement', counts)).toBe('最大的群体是「低互动」：6 位客户（60%）。');
  });
  test('largest group among buyers, with its share of everyone (as the chart shows it), the prospects beside it named', () => {
    const counts = [{ key: 'high', customers: 10 }, { key: 'low', customers: 30 }, { key: 'prospect', customers: 60 }];
    expect(largestSentence('en', DICTS.en, 'needs', counts, ['prospect'])).toBe('Besides Prospect (60 customers), the largest group is Low need: 30 customers (30%).');
    expect(largestSentence('zh', DICTS.zh, 'needs', counts, ['prospect'])).toBe(`除「${DICTS.zh.labels.needs.prospect}」（60 位）外，最大的群体是「${DICTS.zh.labels.needs.low}」：30 位客户（30%）。`);
  });
  test('nobody answered: every customer is in the skipped labels, said so (not "no customers")', () => {
    const counts = [{ key: 'satisfied', customers: 0 }, { key: 'neutral', customers: 0 }, { key: 'unknown', customers: 4372 }, { key: 'prospect', customers: 0 }];
    expect(largestSentence('en', DICTS.en, 'satisfaction', counts, ['prospect', 'unknown'])).toBe(`All 4,372 customers are in ${DICTS.en.labels.satisfaction.unknown}.`);
    expect(largestSentence('en', DICTS.en, 'satisfaction', counts.map((c) => ({ ...c, customers: 0 })), ['prospect', 'unknown'])).toBe('No customers to count.');
  });
  test('nps score with sign; nobody answered', () => {
    const counts = [{ key: 'promoter', customers: 50 }, { key: 'passive', customers: 30 }, { key: 'detractor', customers: 20 }, { key: 'unknown', customers: 900 }];
    expect(npsSentence('en', counts, 30)).toBe('NPS is +30: of 100 customers who answered, 50% are promoters and 20% detractors.');
    expect(npsSentence('en', counts, null)).toBe('No customer has answered the NPS question yet.');
  });
  test('breakdown: the value with the largest share of a label', () => {
    expect(breakdownSentence('en', DICTS.en, 'ladder', 'loyal', ['North', 'South'], [[10, 10, 0], [5, 15, 0]], ['repeat', 'loyal']))
      .toBe('South has the highest share of Loyal: 60%.');
  });
  test.each([
    ['nobody has the label anywhere: no "highest share" of 0%', 'en', [[10, 10], [0, 0]], ['North', 'South'], 'No group has any Loyal customers.'],
    ['nobody has the label anywhere (zh)', 'zh', [[10, 10], [0, 0]], ['North', 'South'], '各组中都没有「忠诚客户」客户。'],
    ['a tie is said as a tie; the missing value is named', 'en', [[5, 5, 9], [5, 5, 1]], ['North', '', 'South'], 'North, (missing) tie for the highest share of Loyal: 50% each.'],
  ] as const)('breakdown: %s', (_, lang, counts, values, sentence) => {
    expect(breakdownSentence(lang, DICTS[lang], 'ladder', 'loyal', [...values], counts.map((r) => [...r]), ['repeat', 'loyal'])).toBe(sentence);
  });
  // The RFM bars show each segment's share of all customers (prospects included): the sentence uses that base.
  const rfm = [{ key: 'champions', customers: 894 }, { key: 'loyal_customers', customers: 1488 }, { key: 'lost', customers: 513 }, { key: 'other', customers: 2529 }, { key: 'prospect', customers: 576 }];
  test.each([
    ['en', 'Champions are 894 customers, 15% of all customers. The largest group is Other: 2,529 customers (42%).'],
    ['zh', '「重要价值客户」共 894 位，占全部客户的 15%。最大的群体是「其他」：2,529 位客户（42%）。'],
  ] as const)('rfm, %s: champions and the largest group on the bars\' base', (lang, want) => expect(rfmSentence(lang, DICTS[lang], rfm)).toBe(want));
  test('rfm: a custom rule list without champions names only its own segments', () => {
    const custom = [{ key: 'vip', customers: 30 }, { key: 'fresh', customers: 50 }, { key: 'other', customers: 10 }, { key: 'prospect', customers: 10 }];
    const text = rfmSentence('en', DICTS.en, custom);
    expect(text).toBe('The largest group is fresh: 50 customers (50%).');
    expect(text).not.toContain('Champions');
    expect(rfmSentence('zh', DICTS.zh, custom)).not.toContain('重要价值客户');
  });
  // nps by region: counts[label][value], labels promoter, passive, detractor, unknown; the last column is "missing".
  const npsBreakdown = {
    framework: 'nps' as const, dimension: 'region', labels: ['promoter', 'passive', 'detractor', 'unknown'], values: ['East', 'West', 'North'],
    counts: [[30, 5, 0, 1], [10, 5, 0, 0], [10, 10, 0, 0], [500, 900, 40, 3]],
    nps: [{ score: 40, answered: 50 }, { score: -25, answered: 20 }, { score: null, answered: 0 }, { score: 100, answered: 1 }],
  };
  test.each([
    ['en', 'NPS is highest in (missing): +100 (1 answered), and lowest in West: -25 (20 answered).'],
    ['zh', 'NPS 最高的是「（缺失）」+100（1 位作答），最低的是「West」-25（20 位作答）。'],
  ] as const)('nps by a dimension, %s: the scores of those who answered, not shares with "no answer"', (lang, want) => {
    expect(npsBreakdownSentence(lang, DICTS[lang], npsBreakdown)).toBe(want);
  });
  test('nps by a dimension where one value has answers, and where nobody answered', () => {
    const one = { ...npsBreakdown, nps: [{ score: 40, answered: 50 }, { score: null, answered: 0 }, { score: null, answered: 0 }, { score: null, answered: 0 }] };
    expect(npsBreakdownSentence('en', DICTS.en, one)).toBe('NPS is +40 in East (50 answered).');
    const none = { ...npsBreakdown, nps: npsBreakdown.nps.map(() => ({ score: null, answered: 0 })) };
    expect(npsBreakdownSentence('en', DICTS.en, none)).toBe('No customer has answered the NPS question yet.');
  });
});

describe('prospects in data with orders only (SPEC §2: a purchase is an order with value > 0)', () => {
  test.each([
    ['en', 34, false, 'The 34 prospects have orders but no purchase: every order of theirs is a return, a cancellation or zero (an order is a purchase when its value is above 0).'],
    ['en', 1, false, 'The 1 prospect has orders but no purchase: every order of theirs is a return, a cancellation or zero (an order is a purchase when its value is above 0).'],
    ['zh', 1234, false, '这 1,234 位潜在客户有订单但没有购买：他们的每笔订单都是退货、取消或金额为零（金额大于 0 的订单才算购买）。'],
    // With a customers file a prospect may simply have no orders: nothing to explain; none at all, nothing said.
    ['en', 576, true, null],
    ['en', 0, false, null],
  ] as const)('%s: %i prospects, customers file %s', (lang, n, customersFile, said) => expect(ordersOnlyProspects(lang, n, customersFile)).toBe(said));
});
