// The export's predicted numbers (SPEC §6): the same rule as every other computed number of the export
// (time/decimal.ts): the double's exact binary value rounded half away from zero to 9 places, written
// plainly. ECMAScript specifies toFixed exactly, so every platform writes the same bytes.
import { plainUnits, units } from '../time/decimal';

export function formatPredicted(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`predicted value is not a finite number: ${value}`);
  // From 1e20 on toFixed may switch to an exponent; such doubles are whole numbers, exact as BigInt.
  if (Math.abs(value) >= 1e20) return BigInt(value).toString();
  return plainUnits(units(value.toFixed(9)));
}
