// The bundled sample loaded into native DuckDB with the page's own mapping guess: the independent side of
// e2e checks (what the page shows = what the engine computes natively from the same files).
import { defaultConfig, parseConfig } from '../../../src/engine/config';
import type { Mapping } from '../../../src/engine/mapping';
import { openNodeDb, type NodeDb } from '../../../src/node/duckdb';
import { stageSample } from '../../unit/helpers/sample';

export const configOf = (patch: object) => {
  const r = parseConfig({ ...defaultConfig(), ...patch });
  if (!r.ok) throw new Error(r.error);
  return r.config;
};

export async function withSample<T>(work: (db: NodeDb, mapping: Mapping) => Promise<T>): Promise<T> {
  const db = await openNodeDb();
  try {
    return await work(db, await stageSample(db));
  } finally {
    db.close();
  }
}
