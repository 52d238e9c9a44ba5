// The Gaussian hypergeometric function 2F1 for 0 <= z < 1, and the BG/NBD quantity built on it. Written
// here: no npm package evaluates 2F1 reliably for large parameters (a customer with x = 2,000 purchases
// gives a, b, c ≈ 2,000, where the plain series' terms and the result overflow and 0·∞ gives NaN).
import { exp, log1p } from './libm';

/** Largest number of series terms: the tail shrinks at least like z^n, so this covers 1 − z ≥ 1e-6. */
const MAX_TERMS = 50_000_000;

/**
 * Σ_{n≥1} t_n with t_1 = first and t_{n+1} = t_n · (a+n)(b+n) z / ((c+n)(n+1)): the tail of a
 * hypergeometric series. Stops when the remainder, bounded by the current term times ρ/(1 − ρ) with ρ
 * the largest ratio still to come, is below 1e-17 of `scale` (the size of the quantity it feeds).
 */
export function seriesTail(first: number, a: number, b: number, c: number, z: number, scale: number): number {
  let term = first;
  let sum = first;
  // Past this index every ratio has settled (a+n, b+n, c+n all positive and the rational factor monotone).
  const settled = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2;
  for (let n = 1; n < MAX_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0) return sum;
    if (n > settled) {
      const rho = Math.max(ratio, z);
      if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= 1e-17 * (Math.abs(sum) + Math.abs(scale))) return sum;
    }
  }
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
