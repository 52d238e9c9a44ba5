// The first snapshot of the bundled sample under the default config, computed by the engine in Node,
// and the sample's live columns (src/engine/live/baked.ts). The page draws the snapshot at once while
// DuckDB-WASM starts, and the worker recounts moves from the columns meanwhile; tests keep both equal
// to a fresh computation.
import { autoRoles, TABLES, type Mapping } from '../engine/mapping';
import { factsOf, Session } from '../engine/session';
import type { Summary } from '../engine/session-types';
import type { BakedSample } from '../engine/live/baked';
import { openNodeDb } from './duckdb';
import { loadRawFile } from './load';

export const SAMPLE_SNAPSHOT_PATH = 'src/app/sample-snapshot.json';
export const SAMPLE_COLUMNS_PATH = 'src/app/sample-columns.bin';

/** A Session on the bundled sample (native DuckDB), loaded under `config`; close its db when done. */
export async function sampleSession(dir = 'sample-data', config: unknown = { version: 1 }) {
  const db = await openNodeDb();
  const mapping = {} as Mapping;
  for (const t of TABLES) {
    const { columns } = await loadRawFile(db, t, `${dir}/${t}.csv`);
    (mapping as Record<string, unknown>)[t] = { columns, roles: autoRoles(t, columns) };
  }
  // Formats decided over whole columns as the page's worker does (the session's load): the load report's
  // format lines are part of what the page draws first.
  const session = new Session(db, (sql) => db.columns(sql));
  const r = await session.load(mapping, config);
  if (!r.ok) throw new Error(r.error);
  return { db, session, summary: r.summary };
}

export async function computeSampleSnapshot(dir = 'sample-data'): Promise<Summary> {
  const { db, summary } = await sampleSession(dir);
  db.close();
  // Times differ run to run; the baked copy says 0.
  return { ...summary, recountMs: 0 };
}

/** The sample's per-customer columns and touch events as the engine holds them after loading it. */
export async function computeSampleColumns(dir = 'sample-data'): Promise<BakedSample> {
  const { db, session } = await sampleSession(dir);
  db.close();
  const d = session.loaded!;
  return { facts: factsOf(d), cols: d.cols, events: d.events };
}
