// The only way user-supplied names and values reach SQL: quoted identifiers and typed literals.
import type { Dialect } from './dialect';

export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error(`column name contains a NUL character`);
  return `"${name.replace(/"/g, '""')}"`;
}

export function str(value: string): string {
  if (value.includes('\u0000')) throw new Error(`text contains a NUL character`);
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A text literal in a dialect. ClickHouse reads backslash escapes inside quotes (`'\\d'` is `\d`), DuckDB
 * does not: a backslash in the text is doubled there (a user's value, a regular expression alike).
 */
export function strIn(value: string, dialect: Dialect): string {
  if (dialect === 'duckdb') return str(value);
  return str(value.replace(/\\/g, '\\\\'));
}

/** A finite JS number as an exact decimal SQL literal (the shortest round-trip digits). */
export function num(value: number): string {
  return `${plainDecimal(value)}`;
}

/** Decimal literal typed as DECIMAL(38,s): exact comparison with DECIMAL metrics. */
export function dec(value: number): string {
  const text = plainDecimal(value);
  const scale = Math.min(18, (text.split('.')[1] ?? '').length);
  return `CAST(${str(text)} AS DECIMAL(38,${Math.max(scale, 0)}))`;
}

export function int(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function day(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return `DATE ${str(iso)}`;
}

/** `1e-7` -> `0.0000001`; JS's shortest round-trip digits, never an exponent. */
export function plainDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const s = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, intPart, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = intPart + frac;
  const point = intPart.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
