// Exact decimal text for the time files (SPEC §4a, §6): money comes out of DuckDB as DECIMAL(38,9) text and
// ratios of it are rounded here in BigInt, because DuckDB divides decimals as doubles.

const SCALE = 1_000_000_000n;

/** A decimal's text (`-12.5`, `3`, `0.100000000`) in units of 1e-9; more than 9 decimals are refused. */
export function units(text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{0,9}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal with at most 9 places: ${text}`);
  const u = BigInt(m[2]) * SCALE + BigInt((m[3] ?? '').padEnd(9, '0'));
  return m[1] ? -u : u;
}

export const intUnits = (n: number | bigint): bigint => BigInt(n) * SCALE;

/** Units of 1e-9 written plainly: no exponent, no trailing zeros (the export's numbers, SPEC §6). */
export function plainUnits(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const frac = (a % SCALE).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${a / SCALE}${frac ? `.${frac}` : ''}`;
}

/** num / den rounded half away from zero to 9 places, in units of 1e-9; null when den is 0. */
export function ratioUnits(num: bigint, den: bigint): bigint | null {
  if (den === 0n) return null;
  const neg = (num < 0n) !== (den < 0n);
  const [n, d] = [num < 0n ? -num : num, den < 0n ? -den : den];
  const r = (2n * n * SCALE + d) / (2n * d);
  return neg ? -r : r;
}

/** A double rounded half away from zero to 9 places (of its exact binary value) and written plainly. */
export function plainDouble(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  if (Math.abs(x) >= 1e20) throw new Error(`too large to write plainly: ${x}`);
  // toFixed rounds the exact value half up on its magnitude (the sign is set apart): half away from zero.
  return plainUnits(units(x.toFixed(9)));
}

/** Units as a double, for charts (exact text stays the file's). */
export const unitsToNumber = (u: bigint): number => Number(u) / 1e9;
