// SPEC §4 rfm, first match wins: a rule whose every (r, f, m) earlier rules take never matches. Decided
// over the whole 5 × 5 × 5 cube, coverage by a union of earlier rules included; and SPEC revision 2's
// default list has no such rule (revision 1's had three).
import { describe, expect, test } from 'vitest';
import type { SegmentRule } from '../../src/engine/config';
import { DEFAULT_SEGMENTS, REVISION_1_SEGMENTS } from '../../src/engine/frameworks';
import { ruleReach } from '../../src/engine/rfm-rules';
import { ruleNote } from '../../src/app/view/cut-notes';

const rule = (name: string, r: [number, number], f: [number, number], m: [number, number]): SegmentRule => ({ name, r, f, m });
const ANY: [number, number] = [1, 5];

/** For each rule: the rule numbers (1-based, as the table shows) that cover it, or null when it can match. */
const verdicts = (rules: SegmentRule[]) => ruleReach(rules).map((x) => (x.coveredBy ? x.coveredBy.map((i) => i + 1) : null));

const cases: [string, SegmentRule[], (number[] | null)[]][] = [
  ['SPEC revision 2 default list: every rule can match', DEFAULT_SEGMENTS, DEFAULT_SEGMENTS.map(() => null)],
  ['SPEC revision 1 list: new_customers and promising inside potential_loyalist (rule 3), cant_lose_them inside at_risk (rule 8)',
    REVISION_1_SEGMENTS, [null, null, null, [3], [3], null, null, null, [8], null]],
  ['a rule repeated: covered by its first copy', [rule('a', [4, 5], ANY, ANY), rule('b', [4, 5], ANY, ANY)], [null, [1]]],
  ['a catch-all first: everything after it never matches', [rule('all', ANY, ANY, ANY), rule('x', [5, 5], [5, 5], [5, 5]), rule('y', [1, 1], ANY, ANY)], [null, [1], [1]]],
  ['covered only by two earlier rules together', [rule('low_m', ANY, ANY, [1, 2]), rule('high_m', ANY, ANY, [3, 5]), rule('rest', [2, 4], [2, 4], ANY)], [null, null, [1, 2]]],
  ['one cell left uncovered: the rule still matches (at r 5, f 5, m 5)',
    [rule('a', [1, 4], ANY, ANY), rule('b', [5, 5], [1, 4], ANY), rule('c', [5, 5], [5, 5], [1, 4]), rule('d', [5, 5], [5, 5], ANY)], [null, null, null, null]],
  ['the same cell but one: the last cell taken too, by a fourth rule', [rule('a', [1, 4], ANY, ANY), rule('b', [5, 5], [1, 4], ANY), rule('c', [5, 5], [5, 5], [1, 4]), rule('top', [5, 5], [5, 5], [5, 5]), rule('d', [5, 5], [5, 5], ANY)], [null, null, null, null, [3, 4]]],
  ['a single container is named even when other rules take its cells first', [rule('a', [5, 5], [5, 5], [5, 5]), rule('big', [4, 5], ANY, ANY), rule('small', [5, 5], [4, 5], [4, 5])], [null, null, [2]]],
];

describe('rules that never match', () => {
  test.each(cases)('%s', (_name, rules, want) => expect(verdicts(rules)).toEqual(want));
  test.each([['revision 2', DEFAULT_SEGMENTS], ['revision 1', REVISION_1_SEGMENTS]] as const)('%s: the cells each rule matches first add up to the cells some rule holds', (_n, rules) => {
    let held = 0;
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++)
      if (rules.some((s) => s.r[0] <= r && r <= s.r[1] && s.f[0] <= f && f <= s.f[1] && s.m[0] <= m && m <= s.m[1])) held++;
    expect(ruleReach(rules).reduce((a, x) => a + x.cells, 0)).toBe(held);
    expect(held).toBeLessThan(125); // some scores (e.g. r 1, f 3, m 1) are `other` under both lists
  });
  test('revision 2 moves each of the three rules ahead of the rule that hid it: new_customers 2 cells, promising 1 (r 3; r 4 is new_customers’), cant_lose_them 4', () => {
    const cells = Object.fromEntries(ruleReach(DEFAULT_SEGMENTS).map((x) => [x.rule.name, x.cells]));
    expect(cells).toMatchObject({ champions: 8, new_customers: 2, promising: 1, cant_lose_them: 4 });
  });
  test.each([
    ['en', [2], 'never matches: covered by rule 3'],
    ['en', [0, 1], 'never matches: covered by rules 1 and 2 together'],
    ['en', [0, 2, 3], 'never matches: covered by rules 1, 3 and 4 together'],
    ['zh', [2], '永远不会匹配：已被规则 3 覆盖'],
    ['zh', [0, 1], '永远不会匹配：已被规则 1、2 共同覆盖'],
  ] as const)('in words (%s): %j', (lang, by, text) => {
    expect(ruleNote(lang, { rule: DEFAULT_SEGMENTS[0], cells: 0, coveredBy: [...by] })).toBe(text);
  });
  test('a rule that can match says nothing', () => expect(ruleNote('en', { rule: DEFAULT_SEGMENTS[0], cells: 8, coveredBy: null })).toBe(''));
});
