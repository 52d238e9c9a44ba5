// A refused fit says why in the reader's language (SPEC §3a refusals): the page's sentence is built from
// the refusal's numbers; the English one equals the detail the command line prints and clv.json keeps.
import { describe, expect, it } from 'vitest';
import { fitClv, type ClvFit, type RefusalWhy } from '../../src/engine/clv/api';
import { refusalDetail } from '../../src/engine/clv/refusal';
import { en } from '../../src/app/i18n/en';
import { zh } from '../../src/app/i18n/zh';
import { formatNumber } from '../../src/app/i18n';
import { simulate } from '../reference/clv';

const enN = (v: number) => formatNumber('en', v);
const zhN = (v: number) => formatNumber('zh', v);

describe('each kind of refusal, in both languages', () => {
  it.each<[string, RefusalWhy, string, string]>([
    ['too few repeat buyers', { kind: 'too_few_repeat_buyers', repeatBuyers: 19, needed: 20 },
      '19 buyers with repeat purchases; at least 20 are needed', '有重复购买的买家 19 位，至少需要 20 位'],
    ['one repeat buyer', { kind: 'too_few_repeat_buyers', repeatBuyers: 1, needed: 20 },
      '1 buyer with repeat purchases; at least 20 are needed', '有重复购买的买家 1 位，至少需要 20 位'],
    ['not finite at the start', { kind: 'not_finite', model: 'Gamma-Gamma' },
      'the Gamma-Gamma log-likelihood is not finite at the starting point', 'Gamma-Gamma 的对数似然在起点处不是有限值'],
    ['a parameter ran off', { kind: 'ran_off', model: 'Gamma-Gamma', parameter: 'v', value: 5.789896082800553e9, iterations: 19 },
      'Gamma-Gamma has no finite maximum: v ran off to 5.79e+9 after 19 iterations', 'Gamma-Gamma 没有有限的最大值：参数 v 在 19 次迭代后趋向 5.79e+9'],
    ['no convergence', { kind: 'not_converged', model: 'BG/NBD', iterations: 500, gradient: 4.3912e-5 },
      'BG/NBD did not converge after 500 iterations (largest gradient 4.39e-5 per buyer)', 'BG/NBD 在 500 次迭代后仍未收敛（每位买家的最大梯度 4.39e-5）'],
    ['q not above 1', { kind: 'q_not_above_one', q: 0.71223 },
      'Gamma-Gamma q = 0.7122 is not above 1, so the mean order value is not finite', 'Gamma-Gamma q = 0.7122 不大于 1，平均订单价值不是有限值'],
  ])('%s', (_, why, english, chinese) => {
    expect(refusalDetail(why)).toBe(english);
    expect(en.clv.why(why, enN)).toBe(english);
    expect(zh.clv.why(why, zhN)).toBe(chinese);
  });

  it('counts are written with the page\'s thousands separators; the command line\'s detail keeps plain digits', () => {
    const why: RefusalWhy = { kind: 'not_converged', model: 'BG/NBD', iterations: 1500, gradient: 1e-4 };
    expect(refusalDetail(why)).toBe('BG/NBD did not converge after 1500 iterations (largest gradient 1.00e-4 per buyer)');
    expect(en.clv.why(why, enN)).toBe('BG/NBD did not converge after 1,500 iterations (largest gradient 1.00e-4 per buyer)');
  });
});

describe('the fits the SPEC refuses carry their numbers, and the detail is the English sentence of them', () => {
  const drawn = simulate(1, 3000, { r: 0.5, alpha: 30, a: 0.8, b: 2.5, p: 6, q: 4, v: 20 });
  const cases: [string, ClvFit, RefusalWhy['kind']][] = [
    ['no repeat buyers', fitClv({ x: [0, 0, 0], tx: [0, 0, 0], T: [10, 20, 30], mx: [NaN, NaN, NaN] }), 'too_few_repeat_buyers'],
    ['one price for everyone', fitClv({ ...drawn, mx: drawn.mx.map((m) => (Number.isNaN(m) ? NaN : 25)) }), 'ran_off'],
    ['a mean order value of 0', fitClv({ ...drawn, mx: drawn.mx.map((m, i) => (i === drawn.x.findIndex((x) => x > 0) ? 0 : m)) }), 'not_finite'],
    ['heavy-tailed spend', fitClv(simulate(5, 2000, { r: 0.5, alpha: 30, a: 0.8, b: 2.5, p: 2, q: 0.7, v: 20 })), 'q_not_above_one'],
  ];
  it.each(cases)('%s', (_, fit, kind) => {
    if (fit.ok || !('why' in fit) || !fit.why) throw new Error('expected a refusal with its numbers');
    expect(fit.why.kind).toBe(kind);
    expect(fit.detail).toBe(refusalDetail(fit.why));
    // The Chinese sentence has no English words (model and parameter names aside).
    expect(zh.clv.why(fit.why, zhN).replace(/BG\/NBD|Gamma-Gamma|alpha|\b[a-z]\b/g, '')).not.toMatch(/[A-Za-z]{2,}/);
  });
});
