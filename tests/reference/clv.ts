// Independent high-precision references for the predicted-value models (SPEC §3a), for the tests only.
// They share no code with src/engine/clv: decimal.js at 50 significant digits, the textbook formulas
// written as published (FHL 2005 eqs. 6, 10, 11; the Gamma-Gamma density), the plain 2F1 series without
// any transformation, and lnΓ by Stirling's series with Bernoulli numbers computed exactly here.
import DecimalBase from 'decimal.js';
import { add, div, fromInt, mul, q, type Q } from './rational';

const D = DecimalBase.clone({ precision: 50 });
type Dec = InstanceType<typeof D>;
const d = (v: number | string | Dec) => new D(v);

/** B_2, B_4, ..., B_40 as exact rationals from Σ_{j<=m} C(m+1, j) B_j = 0. */
const bernoulli: Q[] = (() => {
  const B: Q[] = [fromInt(1)];
  for (let m = 1; m <= 40; m++) {
    let s = fromInt(0);
    let binom = 1n;
    for (let j = 0; j < m; j++) {
      s = add(s, mul(q(binom), B[j]));
      binom = (binom * BigInt(m + 1 - j)) / BigInt(j + 1);
    }
    B.push(div(mul(fromInt(-1), s), q(BigInt(m + 1))));
  }
  return B;
})();

const lnGammaCache = new Map<string, Dec>();

export function lnGamma(z0: number | Dec): Dec {
  const key = d(z0).toString();
  const hit = lnGammaCache.get(key);
  if (hit) return hit;
  const value = lnGammaUncached(d(z0));
  lnGammaCache.set(key, value);
  return value;
}

function lnGammaUncached(z0: Dec): Dec {
  let z = z0;
  let acc = d(0);
  while (z.lt(40)) {
    acc = acc.minus(z.ln());
    z = z.plus(1);
  }
  let s = z.minus(0.5).times(z.ln()).minus(z).plus(D.acos(-1).times(2).ln().div(2));
  for (let k = 1; k <= 20; k++) {
    const b = bernoulli[2 * k];
    s = s.plus(d(b.n.toString()).div(b.d.toString()).div(d(2 * k).times(2 * k - 1).times(z.pow(2 * k - 1))));
  }
  return acc.plus(s);
}

const lnBeta = (a: Dec, b: Dec) => lnGamma(a).plus(lnGamma(b)).minus(lnGamma(a.plus(b)));

/** 2F1(a, b; c; z) by its defining series, summed until a term is below 1e-45 of the sum. */
export function hyp2f1Ref(a: number | Dec, b: number | Dec, c: number | Dec, z: number | Dec): Dec {
  const [A, B, C, Z] = [d(a), d(b), d(c), d(z)];
  let term = d(1);
  let sum = d(1);
  for (let n = 0; n < 2_000_000; n++) {
    term = term.times(A.plus(n)).times(B.plus(n)).div(C.plus(n)).div(n + 1).times(Z);
    sum = sum.plus(term);
    const settled = A.plus(n).gt(0) && B.plus(n).gt(0) && d(n).gt(A.abs().plus(B.abs()).plus(C.abs()));
    if (settled && term.abs().lt(sum.abs().times('1e-45'))) return sum;
    // Or sooner, where every later ratio is bounded below one: (A+k)/(k+1) and (B+k)/(C+k) are each monotone
    // in k towards 1, so for k > n each is at most the larger of its value at n+1 and 1 (parameters in the
    // millions would otherwise need as many terms); the remainder is then at most term·ρ/(1−ρ).
    const k = n + 1;
    if (A.plus(k).gt(0) && B.plus(k).gt(0) && C.plus(k).gt(0)) {
      const one = d(1);
      const rho = Z.times(D.max(one, A.plus(k).div(k + 1))).times(D.max(one, B.plus(k).div(C.plus(k))));
      if (rho.lt(1) && term.abs().times(rho).div(one.minus(rho)).lt(sum.abs().times('1e-45'))) return sum;
    }
  }
  throw new Error('reference 2F1 series did not converge');
}

export interface BgNbd { r: number; alpha: number; a: number; b: number }
export interface Customer { x: number; tx: number; T: number }

/** FHL 2005 eq. 6 as printed, one customer at a time, summed. */
export function bgnbdLogLikRef(p: BgNbd, rows: Customer[]): number {
  const [r, alpha, a, b] = [d(p.r), d(p.alpha), d(p.a), d(p.b)];
  let total = d(0);
  for (const { x, tx, T } of rows) {
    const lnPoisson = lnGamma(r.plus(x)).minus(lnGamma(r)).plus(r.times(alpha.ln()));
    const lnBab = lnBeta(a, b);
    const term1 = lnBeta(a, b.plus(x)).minus(lnBab).plus(lnPoisson).minus(r.plus(x).times(alpha.plus(T).ln())).exp();
    const term2 = x > 0 ? lnBeta(a.plus(1), b.plus(x - 1)).minus(lnBab).plus(lnPoisson).minus(r.plus(x).times(alpha.plus(tx).ln())).exp() : d(0);
    total = total.plus(term1.plus(term2).ln());
  }
  return total.toNumber();
}

export interface GammaGamma { p: number; q: number; v: number }

/** The density of a mean of x Gamma(p, ν) values with ν ~ Gamma(q, v), as a product of its factors. */
export function gammaGammaLogLikRef(g: GammaGamma, rows: { x: number; m: number }[]): number {
  const [p, qq, v] = [d(g.p), d(g.q), d(g.v)];
  let total = d(0);
  for (const { x, m } of rows) {
    const px = p.times(x);
    const density = lnGamma(px.plus(qq)).minus(lnGamma(px)).minus(lnGamma(qq)).exp()
      .times(v.pow(qq)).times(d(x).pow(px)).times(d(m).pow(px.minus(1)))
      .div(d(x).times(m).plus(v).pow(px.plus(qq)));
    total = total.plus(density.ln());
  }
  return total.toNumber();
}

/** FHL 2005 eq. 11. */
export function pAliveRef(p: BgNbd, c: Customer): Dec {
  if (c.x === 0) return d(1);
  const ratio = d(p.alpha).plus(c.T).div(d(p.alpha).plus(c.tx)).pow(d(p.r).plus(c.x));
  return d(1).div(d(1).plus(d(p.a).div(d(p.b).plus(c.x - 1)).times(ratio)));
}

/** FHL 2005 eq. 10 as printed: the plain 2F1 series, with every factor at 50 digits. */
export function conditionalExpectedRef(p: BgNbd, c: Customer, t: number): number {
  const [r, alpha, a, b] = [d(p.r), d(p.alpha), d(p.a), d(p.b)];
  const aT = alpha.plus(c.T);
  const z = d(t).div(aT.plus(t));
  const f = hyp2f1Ref(r.plus(c.x), b.plus(c.x), a.plus(b).plus(c.x - 1), z);
  const bracket = d(1).minus(aT.div(aT.plus(t)).pow(r.plus(c.x)).times(f));
  const lead = a.plus(b).plus(c.x - 1).div(a.minus(1));
  return lead.times(bracket).times(pAliveRef(p, c)).toNumber();
}

/** A seeded PRNG (mulberry32) for shuffles and random cases. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, 1) draws (Marsaglia & Tsang) from a seeded uniform source. */
function gammaDraw(rnd: () => number, k: number): number {
  if (k < 1) return gammaDraw(rnd, k + 1) * rnd() ** (1 / k);
  const dd = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * dd);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(rnd()) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) return dd * v;
  }
}

/**
 * Customers drawn from the BG/NBD and Gamma-Gamma stories (whole days, T up to `maxT`): the model's own
 * data, on which a fit must find parameters near the ones it was drawn with.
 */
export function simulate(seed: number, n: number, p: BgNbd & GammaGamma, maxT = 730) {
  const rnd = prng(seed);
  const out = { x: [] as number[], tx: [] as number[], T: [] as number[], mx: [] as number[] };
  for (let i = 0; i < n; i++) {
    const T = 1 + Math.floor(rnd() * maxT);
    const lambda = gammaDraw(rnd, p.r) / p.alpha;
    const g = gammaDraw(rnd, p.a);
    const drop = g / (g + gammaDraw(rnd, p.b));
    const nu = gammaDraw(rnd, p.q) / p.v;
    let [t, x, last, spent] = [0, 0, 0, 0];
    for (;;) {
      t += -Math.log(rnd()) / lambda;
      if (t >= T) break;
      x++;
      last = Math.floor(t);
      spent += gammaDraw(rnd, p.p) / nu;
      if (rnd() < drop) break;
    }
    out.x.push(x);
    out.tx.push(last);
    out.T.push(T);
    out.mx.push(x > 0 ? Math.round((spent / x) * 100) / 100 : NaN);
  }
  return out;
}
