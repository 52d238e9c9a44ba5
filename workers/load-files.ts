// The worker's load of a set of files, all or nothing: every file read into DuckDB (workers/ingest.ts),
// the mapping checked, formats decided, the session rebuilt. Apart from the worker so that tests drive the
// same path on DuckDB-WASM in Node (a refusal leaves the data before, whatever the reason).
import { TABLES, type Mapping, type TableName } from '../src/engine/mapping';
import { guessRoles } from '../src/engine/roles';
import { ReadError } from '../src/engine/readers/plan';
import { readFacts } from '../src/engine/readers/prepare';
import { checkMapping, PART_ROWS } from '../src/engine/pipeline';
import type { Session } from '../src/engine/session';
import type { Summary } from '../src/engine/session-types';
import { NO_DATA, rawColumnsSql, rawHasRowsSql } from '../src/engine/sql/raw';
import type { EngineResult, InputFile, LoadProgress, LoadTimings } from './api';
import type { WasmDb } from './duckdb';
import { DEFAULT_CATALOG } from '../src/engine/db';
import { ingest, LoadCancelled, outOfMemory, sizeOf, TAB_LIMIT_BYTES, tooLargeForTab } from './ingest';

export interface LoadHooks {
  progress?: (p: LoadProgress) => void;
  cancelled: () => boolean;
  /** Called around every statement while the load runs (the worker lets a Cancel in there). */
  checkpoint?: () => Promise<void>;
  /** The largest file the tab takes (TAB_LIMIT_BYTES; smaller in tests). */
  limit?: number;
  /** Inputs of this many bytes or more load compressed (COMPRESS_FROM_BYTES; smaller in tests). */
  compressFrom?: number;
  /** Order rows a part of a compressed load (PART_ROWS; smaller in tests). */
  partRows?: number;
}

/**
 * From this many bytes of input a load is stored compressed: DuckDB-WASM has one 32-bit heap (4 GiB at
 * most, never given back), and uncompressed the tables of a load take ~11× the CSV's bytes at their peak
 * (raw text, staging, orders and their hash table). Compressed they take ~2×, at ~40% more load time, so
 * smaller files keep the faster path. bench/RESULTS.md has the figures.
 */
export const COMPRESS_FROM_BYTES = 128 * 2 ** 20;

let loads = 0;

/**
 * Loads into a catalog of its own (an in-memory database, compressed for large inputs), made current only
 * when everything succeeded: any failure or a cancel detaches it, and the data loaded before stays. Each
 * statement commits as it goes, so a compressed catalog holds the file compressed while it loads.
 */
export async function loadFiles(db: WasmDb, session: Session, files: InputFile[], config: unknown, hooks: LoadHooks): Promise<EngineResult<Summary & { loadTimings: LoadTimings }>> {
  // Refused before anything is read.
  for (const file of files) {
    const refusal = tooLargeForTab(file, hooks.limit);
    if (refusal) return { ok: false, error: refusal };
  }
  const t0 = performance.now();
  const before = db.catalog;
  const compressed = files.reduce((n, f) => n + sizeOf(f), 0) >= (hooks.compressFrom ?? COMPRESS_FROM_BYTES);
  const catalog = `tb_load_${++loads}`;
  await db.exec(`ATTACH ':memory:' AS ${catalog}${compressed ? ' (COMPRESS)' : ''}`);
  await db.exec(`USE ${catalog}`);
  db.catalog = catalog;
  db.beforeStatement = hooks.checkpoint ?? null;
  const partsBefore = session.partRows;
  session.partRows = compressed ? hooks.partRows ?? PART_ROWS : undefined;
  let r: EngineResult<Summary & { loadTimings: LoadTimings }>;
  try {
    r = await inCatalog(db, session, files, config, hooks);
  } catch (e) {
    if (e instanceof LoadCancelled) r = { ok: false, error: 'cancelled' };
    else {
      const m = String(e instanceof Error ? e.message : e).split('\n')[0];
      const largest = [...files].sort((a, b) => sizeOf(b) - sizeOf(a))[0];
      r = { ok: false, error: (largest && outOfMemory(largest, m, hooks.limit ?? TAB_LIMIT_BYTES)) || m };
    }
  } finally {
    db.beforeStatement = null;
  }
  const gone = r.ok ? before : catalog;
  if (!r.ok) {
    session.partRows = partsBefore;
    await db.exec(`USE ${before}`);
    db.catalog = before;
  }
  // DuckDB's own catalog cannot be detached; nothing is ever created in it (every load has its own).
  if (gone !== DEFAULT_CATALOG) await db.exec(`DETACH ${gone}`);
  if (r.ok) Object.assign(r.value.loadTimings, { compressed, totalMs: performance.now() - t0 });
  return r;
}

async function inCatalog(db: WasmDb, session: Session, files: InputFile[], config: unknown, hooks: LoadHooks): Promise<EngineResult<Summary & { loadTimings: LoadTimings }>> {
  const mapping = {} as Mapping;
  const t0 = performance.now();
  for (const file of files) {
    const prepared = await ingest(db, file, { progress: hooks.progress ?? (() => {}), cancelled: hooks.cancelled });
    const [{ has_rows }] = await db.rows<{ has_rows: boolean }>(rawHasRowsSql(file.table));
    if (!has_rows) throw new ReadError(`${file.name}: ${NO_DATA}`);
    const columns = (await db.rows<{ column_name: string }>(rawColumnsSql(file.table))).map((c) => c.column_name);
    (mapping as Record<TableName, unknown>)[file.table] = {
      columns,
      roles: file.roles ?? guessRoles(file.table, columns).roles,
      ...(file.dateFormat ? { dateFormat: file.dateFormat } : {}),
      ...(file.numberStyle ? { numberStyle: file.numberStyle } : {}),
      ...readFacts(prepared),
    };
  }
  if (!mapping.orders) return { ok: false, error: 'no orders table was given' };
  for (const t of TABLES) if (!files.some((f) => f.table === t)) await db.exec(`DROP TABLE IF EXISTS raw_${t}`);
  checkMapping(mapping, Object.fromEntries(files.map((f) => [f.table, f.name])));
  if (hooks.cancelled()) throw new LoadCancelled('cancelled');
  const t1 = performance.now();
  const r = await session.load(mapping, config, (q) => `${files.find((f) => f.table === q.table)?.name ?? q.table}: dates in "${q.column}" read both as day/month and month/day; choose the date format`);
  if (!r.ok) return r;
  // Formats are decided as the orders are staged (pipeline.ts): their time is in the model's phases.
  const phases = { read: t1 - t0, ...session.phases };
  const loadTimings = { ingestMs: t1 - t0, modelMs: performance.now() - t1 - r.summary.recountMs, phases };
  return { ok: true, value: { ...r.summary, loadTimings } };
}
