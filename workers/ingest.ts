// Reading one input into raw_<table> inside the worker: as the readers decide (src/engine/readers), large
// delimited files in pieces (progress after each, Cancel heard between them, memory bounded by a piece).
import type { InputFile, LoadProgress } from './api';
import type { WasmDb } from './duckdb';
import { WORKER_INPUTS } from '../src/engine/db';
import { CHUNK_BYTES, lastRecordEnd } from '../src/engine/readers/chunks';
import { HEAD_BYTES } from '../src/engine/readers/plan';
import { prepareInput, type Prepared } from '../src/engine/readers/prepare';
import { parseErrorsCollectSql, parseErrorsResetSql, rawAppendSql, rawCountSql, rawTableSql } from '../src/engine/sql/raw';

export class LoadCancelled extends Error {}

const IN_MEMORY_BELOW = 64 * 2 ** 20;

/** The input's bytes: fetched, taken as given, or read from the File (whole). */
async function bytesOf(file: InputFile): Promise<Uint8Array> {
  const src = file.source;
  if ('bytes' in src) return src.bytes;
  if ('file' in src) return new Uint8Array(await src.file.arrayBuffer());
  const res = await fetch(src.url);
  if (!res.ok) throw new Error(`${file.name}: cannot be fetched (${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The input's first bytes, and its whole bytes on demand (read once; a large File only if asked). */
export async function sourceOf(file: InputFile) {
  const src = file.source;
  const large = 'file' in src && src.file.size >= IN_MEMORY_BELOW;
  let whole: Uint8Array | null = large ? null : await bytesOf(file);
  const head = whole ? whole.subarray(0, HEAD_BYTES) : new Uint8Array(await (src as { file: File }).file.slice(0, HEAD_BYTES).arrayBuffer());
  return {
    head,
    complete: whole ? whole.length <= HEAD_BYTES : false,
    readAll: async () => (whole ??= await bytesOf(file)),
    loaded: () => whole !== null,
  };
}

function lineFeeds(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

const nextTask = () => new Promise((r) => setTimeout(r, 0));

interface Hooks {
  progress: (p: LoadProgress) => void;
  cancelled: () => boolean;
}

export async function ingest(db: WasmDb, file: InputFile, hooks: Hooks): Promise<Prepared> {
  const name = `${WORKER_INPUTS}${file.table}/${file.name}`;
  const s = await sourceOf(file);
  const prepared = await prepareInput(file.name, s.head, s.complete, file.read ?? {}, s.readAll, 'convert');
  const src = file.source;
  const size = 'file' in src ? src.file.size : 0;
  const read = prepared.read;
  for (const sql of parseErrorsResetSql(file.table)) await db.exec(sql);
  if (prepared.source === 'original' && 'file' in src && size > CHUNK_BYTES && read.kind === 'csv' && prepared.plan.kind === 'text' && !prepared.plan.gzip) {
    await ingestInPieces(db, name, file, src.file, read, hooks);
    return prepared;
  }
  if (prepared.source !== 'original') db.bindings.registerFileBuffer(name, prepared.source);
  else db.bindings.registerFileBuffer(name, await s.readAll());
  try {
    await run(db, file, rawTableSql(file.table, name, read));
  } finally {
    // The raw table holds the rows now; the name is free for the next file called the same.
    db.bindings.dropFile(name);
  }
  if (read.kind === 'csv') for (const sql of parseErrorsCollectSql(file.table, 0)) await db.exec(sql);
  return prepared;
}

async function run(db: WasmDb, file: InputFile, sql: string): Promise<void> {
  try {
    await db.exec(sql);
  } catch (e) {
    throw new Error(`${file.name}: cannot be read as ${file.table} (${String((e as Error).message).split('\n')[0]})`);
  }
}

async function ingestInPieces(db: WasmDb, name: string, file: InputFile, blob: File, read: Extract<Prepared['read'], { kind: 'csv' }>, hooks: Hooks): Promise<void> {
  let start = 0;
  let inQuote = false;
  let rows = 0;
  let lines = 0;
  while (start < blob.size) {
    let end = Math.min(blob.size, start + CHUNK_BYTES);
    let bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
    let cut = bytes.length;
    for (;;) {
      if (end === blob.size) break; // the last piece takes the rest, with or without a final line feed
      const r = lastRecordEnd(bytes, inQuote);
      if (r.cut > 0) { cut = r.cut; inQuote = r.inQuote; break; }
      // One record longer than a piece: read on.
      end = Math.min(blob.size, end + CHUNK_BYTES);
      bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
      cut = bytes.length;
    }
    db.bindings.registerFileBuffer(name, bytes.subarray(0, cut));
    try {
      await run(db, file, start === 0 ? rawTableSql(file.table, name, read) : rawAppendSql(file.table, name, read, rows));
    } finally {
      db.bindings.dropFile(name);
    }
    for (const sql of parseErrorsCollectSql(file.table, lines)) await db.exec(sql);
    lines += lineFeeds(bytes.subarray(0, cut));
    rows = Number((await db.rows<{ n: bigint | number }>(rawCountSql(file.table)))[0].n);
    start += cut;
    hooks.progress({ file: file.name, bytes: start, total: blob.size, rows });
    await nextTask(); // lets a Cancel message in
    if (hooks.cancelled()) throw new LoadCancelled('cancelled');
  }
}
