// Exact rationals over BigInt, for the reference implementation only.
export type Q = { n: bigint; d: bigint };

const gcd = (a: bigint, b: bigint): bigint => { a = a < 0n ? -a : a; b = b < 0n ? -b : b; while (b) [a, b] = [b, a % b]; return a; };
export const q = (n: bigint, d = 1n): Q => { if (d < 0n) { n = -n; d = -d; } const g = gcd(n, d) || 1n; return { n: n / g, d: d / g }; };
export const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
export const cmp = (a: Q, b: Q) => { const x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; };
export const fromInt = (x: number) => q(BigInt(x));

/** A decimal literal such as `-12.5`, `3e2`, `.5` as an exact rational; null if it is not one. */
export function parseDecimal(text: string): Q | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const [, sign, i, f = '', e = '0'] = m;
  let n = BigInt((i || '0') + f) * (sign === '-' ? -1n : 1n);
  let d = 10n ** BigInt(f.length);
  const exp = Number(e);
  if (exp >= 0) n *= 10n ** BigInt(exp); else d *= 10n ** BigInt(-exp);
  return q(n, d);
}

/** Round to `places` decimals, half away from zero. */
export function round(a: Q, places: number): Q {
  const s = 10n ** BigInt(places);
  const num = a.n * s;
  const abs = num < 0n ? -num : num;
  const r = (2n * abs + a.d) / (2n * a.d);
  return q(num < 0n ? -r : r, s);
}

/** Plain decimal text of a value with at most 9 decimals after rounding; no trailing zeros. */
export function plain(a: Q): string {
  const r = round(a, 9);
  const scaled = (r.n * 1_000_000_000n) / r.d;
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const i = abs / 1_000_000_000n;
  const f = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${i}${f ? '.' + f : ''}`;
}

/** A JS number as the decimal its shortest digits spell (what a user typed). */
export function fromNumber(x: number): Q {
  return parseDecimal(String(x))!;
}
