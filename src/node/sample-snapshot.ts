// The first snapshot of the bundled sample under the default config, computed by the engine in Node.
// The page draws it at once while DuckDB-WASM starts; tests keep it equal to a fresh computation.
import { autoRoles, TABLES, type Mapping } from '../engine/mapping';
import { Session, type Summary } from '../engine/session';
import { openNodeDb } from './duckdb';
import { loadRawFile } from './load';

export const SAMPLE_SNAPSHOT_PATH = 'src/app/sample-snapshot.json';

export async function computeSampleSnapshot(dir = 'sample-data'): Promise<Summary> {
  const db = await openNodeDb();
  try {
    const mapping = {} as Mapping;
    for (const t of TABLES) {
      const { columns } = await loadRawFile(db, t, `${dir}/${t}.csv`);
      (mapping as Record<string, unknown>)[t] = { columns, roles: autoRoles(t, columns) };
    }
    const session = new Session(db, (sql) => db.columns(sql));
    const r = await session.load(mapping, { version: 1 });
    if (!r.ok) throw new Error(r.error);
    // Times differ run to run; the baked copy says 0.
    return { ...r.summary, recountMs: 0 };
  } finally {
    db.close();
  }
}
