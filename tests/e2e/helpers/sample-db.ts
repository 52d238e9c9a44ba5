// The bundled sample loaded into native DuckDB with the page's own mapping guess: the independent side of
// e2e checks (what the page shows = what the engine computes natively from the same files).
import { defaultConfig, parseConfig } from '../../../src/engine/config';
import { detectFormats } from '../../../src/engine/formats';
import type { Mapping } from '../../../src/engine/mapping';
import { stage } from '../../../src/engine/pipeline';
import { guessRoles } from '../../../src/engine/roles';
import { openNodeDb } from '../../../src/node/duckdb';
import { loadRawFile } from '../../../src/node/load';

export const configOf = (patch: object) => {
  const r = parseConfig({ ...defaultConfig(), ...patch });
  if (!r.ok) throw new Error(r.error);
  return r.config;
};

export async function withSample<T>(work: (db: Awaited<ReturnType<typeof openNodeDb>>, mapping: Mapping) => Promise<T>): Promise<T> {
  const db = await openNodeDb();
  try {
    let mapping = {} as Mapping;
    for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) {
      const { columns } = await loadRawFile(db, t, `sample-data/${t}.csv`, {});
      (mapping as Record<string, unknown>)[t] = { columns, roles: guessRoles(t, columns).roles };
    }
    mapping = (await detectFormats(db, mapping)).mapping;
    await stage(db, mapping);
    return await work(db, mapping);
  } finally {
    db.close();
  }
}

