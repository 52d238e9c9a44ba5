// The Gaussian hypergeometric function 2F1 for 0 <= z < 1, and the BG/NBD quantity built on it. Written
// here: no npm package evaluates 2F1 reliably for large parameters (a customer with x = 2,000 purchases
// gives a, b, c ≈ 2,000, where the plain series' terms and the result overflow and 0·∞ gives NaN).
import { exp, ln, log1p } from './libm';

/** Largest number of series terms: the tail shrinks at least like z^n, so this covers 1 − z ≥ 1e-6. */
const MAX_TERMS = 50_000_000;

/**
 * Σ_{n≥1} t_n with t_1 = first and t_{n+1} = t_n · (a+n)(b+n) z / ((c+n)(n+1)): the tail of a
 * hypergeometric series. Stops when the remainder, bounded by the current term times ρ/(1 − ρ) with ρ
 * the largest ratio still to come, is below 1e-17 of `scale` (the size of the quantity it feeds); or
 * sooner, where no later term can change the sum any more (`noLaterTermCounts`): the same double.
 */
export function seriesTail(first: number, a: number, b: number, c: number, z: number, scale: number): number {
  let term = first;
  let sum = first;
  // Past this index every ratio has settled (a+n, b+n, c+n all positive and the rational factor monotone).
  const settled = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2;
  // From here on every factor of the ratio is positive: the terms keep their sign.
  const positive = Math.max(0, -a, -b, -c) + 1;
  for (let n = 1; n < MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0 ||
      (n > settled && remainderNegligible(ratio, z, term, sum, scale)) ||
      (n > positive && noLaterTermCounts(term, sum, a, b, c, z, n))) {
      // Counted at the end, not every term: a store to module state in this loop costs on every term.
      terms = n + 1;
      return sum;
    }
  }
  terms = MAX_TERMS;
  return NaN;
}

/** The remainder after t_n (= `term`), bounded by term · ρ/(1 − ρ) with ρ the largest ratio still to come, under 1e-17 of the sum's size. */
function remainderNegligible(ratio: number, z: number, term: number, sum: number, scale: number): boolean {
  const rho = Math.max(ratio, z);
  return rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= 1e-17 * (Math.abs(sum) + Math.abs(scale));
}

/** How many terms the last seriesTail summed (the tests bound the work by it, not by a clock). */
let terms = 0;
export const termsOfLastSeries = (): number => terms;

/**
 * True when every term after t_n (= `term`) is too small to change `sum` when added: then the rule above
 * would return this very double, only later. With a, b, c huge (BG/NBD at a dropout parameter near zero: a
 * and c ≈ 3e6) that rule waits ~6e6 terms, and where z > 0.5 the terms never reach 0 (the smallest
 * subnormal times a ratio above one half rounds back to itself): ~6 ms a call, seconds for a horizon move.
 * Each of (a+m)/(c+m) and (b+m)/(m+1) is monotone in m, so for m > n it stays below the larger of its
 * value at n+1 and its limit 1 (and so do (a+m)/(m+1) and (b+m)/(c+m), the other pairing, which is the
 * tighter one when b is huge and a is not): ρ bounds every later ratio, and with ρ < 1 the terms shrink. A term under
 * 2^-56 |sum| is under half the spacing of doubles around sum (either side), so adding it leaves sum as is.
 */
function noLaterTermCounts(term: number, sum: number, a: number, b: number, c: number, z: number, n: number): boolean {
  const m = n + 1;
  // Paired either way, the two factors bound every later ratio; the smaller bound holds too.
  const rho = z * Math.min(Math.max(1, (a + m) / (c + m)) * Math.max(1, (b + m) / (m + 1)), Math.max(1, (a + m) / (m + 1)) * Math.max(1, (b + m) / (c + m))) * (1 + 1e-12);
  return rho < 1 - 1e-9 && Math.abs(term) * rho < Math.abs(sum) * 2 ** -56;
}

/** Doubles are rescaled by 2^-SHIFT_BITS whenever the sum passes 2^SHIFT_BITS (exact: a power of two). */
const SHIFT_BITS = 900;
const DOWN = 2 ** -SHIFT_BITS;
const UP = 1 / DOWN;

/**
 * ln(1 + Σ_{n≥1} t_n), the series of seriesTail with a, b, c > 0: every term positive. The terms may pass
 * the doubles' range before they shrink (a, b large: they peak near e^((a) ln(1/(1−z)))), so the sum and
 * the term carry a shared power of two, rescaled as they grow; the result is its logarithm.
 */
export function logSeries(first: number, a: number, b: number, c: number, z: number): number {
  let term = first;
  let sum = 1 + first;
  let shifts = 0;
  for (let n = 1; n < MAX_TERMS; n++) {
    if (sum > UP) {
      sum *= DOWN;
      term *= DOWN;
      shifts++;
    }
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (term === 0 || noLaterTermCounts(term, sum, a, b, c, z, n)) {
      terms = n + 1;
      return ln(sum) + shifts * SHIFT_BITS * Math.LN2;
    }
  }
  terms = MAX_TERMS;
  return NaN;
}

/**
 * 2F1(a, b; c; z) for 0 <= z < 1 and c > 0. The plain series Σ (a)_n (b)_n / ((c)_n n!) z^n is used where
 * its terms shrink from the start; otherwise Euler's transformation
 * 2F1(a, b; c; z) = (1 − z)^(c − a − b) 2F1(c − a, c − b; c; z) (Abramowitz & Stegun 15.3.3), whose series
 * has small numerators when a and b are close to c (the BG/NBD case at large x) and converges fast.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z === 0) return 1;
  const plainGrowth = Math.abs(a * b) / c;
  const eulerGrowth = Math.abs((c - a) * (c - b)) / c;
  if (plainGrowth <= eulerGrowth) return 1 + seriesTail((a * b * z) / c, a, b, c, z, 1);
  const f = 1 + seriesTail(((c - a) * (c - b) * z) / c, c - a, c - b, c, z, 1);
  return exp((c - a - b) * log1p(-z)) * f;
}
