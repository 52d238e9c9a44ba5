// The engine worker: DuckDB-WASM plus the live recount, behind the EngineApi. Only wiring lives here.
import * as Comlink from 'comlink';
import type { Table } from 'apache-arrow';
import { autoRoles, TABLES, type Mapping, type TableName } from '../src/engine/mapping';
import { MappingError } from '../src/engine/pipeline';
import { Session } from '../src/engine/session';
import { rawColumnsSql, rawTableSql } from '../src/engine/sql/raw';
import type { EngineApi, EngineResult, InputFile, Snapshot } from './api';
import { openWasmDb, type WasmDb } from './duckdb';

let db: WasmDb | null = null;
let session: Session | null = null;

async function ready(): Promise<{ db: WasmDb; session: Session }> {
  if (!db) db = await openWasmDb();
  if (!session) session = new Session(db, async (sql) => columnsOf(db!.arrow(sql)));
  return { db, session };
}

function columnsOf(t: Table): Record<string, Float64Array | Int32Array> {
  const out: Record<string, Float64Array | Int32Array> = {};
  for (const f of t.schema.fields) out[f.name] = t.getChild(f.name)!.toArray() as Float64Array | Int32Array;
  return out;
}

async function bytesOf(file: InputFile): Promise<Uint8Array> {
  if ('bytes' in file.source) return file.source.bytes;
  const res = await fetch(file.source.url);
  if (!res.ok) throw new Error(`${file.name}: cannot be fetched (${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

function snapshot(s: ReturnType<Session['relabel']>, seq: number): Snapshot {
  return { seq, ...s };
}

const failure = (e: unknown): EngineResult<never> => ({
  ok: false,
  error: e instanceof MappingError ? e.message : String(e instanceof Error ? e.message : e).split('\n')[0],
});

const api: EngineApi = {
  async init() {
    const { db } = await ready();
    return db.bindings.getVersion();
  },

  async load(files, config, seq) {
    try {
      const { db, session } = await ready();
      const mapping = {} as Mapping;
      for (const file of files) {
        const registered = `input/${file.table}/${file.name}`;
        db.bindings.registerFileBuffer(registered, await bytesOf(file));
        try {
          await db.exec(rawTableSql(file.table, registered));
        } catch (e) {
          throw new Error(`${file.name}: cannot be read as ${file.table} (${String((e as Error).message).split('\n')[0]})`);
        }
        const columns = (await db.rows<{ column_name: string }>(rawColumnsSql(file.table))).map((c) => c.column_name);
        (mapping as Record<TableName, unknown>)[file.table] = { columns, roles: autoRoles(file.table, columns) };
      }
      if (!mapping.orders) return { ok: false, error: 'no orders table was given' };
      for (const t of TABLES) if (!files.some((f) => f.table === t)) await db.exec(`DROP TABLE IF EXISTS raw_${t}`);
      const r = await session.load(mapping, config);
      return r.ok ? { ok: true, value: snapshot(r.summary, seq) } : r;
    } catch (e) {
      return failure(e);
    }
  },

  async setConfig(config, seq) {
    try {
      const { session } = await ready();
      const r = await session.apply(config);
      return r.ok ? { ok: true, value: snapshot(r.summary, seq) } : r;
    } catch (e) {
      return failure(e);
    }
  },

  async exportCsv() {
    try {
      const { session } = await ready();
      const bytes = new TextEncoder().encode((await session.exportLines()).join('\n') + '\n');
      return Comlink.transfer({ ok: true as const, value: bytes }, [bytes.buffer]);
    } catch (e) {
      return failure(e);
    }
  },
};

Comlink.expose(api);
