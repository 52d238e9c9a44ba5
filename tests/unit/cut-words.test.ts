// The words beside the cuts, in both languages: cut lists labelled, scores that cannot occur, shares
// asked and got; and the explicit cuts typed in the RFM cell, each wrong box named.
import { describe, expect, test } from 'vitest';
import type { ScoreCuts, ValueShares } from '../../src/engine/live/cut-notes';
import { DICTS, type Lang } from '../../src/app/i18n';
import { cutList, cutListLabel, scoreNotes, valueSharesNote } from '../../src/app/view/cut-notes';
import { cutIssueText, readCuts, startingCuts, type CutTexts } from '../../src/app/view/rfm-cuts';

const QUINTILES = [0.2, 0.4, 0.6, 0.8];
const f: ScoreCuts = {
  score: 'f', metric: 'purchases', source: 'quintiles', levels: QUINTILES, cuts: [1, 1, 3, 6],
  buyers: [2983, 0, 1200, 700, 541], empty: [2], ties: [{ value: 1, cuts: [1, 2], buyers: 2983, share: 0.55 }],
};
const r: ScoreCuts = {
  score: 'r', metric: 'recency_days', source: 'quintiles', levels: QUINTILES, cuts: [45, 192, 432, 746.4],
  buyers: [1085, 1085, 1085, 1085, 1084], empty: [], ties: [],
};
const rTied: ScoreCuts = { ...r, cuts: [5, 5, 6.4, 8.2], buyers: [2, 2, 6, 0, 0], empty: [4, 5], ties: [{ value: 5, cuts: [1, 2], buyers: 5, share: 0.5 }] };
const mExplicit: ScoreCuts = {
  score: 'm', metric: 'monetary', source: 'explicit', levels: null, cuts: [15, 25, 100, 200.125],
  buyers: [1, 1, 2, 0, 0], empty: [4, 5], ties: [],
};
const mTied: ScoreCuts = { ...mExplicit, source: 'quintiles', levels: QUINTILES, cuts: [0, 0, 10, 20], buyers: [4, 0, 3, 2, 1], empty: [2], ties: [{ value: 0, cuts: [1, 2], buyers: 4, share: 0.4 }] };

describe('RFM cut lists and the scores they rule out', () => {
  test.each([
    ['en', f, 'purchases, quintiles of buyers at 20 · 40 · 60 · 80%', '1 · 1 · 3 · 6'],
    ['en', r, 'days since last purchase, quintiles of buyers at 20 · 40 · 60 · 80%', '45 · 192 · 432 · 746.4'],
    ['en', mExplicit, 'monetary, your cuts', '15 · 25 · 100 · 200.125'],
    ['zh', f, '购买次数，买家五分位，分位点 20 · 40 · 60 · 80%', '1 · 1 · 3 · 6'],
    ['zh', mExplicit, '消费金额，自定义切分点', '15 · 25 · 100 · 200.125'],
  ] as const)('%s: cut list %# is labelled by its metric and source', (lang, s, label, list) => {
    expect(cutListLabel(lang, DICTS[lang], s)).toBe(label);
    expect(cutList(lang, s.cuts)).toBe(list);
  });
  test.each<[Lang, ScoreCuts[], string[]]>([
    ['en', [f], ['F cuts 1 · 1 · 3 · 6: F = 2 cannot occur; 55% of buyers bought once.']],
    ['en', [r, f], ['F cuts 1 · 1 · 3 · 6: F = 2 cannot occur; 55% of buyers bought once.']],
    ['en', [rTied], ['R cuts 5 · 5 · 6.4 · 8.2: R = 4 and R = 5 cannot occur; 50% of buyers last bought 5 days ago.']],
    ['en', [mTied], ['M cuts 0 · 0 · 10 · 20: M = 2 cannot occur; 40% of buyers have a monetary value of exactly 0.']],
    ['en', [mExplicit], ['M cuts 15 · 25 · 100 · 200.125: M = 4 and M = 5 hold no buyer.']],
    ['en', [{ ...mExplicit, empty: [5] }], ['M cuts 15 · 25 · 100 · 200.125: M = 5 holds no buyer.']],
    ['en', [{ ...f, ties: [{ ...f.ties[0], value: 2 }] }], ['F cuts 1 · 1 · 3 · 6: F = 2 cannot occur; 55% of buyers bought 2 times.']],
    ['zh', [f], ['F 切分点 1 · 1 · 3 · 6：F = 2 不可能出现；55% 的买家购买过 1 次。']],
    ['zh', [rTied], ['R 切分点 5 · 5 · 6.4 · 8.2：R = 4、R = 5 不可能出现；50% 的买家最近一次购买在 5 天前。']],
    ['zh', [mExplicit], ['M 切分点 15 · 25 · 100 · 200.125：M = 4、M = 5 没有买家。']],
    ['en', [r], []],
  ])('%s: %#', (lang, scores, want) => expect(scoreNotes(lang, scores)).toEqual(want));
});

describe('value tiers: shares asked and got', () => {
  const even: ValueShares = { base: 5424, asked: { high: 0.2, mid: 0.3 }, got: { high: 0.20004, mid: 0.29997 }, tiedAtCut: { high: false, mid: false } };
  const tied: ValueShares = { base: 2000, asked: { high: 0.2, mid: 0.3 }, got: { high: 0.221, mid: 0.379 }, tiedAtCut: { high: true, mid: false } };
  test.each([
    ['en', even, 'monetary', 'Asked 20% / 30%, got 20.0% / 30.0% of the 5,424 buyers ranked by monetary.'],
    ['en', tied, 'purchases', 'Asked 20% / 30%, got 22.1% / 37.9% of the 2,000 buyers ranked by purchases: ties at the cut.'],
    ['en', { ...even, asked: { high: 0.125, mid: 0.3 } }, 'monetary', 'Asked 12.5% / 30%, got 20.0% / 30.0% of the 5,424 buyers ranked by monetary.'],
    ['zh', tied, 'monetary', '要求 20% / 30%，实得 22.1% / 37.9%（按消费金额排序的 2,000 位买家）：切分点处有并列值。'],
    // Ties moved a share by less than the first decimal shows: the note shows the difference it warns of.
    ['en', { ...even, got: { high: 0.2, mid: 0.30013 }, tiedAtCut: { high: false, mid: true } }, 'predicted_clv', 'Asked 20% / 30%, got 20.00% / 30.01% of the 5,424 buyers ranked by predicted lifetime value: ties at the cut.'],
    ['zh', { ...even, got: { high: 0.2000004, mid: 0.3 }, tiedAtCut: { high: true, mid: false } }, 'monetary', '要求 20% / 30%，实得 20.000% / 30.000%（按消费金额排序的 5,424 位买家）：切分点处有并列值。'],
  ] as const)('%s: %s', (lang, v, metric, text) => expect(valueSharesNote(lang, DICTS[lang], v, metric)).toBe(text));
});

describe('explicit cuts typed in the RFM cell', () => {
  const boxes = (r: string[], f: string[], m: string[]): CutTexts => ({ r, f, m });
  const ok = ['10', '30', '90', '180'];
  test('four ascending numbers per score are read exactly (equal neighbours allowed)', () => {
    expect(readCuts(boxes(ok, ['1', '1', '3', '6'], [' 50.5', '100', '1e3', '2000 ']))).toEqual({ cuts: { r: [10, 30, 90, 180], f: [1, 1, 3, 6], m: [50.5, 100, 1000, 2000] }, issues: [] });
  });
  test.each([
    ['an empty box', boxes(ok, ['1', '', '3', '6'], ok), ['F cut 2 must be a number']],
    ['a word', boxes(['ten', '30', '90', '180'], ok, ok), ['R cut 1 must be a number']],
    ['hex and thousands separators are not numbers (SPEC §1)', boxes(ok, ok, ['0x10', '1,000', '2000', '3000']), ['M cut 1 must be a number', 'M cut 2 must be a number']],
    ['Infinity', boxes(ok, ok, ['1', '2', '3', 'Infinity']), ['M cut 4 must be a number']],
    ['descending', boxes(['10', '30', '20', '180'], ok, ok), ['R cut 3 must not be less than R cut 2 (30)']],
    ['past 1e15', boxes(ok, ok, ['1', '2', '3', '2e15']), ['M cut 4 must be between −10^15 and 10^15']],
  ] as const)('refused: %s', (_n, t, messages) => {
    const r = readCuts(t);
    expect(r.cuts).toBeNull();
    expect(r.issues.map((i) => cutIssueText('en', i))).toEqual(messages);
  });
  test('messages in Chinese name the same box', () => {
    const r = readCuts(boxes(['10', '30', '20', '180'], ['1', 'x', '3', '6'], ok));
    expect(r.issues.map((i) => cutIssueText('zh', i))).toEqual(['R 切分点 3 不能小于 R 切分点 2（30）', 'F 切分点 2 必须是数字']);
  });
  test('switching to explicit cuts starts from the quintile cuts in force, to 3 decimals', () => {
    expect(startingCuts({ r: [45, 192, 432, 746.4], f: [1, 1, 3, 6], m: [91.13400000000001, 244.372, 522.846, 1306.4916] }))
      .toEqual({ r: [45, 192, 432, 746.4], f: [1, 1, 3, 6], m: [91.134, 244.372, 522.846, 1306.492] });
    expect(startingCuts({ r: [null, null, null, null], f: [null, null, null, null], m: [null, null, null, null] })).toEqual({ r: [0, 0, 0, 0], f: [0, 0, 0, 0], m: [0, 0, 0, 0] });
  });
});
