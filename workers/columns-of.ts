// A numeric Arrow result as its typed arrays: how the worker hands the engine numeric columns.
import type { Table } from 'apache-arrow';

/** A numeric Arrow result as its typed arrays, by column name (no row objects). */
export function columnsOf(t: Table): Record<string, Float64Array | Int32Array> {
  const out: Record<string, Float64Array | Int32Array> = {};
  for (const f of t.schema.fields) out[f.name] = t.getChild(f.name)!.toArray() as Float64Array | Int32Array;
  return out;
}
