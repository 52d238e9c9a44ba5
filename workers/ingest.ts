// Reading one input into raw_<table> inside the worker, as the readers decide (src/engine/readers): every
// text input is scanned and handed to DuckDB in pieces of readable rows (progress after each, Cancel
// heard between them); a File is read a slice at a time and a gzip stream inflated as it comes, so memory
// is bounded by a piece, never the whole file.
import type { InputFile, LoadProgress } from './api';
import type { WasmDb } from './duckdb';
import { WORKER_INPUTS } from '../src/engine/db';
import { HEAD_BYTES } from '../src/engine/readers/plan';
import { prepareInput, type Prepared } from '../src/engine/readers/prepare';
import { scanIntoRaw, type PieceStore } from '../src/engine/readers/into-raw';
import { chunksOf, PIECE_BYTES, type TextSource } from '../src/engine/readers/stream';
import { rawColumnsSql, rawParquetSql } from '../src/engine/sql/raw';

export class LoadCancelled extends Error {}

const IN_MEMORY_BELOW = 64 * 2 ** 20;

/**
 * The largest file the tab loads. DuckDB-WASM has one 32-bit heap (4 GiB at most, never given back; DuckDB
 * may use 3.1 GiB of it). Stored compressed (workers/load-files.ts), a 20M-row file of bench:load's layout
 * (494 MiB) peaked at a 2.2 GiB heap; twice that is more than the heap can give. The command line has no
 * such ceiling (docs/architecture.md).
 */
export const TAB_LIMIT_BYTES = 512 * 2 ** 20;

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
/** A size over `limit` said so that it never reads as the limit itself (512.1 MiB, not 512 MiB). */
const over = (bytes: number, limit: number) => (Math.round(bytes / 2 ** 20) > Math.round(limit / 2 ** 20) ? mib(bytes) : `${(Math.ceil((bytes / 2 ** 20) * 10) / 10).toFixed(1)} MiB`);

/** What to do instead when a file is more than the tab can hold: the command line, on the same file. */
const useTheCommandLine = (file: InputFile) => `load it with the command line instead: npm run segment -- --${file.table} ${file.name} --out customers.csv`;

/** An input's size in bytes, where it is known before reading (a fetched URL's is not). */
export const sizeOf = (f: InputFile) => ('file' in f.source ? f.source.file.size : 'bytes' in f.source ? f.source.bytes.length : 0);

/** The refusal of a file over the tab's limit, before anything of it is read (so the data before stays). */
export function tooLargeForTab(file: InputFile, limit = TAB_LIMIT_BYTES): string | null {
  const size = sizeOf(file);
  return size > limit ? `${file.name}: ${over(size, limit)} is more than this tab can load (the limit is ${mib(limit)}); ${useTheCommandLine(file)}` : null;
}

/** DuckDB's "Out of Memory" during a load, said as the limit it is. */
export function outOfMemory(file: InputFile, message: string, limit = TAB_LIMIT_BYTES): string | null {
  return /out of memory|memory limit|Cannot allocate/i.test(message)
    ? `${file.name}: this tab ran out of memory loading it (files up to about ${mib(limit)} load in the page); ${useTheCommandLine(file)}`
    : null;
}

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
    /** The bytes in order: slices of a large File, or the bytes already read. */
    chunks: (): AsyncIterable<Uint8Array> => (whole ? chunksOf(whole, PIECE_BYTES) : fileSlices((src as { file: File }).file)),
    size: whole ? whole.length : (src as { file: File }).file.size,
  };
}

async function* fileSlices(blob: Blob, size = PIECE_BYTES): AsyncIterable<Uint8Array> {
  for (let at = 0; at < blob.size; at += size) yield new Uint8Array(await blob.slice(at, Math.min(blob.size, at + size)).arrayBuffer());
}

const nextTask = () => new Promise((r) => setTimeout(r, 0));

interface Hooks {
  progress: (p: LoadProgress) => void;
  cancelled: () => boolean;
}

/** Pieces of rows as buffers registered with DuckDB-WASM under one name, dropped once read. */
function registered(db: WasmDb, name: string): PieceStore {
  return {
    async put(bytes) {
      db.bindings.registerFileBuffer(name, bytes);
      return name;
    },
    async drop(n) {
      // The raw table holds the rows now; the name is free for the next piece.
      db.bindings.dropFile(n);
    },
  };
}

export async function ingest(db: WasmDb, file: InputFile, hooks: Hooks): Promise<Prepared> {
  const name = `${WORKER_INPUTS}${file.table}/${file.name}`;
  const s = await sourceOf(file);
  const prepared = await prepareInput(file.name, s.head, s.complete, file.read ?? {}, s.readAll, 'convert');
  try {
    if (!prepared.scan || prepared.read.kind !== 'csv') {
      // Parquet is converted in the browser; this stays for completeness.
      db.bindings.registerFileBuffer(name, await s.readAll());
      try {
        for (const sql of rawParquetSql(file.table, name)) await db.exec(sql);
      } finally {
        db.bindings.dropFile(name);
      }
      await db.rows(rawColumnsSql(file.table));
      return prepared;
    }
    const src = prepared.source;
    const source: TextSource = src === 'original'
      ? { chunks: s.chunks(), gzip: prepared.plan.kind === 'text' && prepared.plan.gzip }
      : { chunks: chunksOf(src, PIECE_BYTES), gzip: false };
    const total = src === 'original' ? s.size : src.length;
    const scanned = await scanIntoRaw(db, file.table, file.name, prepared.read.names, prepared.scan, source, {
      pieces: registered(db, name),
      records: true,
      create: true,
      progress: async (read, rows) => {
        hooks.progress({ file: file.name, bytes: read, total, rows });
        await nextTask(); // lets a Cancel message in
        if (hooks.cancelled()) throw new LoadCancelled('cancelled');
      },
    });
    if (scanned.facts) prepared.facts = scanned.facts;
  } catch (e) {
    if (e instanceof LoadCancelled) throw e;
    const m = String((e as Error).message ?? e).split('\n')[0];
    throw new Error(outOfMemory(file, m) ?? (m.startsWith(`${file.name}: `) ? m : `${file.name}: cannot be read as ${file.table} (${m})`));
  }
  return prepared;
}
