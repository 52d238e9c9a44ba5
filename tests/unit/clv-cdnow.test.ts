// SPEC §3a's correctness anchor: the published BG/NBD and Gamma-Gamma results on the CDNOW sample
// (Fader, Hardie & Lee 2005), fitted by our own code on the summaries kept in tests/fixtures/cdnow.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPurchasesNew, fitClv, predictClv, type ClvFitted, type ClvInputs } from '../../src/engine/clv/api';
import { expectedIfAlive, pAlive } from '../../src/engine/clv/bgnbd';

const csv = (name: string) =>
  readFileSync(`tests/fixtures/cdnow/${name}`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));

// ID,x,t_x,T,zbar in weeks; zbar is the mean of the repeat purchases (m_x), 0 where x = 0.
const rows = csv('cdnow_customers_summary_with_transactions.csv');
const weeks = {
  x: rows.map((r) => r[1]),
  tx: rows.map((r) => r[2]),
  T: rows.map((r) => r[3]),
  mx: rows.map((r) => (r[1] > 0 ? r[4] : NaN)),
};
const published = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
const relClose = (got: number, want: number, rel: number) => expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(rel);

function fitted(inputs: ClvInputs): ClvFitted {
  const fit = fitClv(inputs);
  if (!fit.ok) throw new Error(`fit refused: ${fit.detail}`);
  return fit;
}
const fit = fitted(weeks);

describe('BG/NBD on CDNOW (weeks) reproduces Fader, Hardie & Lee 2005', () => {
  it('uses all 2,357 buyers and the 946 repeat buyers', () => {
    expect([fit.buyers, fit.repeatBuyers]).toEqual([2357, 946]);
  });

  it.each(Object.entries(published))('%s = %f within 1e-3 relative', (name, want) => {
    relClose(fit.bgnbd[name as keyof typeof published], want, 1e-3);
  });

  it('the log-likelihood is -9582.429 within 0.01', () => {
    expect(Math.abs(fit.logLik.bgnbd - -9582.429)).toBeLessThan(0.01);
  });

  it('the other summary file (frequency, recency, T) gives the same fit', () => {
    const s = csv('cdnow_customers_summary.csv');
    const other = fitted({ x: s.map((r) => r[1]), tx: s.map((r) => r[2]), T: s.map((r) => r[3]), mx: weeks.mx });
    relClose(other.bgnbd.alpha, fit.bgnbd.alpha, 1e-9);
    expect(other.logLik.bgnbd).toBeCloseTo(fit.logLik.bgnbd, 6);
  });

  it('E[purchases in the next 39 weeks | x = 2, t_x = 30.43, T = 38.86] is 1.226 ± 0.001', () => {
    const e = pAlive(fit.bgnbd, 2, 30.43, 38.86) * expectedIfAlive(fit.bgnbd, 2, 38.86, 39);
    expect(Math.abs(e - 1.226)).toBeLessThan(0.001);
  });

  // As published; at the published parameters the last is 1.85796 (checked to 40 digits).
  it.each([
    [0.1429, 0.0078],
    [1, 0.0532],
    [3, 0.1506],
    [31.8571, 1.0405],
    [32, 1.0437],
    [78, 1.85796],
  ])('a new customer expects E[X(%f weeks)] = %f purchases (within 5e-4)', (t, want) => {
    expect(Math.abs(expectedPurchasesNew(published, t) - want)).toBeLessThan(5e-4);
    expect(Math.abs(expectedPurchasesNew(fit.bgnbd, t) - want)).toBeLessThan(5e-4);
  });
});

describe('Gamma-Gamma on the CDNOW repeat buyers (zbar) reproduces the published fit', () => {
  it.each([
    ['p', 6.2488],
    ['q', 3.7446],
    ['v', 15.4477],
  ] as const)('%s = %f within 1e-3 relative', (name, want) => {
    relClose(fit.gammaGamma[name], want, 1e-3);
  });

  it('the log-likelihood is -4055.92 (lifetimes\' parameterisation)', () => {
    expect(Math.abs(fit.logLik.gammaGamma - -4055.92)).toBeLessThan(0.01);
  });
});

describe('time-unit invariance (SPEC §3a: a fit in weeks gives the same predictions in days, alpha scaled)', () => {
  const days: ClvInputs = { ...weeks, tx: weeks.tx.map((v) => v * 7), T: weeks.T.map((v) => v * 7) };
  const inDays = fitted(days);

  it('alpha is 7 times larger; r, a, b and the Gamma-Gamma fit are unchanged (1e-9 relative)', () => {
    relClose(inDays.bgnbd.alpha, fit.bgnbd.alpha * 7, 1e-9);
    for (const k of ['r', 'a', 'b'] as const) relClose(inDays.bgnbd[k], fit.bgnbd[k], 1e-9);
    for (const k of ['p', 'q', 'v'] as const) relClose(inDays.gammaGamma[k], fit.gammaGamma[k], 1e-9);
  });

  it('every customer\'s four predictions over 39 weeks = 273 days agree within 1e-9 relative', () => {
    const w = predictClv(fit, weeks, { horizonDays: 39, annualDiscount: 0 });
    const dd = predictClv(inDays, days, { horizonDays: 273, annualDiscount: 0 });
    let worst = 0;
    for (const k of ['pAlive', 'expectedPurchases', 'expectedOrderValue', 'predictedClv'] as const) {
      w[k].forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - dd[k][i]) / Math.max(Math.abs(v), 1e-300));
      });
    }
    expect(worst).toBeLessThan(1e-9);
  });
});
