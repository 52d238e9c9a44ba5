// SPEC §3a's refusals, predictions and holdout rows, and the edge cases of issue 16, on customers drawn
// from the models themselves (tests/reference/clv.ts `simulate`, seeded).
import { describe, expect, it } from 'vitest';
import { fitClv, holdoutRows, predictClv, type ClvFit, type ClvFitted, type ClvInputs } from '../../src/engine/clv/api';
import { expectedIfAlive } from '../../src/engine/clv/bgnbd';
import { discountFactor } from '../../src/engine/clv/predict';
import { conditionalExpectedRef, prng, simulate } from '../reference/clv';

const truth = { r: 0.5, alpha: 30, a: 0.8, b: 2.5, p: 6, q: 4, v: 20 };
const drawn = simulate(1, 3000, truth);

function fitted(inputs: ClvInputs): ClvFitted {
  const fit = fitClv(inputs);
  if (!fit.ok) throw new Error(`fit refused: ${fit.detail}`);
  return fit;
}
const refusal = (fit: ClvFit) => (fit.ok ? null : { reason: fit.reason, detail: fit.detail });
const customers = (n: number, c: { x: number; tx: number; T: number; m?: number }) => ({
  x: Array(n).fill(c.x),
  tx: Array(n).fill(c.tx),
  T: Array(n).fill(c.T),
  mx: Array.from({ length: n }, (_, i) => (c.x > 0 ? (c.m ?? 10 + i) : NaN)),
});
const join = (...parts: ClvInputs[]): ClvInputs => ({
  x: parts.flatMap((p) => Array.from(p.x)),
  tx: parts.flatMap((p) => Array.from(p.tx)),
  T: parts.flatMap((p) => Array.from(p.T)),
  mx: parts.flatMap((p) => Array.from(p.mx)),
});

describe('a fit on data drawn from the models finds the parameters it was drawn with', () => {
  const fit = fitted(drawn);
  it.each([
    ['r', 0.5],
    ['alpha', 30],
    ['a', 0.8],
    ['b', 2.5],
  ] as const)('BG/NBD %s ≈ %f (within 20%%, 3,000 customers)', (k, want) => {
    expect(Math.abs(fit.bgnbd[k] / want - 1)).toBeLessThan(0.2);
  });
  it.each([
    ['p', 6],
    ['q', 4],
    ['v', 20],
  ] as const)('Gamma-Gamma %s ≈ %f (within 20%%)', (k, want) => {
    expect(Math.abs(fit.gammaGamma[k] / want - 1)).toBeLessThan(0.2);
  });
  it('reports the buyers used, and a wall time', () => {
    expect([fit.buyers, fit.repeatBuyers]).toEqual([3000, drawn.x.filter((x) => x >= 1).length]);
    expect(fit.ms).toBeGreaterThan(0);
  });
});

describe('refusals (SPEC §3a): the reason and a sentence naming the numbers', () => {
  it.each([
    ['no repeat buyers at all', customers(500, { x: 0, tx: 0, T: 100 }), 'too_few_repeat_buyers', '0 buyers with repeat purchases; at least 20 are needed'],
    ['one customer', customers(1, { x: 3, tx: 50, T: 90 }), 'too_few_repeat_buyers', '1 buyer with repeat purchases; at least 20 are needed'],
    ['19 repeat buyers among 200', join(customers(181, { x: 0, tx: 0, T: 100 }), customers(19, { x: 1, tx: 20, T: 100 })), 'too_few_repeat_buyers', '19 buyers with repeat purchases; at least 20 are needed'],
    ['no buyers', { x: [], tx: [], T: [], mx: [] }, 'too_few_repeat_buyers', '0 buyers with repeat purchases; at least 20 are needed'],
  ])('%s', (_, inputs, reason, detail) => {
    expect(refusal(fitClv(inputs))).toEqual({ reason, detail });
  });

  it('a Gamma-Gamma q <= 1 (order values too heavy-tailed for a finite mean) is refused', () => {
    const heavy = simulate(5, 2000, { ...truth, p: 2, q: 0.7 });
    const got = refusal(fitClv(heavy));
    expect(got?.reason).toBe('q_not_above_one');
    expect(got?.detail).toMatch(/^Gamma-Gamma q = 0\.\d{4} is not above 1, so the mean order value is not finite$/);
  });

  it('all buyers with the same (x, t_x, T): the likelihood has no maximum, refused as no convergence', () => {
    const got = refusal(fitClv(customers(30, { x: 2, tx: 10, T: 20 })));
    expect(got?.reason).toBe('no_convergence');
    expect(got?.detail).toMatch(/^BG\/NBD (did not converge after 500 iterations|has no finite maximum)/);
  });

  it('every repeat buyer spends the same on average (one price, as a subscription): Gamma-Gamma runs off, refused in tens of iterations, not 500', () => {
    const oneprice = { ...drawn, mx: drawn.mx.map((m) => (Number.isNaN(m) ? NaN : 25)) };
    const got = refusal(fitClv(oneprice));
    expect(got?.reason).toBe('no_convergence');
    const [, name, iterations] = /^Gamma-Gamma has no finite maximum: ([pqv]) ran off to \d\.\d\de\+\d+ after (\d+) iterations$/.exec(got?.detail ?? '') ?? [];
    expect(name).toBeDefined();
    // The minimiser stops once its steps no longer change the value (it used to spend all 500 iterations there).
    expect(Number(iterations)).toBeLessThan(100);
  });

  it('a repeat buyer whose mean order value is 0 (not a purchase, SPEC §3a) makes the likelihood infinite: refused', () => {
    const i = drawn.x.findIndex((x) => x > 0);
    const bad = { ...drawn, mx: drawn.mx.map((m, j) => (j === i ? 0 : m)) };
    expect(refusal(fitClv(bad))).toEqual({ reason: 'no_convergence', detail: 'the Gamma-Gamma log-likelihood is not finite at the starting point' });
  });

  it('exactly 20 repeat buyers are enough', () => {
    const twenty = join(customers(100, { x: 0, tx: 0, T: 300 }), ...[1, 2, 3, 4].map((x) => customers(5, { x, tx: 20 * x, T: 200 + 20 * x })));
    const fit = fitClv(twenty);
    expect(fit.repeatBuyers).toBe(20);
    expect(fit.ok || fit.reason !== 'too_few_repeat_buyers').toBe(true);
  });
});

describe('the four predictions (SPEC §3a)', () => {
  const fit = fitted(drawn);
  const horizon = { horizonDays: 365, annualDiscount: 0.1 };
  const pred = predictClv(fit, drawn, horizon);
  const { a, b, r, alpha } = fit.bgnbd;
  const { p, q, v } = fit.gammaGamma;

  it('x = 0: p_alive is 1 and the order value is the population mean p v / (q − 1)', () => {
    const i = drawn.x.indexOf(0);
    expect(pred.pAlive[i]).toBe(1);
    expect(pred.expectedOrderValue[i]).toBeCloseTo((p * v) / (q - 1), 12);
  });

  it('T = t_x (bought on the last day): p_alive = 1 / (1 + a / (b + x − 1))', () => {
    const one = { x: [3], tx: [200], T: [200], mx: [25] };
    expect(predictClv(fit, one, horizon).pAlive[0]).toBeCloseTo(1 / (1 + a / (b + 2)), 14);
  });

  it('a repeat buyer: the order value is p (v + x m_x) / (p x + q − 1)', () => {
    const i = drawn.x.findIndex((x) => x >= 2);
    const [x, m] = [drawn.x[i], drawn.mx[i]];
    expect(pred.expectedOrderValue[i]).toBeCloseTo((p * (v + x * m)) / (p * x + q - 1), 10);
  });

  it('expected purchases equal the 50-digit eq. 10 for a sample of customers', () => {
    for (const i of [0, 1, 2, 50, 400, 2999]) {
      const want = conditionalExpectedRef({ r, alpha, a, b }, { x: drawn.x[i], tx: drawn.tx[i], T: drawn.T[i] }, 365);
      expect(Math.abs(pred.expectedPurchases[i] - want)).toBeLessThan(1e-11 * Math.max(want, 1e-300));
    }
  });

  it('predicted_clv = expected_purchases × expected_order_value × k, and is 0.9538… of the undiscounted one at 10 % a year', () => {
    const k = discountFactor(horizon);
    expect(k).toBeCloseTo(0.95382351702337, 13);
    const plain = predictClv(fit, drawn, { ...horizon, annualDiscount: 0 });
    pred.predictedClv.forEach((c, i) => {
      expect(c).toBe(pred.expectedPurchases[i] * pred.expectedOrderValue[i] * k);
      expect(plain.predictedClv[i]).toBe(pred.expectedPurchases[i] * pred.expectedOrderValue[i]);
    });
  });

  it('a huge buyer (2,000 purchases) gets finite predictions', () => {
    const big = { x: [2000], tx: [700], T: [700], mx: [30] };
    const got = predictClv(fit, big, horizon);
    for (const k of ['pAlive', 'expectedPurchases', 'expectedOrderValue', 'predictedClv'] as const) expect(Number.isFinite(got[k][0])).toBe(true);
    expect(got.expectedPurchases[0]).toBeGreaterThan(100);
  });

  it('a longer horizon never predicts fewer purchases', () => {
    const ten = predictClv(fit, drawn, { horizonDays: 3650, annualDiscount: 0 });
    pred.expectedPurchases.forEach((e, i) => expect(ten.expectedPurchases[i]).toBeGreaterThanOrEqual(e));
  });
});

describe('row order never matters (SPEC: the result must not depend on input row order)', () => {
  const rnd = prng(42);
  const perm = Array.from({ length: drawn.x.length }, (_, i) => i);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const shuffled = { x: perm.map((i) => drawn.x[i]), tx: perm.map((i) => drawn.tx[i]), T: perm.map((i) => drawn.T[i]), mx: perm.map((i) => drawn.mx[i]) };
  const [a, b] = [fitted(drawn), fitted(shuffled)];

  it('the shuffled rows give bit-identical parameters and log-likelihoods', () => {
    expect([b.bgnbd, b.gammaGamma, b.logLik]).toEqual([a.bgnbd, a.gammaGamma, a.logLik]);
  });

  it('and bit-identical predictions for every customer', () => {
    const h = { horizonDays: 365, annualDiscount: 0.05 };
    const [pa, pb] = [predictClv(a, drawn, h), predictClv(b, shuffled, h)];
    perm.forEach((i, j) => expect(pb.predictedClv[j]).toBe(pa.predictedClv[i]));
    perm.forEach((i, j) => expect(pb.pAlive[j]).toBe(pa.pAlive[i]));
  });
});

describe('holdout rows (SPEC §3a, issue 16 CLI file): buckets 0…6, 7+, then all', () => {
  const fit = fitted(drawn);
  const actual = drawn.x.map((_, i) => i % 3);
  const rows = holdoutRows(fit, drawn, actual, 180);

  it('lists every bucket in order, empty ones with zeros', () => {
    expect(rows.map((r) => r.bucket)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+', 'all']);
    const few = holdoutRows(fit, { x: [0, 2], tx: [0, 50], T: [100, 100], mx: [NaN, 9] }, [1, 4], 180);
    expect(few.filter((r) => ['1', '3', '4', '5', '6', '7+'].includes(r.bucket))).toEqual(
      ['1', '3', '4', '5', '6', '7+'].map((bucket) => ({ bucket, customers: 0, actual: 0, predicted: 0 })),
    );
    expect(few[0]).toEqual({ bucket: '0', customers: 1, actual: 1, predicted: expectedIfAlive(fit.bgnbd, 0, 100, 180) });
    expect(few[8].customers).toBe(2);
    expect(few[8].actual).toBe(5);
  });

  it('counts each customer in the bucket of its repeat purchases before D (7 and more together) and in all', () => {
    const want = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => drawn.x.filter((x) => (k === 7 ? x >= 7 : x === k)).length);
    expect(rows.slice(0, 8).map((r) => r.customers)).toEqual(want);
    expect(rows[8].customers).toBe(3000);
  });

  it('actual and predicted are totals; the buckets add up to all', () => {
    expect(rows[8].actual).toBe(actual.reduce((s, v) => s + v, 0));
    const sum = rows.slice(0, 8).reduce((s, r) => s + r.predicted, 0);
    expect(Math.abs(sum - rows[8].predicted)).toBeLessThan(1e-9 * rows[8].predicted);
    const pred = predictClv(fit, drawn, { horizonDays: 180, annualDiscount: 0 });
    const total = pred.expectedPurchases.reduce((s, v) => s + v, 0);
    expect(Math.abs(total - rows[8].predicted)).toBeLessThan(1e-9 * total);
  });
});
