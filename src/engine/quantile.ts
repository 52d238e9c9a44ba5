// The SPEC's continuous quantile, by index, with p in exact decimal. Both the SQL labels and the live recount take
// their cut positions from here, so they pick the same neighbours v[lo], v[hi].
import { plainDecimal } from './sql/quote';

/** value = units / 10^scale, exactly. */
export interface Decimal {
  units: bigint;
  scale: number;
}

export function toDecimal(x: number): Decimal {
  const text = plainDecimal(x);
  const [i, f = ''] = text.replace('-', '').split('.');
  const units = BigInt(i + f) * (text.startsWith('-') ? -1n : 1n);
  return { units, scale: f.length };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(s - a.scale), b.units * 10n ** BigInt(s - b.scale), s];
}

export function minus(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

export const ONE: Decimal = { units: 1n, scale: 0 };

/**
 * Where the SPEC's quantile at p falls among n ascending values: v[lo] + (v[hi] - v[lo]) * frac.
 * `exact` means p(n-1) is a whole number, so the cut is v[lo] itself.
 */
export interface CutPosition {
  lo: number;
  hi: number;
  frac: number;
  exact: boolean;
}

export function cutPosition(p: Decimal, n: number): CutPosition | null {
  if (n <= 0) return null;
  const den = 10n ** BigInt(p.scale);
  const units = p.units < 0n ? 0n : p.units > den ? den : p.units;
  const pos = units * BigInt(n - 1);
  const lo = Number(pos / den);
  const rem = pos % den;
  const exact = rem === 0n;
  return { lo, hi: exact ? lo : lo + 1, frac: Number(rem) / Number(den), exact };
}

/**
 * Comparisons with an interpolated cut, made exact: no value lies strictly between v[lo] and v[hi],
 * so `x >= cut` and `x < cut` compare with v[atLeast], and `x > cut` with v[lo].
 */
export function atLeastIndex(c: CutPosition): number {
  return c.exact ? c.lo : c.hi;
}

export function cutValue(sorted: ArrayLike<number>, c: CutPosition): number {
  const a = sorted[c.lo];
  const b = sorted[c.hi];
  return a === b || c.exact ? a : a + (b - a) * c.frac;
}

/** Share mode: the top `high` of buyers are high, the next `mid` are mid. */
export function valueShareProbabilities(high: number, mid: number): { high: Decimal; mid: Decimal } {
  const h = minus(ONE, toDecimal(high));
  return { high: h, mid: minus(h, toDecimal(mid)) };
}

export const RFM_QUINTILES: Decimal[] = [0.2, 0.4, 0.6, 0.8].map(toDecimal);
