// The fit starts each model from a fit on a subsample of its groups (every k-th group in sorted order) and
// polishes on all of them. The subsample is taken in the groups' sorted order, so the fit still does not
// depend on the row order (the page and the command line, and any two row orders, give the same bits), and
// the warm start only shortens the path: it lands on the cold start's optimum to the fit's tolerance.
import { describe, expect, test } from 'vitest';
import { fitClv, type ClvFitted, type ClvInputs } from '../../src/engine/clv/api';
import { subsample, WARM_GROUPS } from '../../src/engine/clv/fit';
import { groupRows } from '../../src/engine/clv/group';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Buyers drawn from a BG/NBD process (whole days) with Gamma-distributed order values: many distinct groups. */
function buyers(n: number, seed: number): ClvInputs {
  const u = lcg(seed);
  const [x, tx, T, mx] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    T[i] = 30 + Math.floor(u() * 700);
    const lambda = -Math.log(u()) / 25;
    const drop = u() * 0.6;
    let t = 0;
    let k = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(u()) / lambda;
      if (t > T[i]) break;
      k++;
      last = t;
      if (u() < drop) break;
    }
    x[i] = k;
    tx[i] = Math.floor(last);
    const nu = -Math.log(u()) * 40;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.max(1, Math.round(-Math.log(u()) * nu * 100)) / 100;
    mx[i] = k > 0 ? sum / k : NaN;
  }
  return { x, tx, T, mx };
}

function shuffled(inputs: ClvInputs, seed: number): ClvInputs {
  const n = inputs.x.length;
  const u = lcg(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const pick = (a: ArrayLike<number>) => Float64Array.from(order, (i) => a[i]);
  return { x: pick(inputs.x), tx: pick(inputs.tx), T: pick(inputs.T), mx: pick(inputs.mx) };
}

const params = (f: ClvFitted) => [f.bgnbd.r, f.bgnbd.alpha, f.bgnbd.a, f.bgnbd.b, f.gammaGamma.p, f.gammaGamma.q, f.gammaGamma.v, f.logLik.bgnbd, f.logLik.gammaGamma];

describe('the warm start', () => {
  const data = buyers(60_000, 7);
  const fitted = (inputs: ClvInputs, warmStart = true) => {
    const f = fitClv(inputs, { warmStart });
    if (!f.ok) throw new Error(`${f.reason}: ${f.detail}`);
    return f;
  };

  test('the data is large enough for a subsample of both models\' groups', () => {
    const bg = groupRows(data.x, data.tx, data.T);
    const repeat = Uint8Array.from(data.x, (x) => (x >= 1 ? 1 : 0));
    const gg = groupRows(data.x, data.mx, new Float64Array(data.x.length), repeat);
    for (const g of [bg, gg]) {
      const sub = subsample(g);
      expect(sub).not.toBeNull();
      expect(sub!.groups.count.length).toBeGreaterThanOrEqual(WARM_GROUPS);
      expect(sub!.groups.count.length).toBeLessThan(g.count.length / 3);
    }
  });

  test('three row orders give the same parameters and log-likelihoods to the bit', () => {
    const a = params(fitted(data));
    expect(params(fitted(shuffled(data, 1)))).toEqual(a);
    expect(params(fitted(shuffled(data, 2)))).toEqual(a);
  });

  test('the same optimum as the cold start, to the fit\'s tolerance', () => {
    const warm = params(fitted(data));
    const cold = params(fitted(data, false));
    warm.forEach((w, i) => expect(Math.abs(w / cold[i] - 1)).toBeLessThan(1e-6));
    // The log-likelihoods agree far closer: at the optimum they are flat.
    expect(Math.abs(warm[7] / cold[7] - 1)).toBeLessThan(1e-12);
    expect(Math.abs(warm[8] / cold[8] - 1)).toBeLessThan(1e-12);
  });

  test('small data has no subsample: the fit starts from the fixed point as before', () => {
    const small = buyers(2_000, 3);
    expect(subsample(groupRows(small.x, small.tx, small.T))).toBeNull();
    expect(params(fitted(small))).toEqual(params(fitted(small, false)));
  });
});
