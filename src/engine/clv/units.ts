// The export's predicted numbers (format.ts) as exact integers, without text: a double v rounded half away
// from zero to 9 places is whole + nano / 1e9 with both parts integers, computed in double arithmetic that
// makes no rounding error (Dekker's exact product for the fraction × 1e9). SQL then builds the
// DECIMAL(38,9) from the two by integer arithmetic (sql/clv.ts), so DuckDB holds what formatPredicted writes.

/** 2^27 + 1: splits a double into two halves whose products are exact (Dekker 1971). */
const SPLIT = 134_217_729;

/** a × b = p + e exactly (p the rounded product); valid while nothing overflows or underflows far. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}

/**
 * v (finite) as whole + nano / 1e9, rounded half away from zero on the exact binary value (what
 * `v.toFixed(9)` does): `whole` an integral double (exact at any size), `nano` in (−1e9, 1e9) with v's sign.
 */
export function nanoParts(v: number): { whole: number; nano: number } {
  const sign = v < 0 ? -1 : 1;
  const a = Math.abs(v);
  let whole = Math.trunc(a);
  // Both exact: a − trunc(a) loses nothing, and p + e is the fraction × 1e9 to the last bit.
  const [p, e] = twoProduct(a - whole, 1e9);
  let nano = Math.floor(p);
  // p − nano − 0.5 is exact wherever the exact value is near a half; the sign of a rounded sum is exact.
  if ((p - nano - 0.5) + e >= 0) nano++;
  if (nano === 1e9) {
    // Only for whole < 2^53 (a larger double has no fraction), so whole + 1 is exact.
    whole++;
    nano = 0;
  }
  return { whole: sign * whole + 0, nano: sign * nano + 0 };
}
