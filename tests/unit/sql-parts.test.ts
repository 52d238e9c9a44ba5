import { describe, expect, test } from 'vitest';
import { amountFromText, ExprError, parseAmountExpr } from '../../src/engine/sql/amount-expr';
import { ident, plainDecimal, str } from '../../src/engine/sql/quote';
import { cutPosition, toDecimal, valueShareProbabilities } from '../../src/engine/quantile';
import { funnel, npsScore } from '../../src/engine/funnel';

describe('quoting: user text reaches SQL only as quoted identifiers and literals', () => {
  test.each([
    ['plain', 'Quantity', '"Quantity"'],
    ['with a quote', 'a"b', '"a""b"'],
    ['an injection attempt', 'x"; DROP TABLE t; --', '"x""; DROP TABLE t; --"'],
    ['Chinese', '实付金额', '"实付金额"'],
  ])('ident: %s', (_n, input, want) => expect(ident(input)).toBe(want));
  test('string literals double their quotes', () => expect(str("O'Brien")).toBe("'O''Brien'"));
  test.each([
    [0.2, '0.2'], [1e-7, '0.0000001'], [1.5e-10, '0.00000000015'], [1e21, '1000000000000000000000'], [-2.5e-3, '-0.0025'], [42, '42'],
  ])('plainDecimal(%s) = %s', (x, want) => expect(plainDecimal(x)).toBe(want));
});

describe('amount expressions are parsed, never pasted', () => {
  test.each([
    ['a column', 'amount', { kind: 'col', name: 'amount' }],
    ['a product', 'Quantity * UnitPrice', { kind: 'bin', op: '*', left: { kind: 'col', name: 'Quantity' }, right: { kind: 'col', name: 'UnitPrice' } }],
    ['precedence', 'a - b * 2', { kind: 'bin', op: '-', left: { kind: 'col', name: 'a' }, right: { kind: 'bin', op: '*', left: { kind: 'col', name: 'b' }, right: { kind: 'num', text: '2' } } }],
    ['parentheses and unary minus', '-(a + b)', { kind: 'neg', arg: { kind: 'bin', op: '+', left: { kind: 'col', name: 'a' }, right: { kind: 'col', name: 'b' } } }],
    ['a quoted name', '"Unit Price" / 100', { kind: 'bin', op: '/', left: { kind: 'col', name: 'Unit Price' }, right: { kind: 'num', text: '100' } }],
    ['Chinese names', '数量 * 单价', { kind: 'bin', op: '*', left: { kind: 'col', name: '数量' }, right: { kind: 'col', name: '单价' } }],
  ])('%s', (_n, src, tree) => expect(parseAmountExpr(src)).toEqual(tree));
  test.each([
    ['an empty expression', '', 0],
    ['a function call', 'sum(a)', 3],
    ['a statement', 'a; DROP TABLE x', 1],
    ['a string literal', "a + 'x'", 4],
    ['a dangling operator', 'a *', 3],
    ['an unclosed parenthesis', '(a + b', 6],
    ['an unclosed quote', '"a + b', 0],
  ])('refuses %s, with the position', (_n, src, at) => {
    expect(() => parseAmountExpr(src)).toThrow(ExprError);
    try { parseAmountExpr(src); } catch (e) { expect((e as ExprError).position).toBe(at); }
  });
  test('an exact column name wins over parsing it', () => {
    expect(amountFromText('paid - refund', ['paid - refund'])).toEqual({ kind: 'col', name: 'paid - refund' });
    expect(amountFromText('paid - refund', ['paid', 'refund']).kind).toBe('bin');
  });
});

describe('quantile positions: p(n-1) in exact decimal', () => {
  test.each([
    ['p 0.8 of 5', 0.8, 5, { lo: 3, hi: 4, exact: false }],
    ['p 0.6 of 6 (1 - 0.2 - 0.2)', valueShareProbabilities(0.2, 0.2).mid, 6, { lo: 3, hi: 3, exact: true }],
    ['p 0 of 4', 0, 4, { lo: 0, hi: 0, exact: true }],
    ['p 1 of 4', 1, 4, { lo: 3, hi: 3, exact: true }],
    ['one value', 0.5, 1, { lo: 0, hi: 0, exact: true }],
  ])('%s', (_n, p, n, want) => {
    const c = cutPosition(typeof p === 'number' ? toDecimal(p) : p, n)!;
    expect({ lo: c.lo, hi: c.hi, exact: c.exact }).toEqual(want);
  });
  test('no values, no cut', () => expect(cutPosition(toDecimal(0.5), 0)).toBeNull());
  test('shares are subtracted in decimal', () => {
    const p = valueShareProbabilities(0.2, 0.2);
    expect(p.high).toEqual({ units: 8n, scale: 1 });
    expect(p.mid).toEqual({ units: 6n, scale: 1 });
  });
});

describe('the ladder funnel', () => {
  test('counts, at-or-above and conversion onward', () => {
    expect(funnel(['prospect', 'first_time', 'repeat', 'loyal', 'advocate'], [10, 40, 30, 15, 5])).toEqual([
      { rung: 'prospect', customers: 10, atOrAbove: 100, conversion: 0.9 },
      { rung: 'first_time', customers: 40, atOrAbove: 90, conversion: 50 / 90 },
      { rung: 'repeat', customers: 30, atOrAbove: 50, conversion: 0.4 },
      { rung: 'loyal', customers: 15, atOrAbove: 20, conversion: 0.25 },
      { rung: 'advocate', customers: 5, atOrAbove: 5, conversion: null },
    ]);
  });
  test('an empty rung above gives conversion 0; nobody at or above gives null', () => {
    expect(funnel(['a', 'b', 'c'], [3, 0, 0]).map((s) => s.conversion)).toEqual([0, null, null]);
  });
});

describe('the NPS score of a group', () => {
  test.each([
    ['promoters minus detractors over all who answered', [50, 30, 20], 30],
    ['all detractors', [0, 0, 4], -100],
    ['nobody answered', [0, 0, 0], null],
  ] as const)('%s', (_n, [p, pa, d], want) => expect(npsScore(p, pa, d)).toBe(want));
});
