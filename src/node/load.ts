// Reading a file from disk into raw_<table>: every column as text plus __row (1-based data row number).
// The readers (src/engine/readers) decide how; every text input is scanned first (records, lines, a gzip
// stream's end), then DuckDB reads the file in place when the scan found nothing to leave out, or else
// the readable rows in pieces written to temporary files. The database reads only its scratch directory
// (docs/privacy.md): the file is linked there, pieces are written there.
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inspectSample, type FileProfile } from '../engine/inspect';
import { sampleTable } from '../engine/readers/sample';
import type { Db } from '../engine/db';
import { admit, type NodeDb } from './duckdb';
import type { TableName } from '../engine/mapping';
import { NO_DATA, rawClearSql, rawColumnsSql, rawCreateSql, rawInPlaceSql, rawCountSql, rawHasRowsSql, rawInsertSql, rawParquetNulSql, rawParquetSql } from '../engine/sql/raw';
import { HEAD_BYTES, ReadError, type ReadOptions } from '../engine/readers/plan';
import { prepareInput, type Prepared } from '../engine/readers/prepare';
import { scanIntoRaw, type PieceStore } from '../engine/readers/into-raw';
import { chunksOf, PIECE_BYTES, type TextSource } from '../engine/readers/stream';

export class InputError extends Error {}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes in order, a piece at a time (never the whole file in memory). */
async function* fileChunks(path: string, size = 4 * 2 ** 20): AsyncIterable<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buf = new Uint8Array(size);
      const n = readSync(fd, buf, 0, size, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Pieces of rows as temporary files DuckDB reads. */
let pieceCount = 0;
function tempPieces(dir: string): PieceStore {
  return {
    async put(bytes) {
      const file = join(dir, `piece-${++pieceCount}.csv`);
      writeFileSync(file, bytes);
      return file;
    },
    async drop(file) {
      rmSync(file, { force: true });
    },
  };
}

/** Loads the file and returns its column names, in file order, and how it was read. */
export async function loadRawFile(db: NodeDb, table: TableName, path: string, options: ReadOptions = {}, parquet: 'native' | 'convert' = 'native'): Promise<{ columns: string[]; prepared: Prepared }> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: no such file`);
  const size = statSync(path).size;
  if (size === 0) throw new InputError(`${path}: the file is empty`);
  let prepared: Prepared;
  let admitted: { path: string; release(): void } | null = null;
  try {
    const head = readHead(path);
    prepared = await prepareInput(path, head, size <= HEAD_BYTES, options, async () => new Uint8Array(readFileSync(path)), parquet);
    if (!prepared.scan || prepared.read.kind !== 'csv') {
      admitted = admit(db, path);
      for (const sql of rawParquetSql(table, admitted.path)) await db.exec(sql);
      const cols = await db.rows<{ column_name: string }>(rawColumnsSql(table));
      for (const sql of rawParquetNulSql(table, cols.map((c) => c.column_name))) await db.exec(sql);
    } else {
      const read = prepared.read;
      const columns = read.names;
      const pieces = tempPieces(db.scratch);
      const source = (): TextSource => {
        const src = prepared.source;
        return src === 'original' ? { chunks: fileChunks(path), gzip: prepared.plan.kind === 'text' && prepared.plan.gzip } : { chunks: chunksOf(src, PIECE_BYTES), gzip: false };
      };
      if (prepared.source !== 'original') {
        prepared.facts = (await scanIntoRaw(db, table, path, columns, prepared.scan, source(), { pieces, records: true, create: true })).facts;
      } else {
        // First pass: count and judge. Meanwhile DuckDB reads the file in place on a connection of its own
        // (its threads read while this one scans: ~0.2 s of a million rows). A clean file keeps those rows;
        // otherwise they are dropped and a second pass hands DuckDB the readable rows.
        for (const sql of rawCreateSql(table, columns)) await db.exec(sql);
        admitted = admit(db, path);
        const newLine = newLineOf(head);
        const inPlace = rawInPlaceSql(table, admitted.path, { ...read, newLine });
        const early = readAside(db, inPlace.insert);
        let r: Awaited<ReturnType<typeof scanIntoRaw>>;
        try {
          r = await scanIntoRaw(db, table, path, columns, prepared.scan, source(), { records: true, create: false });
        } catch (e) {
          early.stop();
          await early.done;
          throw e;
        }
        prepared.facts = r.facts;
        if (!r.clean) early.stop();
        const failed = await early.done;
        if (r.clean) {
          // Read with another line end than the file's, or failed: read again as before, so an error is the one it was.
          if (failed || r.newLine !== newLine) {
            await db.exec(rawClearSql(table));
            await db.exec(rawInsertSql(table, admitted.path, { ...read, newLine: r.newLine }, 0));
          } else {
            await db.exec(inPlace.number);
          }
          const [{ n }] = await db.rows<{ n: bigint | number }>(rawCountSql(table));
          // DuckDB must see the rows the scan saw; if it ever does not, it gets them as the scan found them.
          if (Number(n) !== r.rows) {
            await db.exec(rawClearSql(table));
            await scanIntoRaw(db, table, path, columns, prepared.scan, source(), { pieces, records: false, create: false });
          }
        } else {
          await db.exec(rawClearSql(table));
          await scanIntoRaw(db, table, path, columns, prepared.scan, source(), { pieces, records: false, create: false });
        }
      }
    }
  } catch (e) {
    if (e instanceof ReadError || e instanceof InputError) throw new InputError(e.message);
    const said = admitted ? firstLine(e).replaceAll(admitted.path, path) : firstLine(e);
    throw new InputError(`${path}: cannot be read as ${table} (${said})`);
  } finally {
    admitted?.release();
  }
  const [{ has_rows }] = await db.rows<{ has_rows: boolean }>(rawHasRowsSql(table));
  if (!has_rows) throw new InputError(`${path}: ${NO_DATA}`);
  const cols = await db.rows<{ column_name: string }>(rawColumnsSql(table));
  if (cols.length === 0) throw new InputError(`${path}: no columns could be read`);
  return { columns: cols.map((c) => c.column_name), prepared };
}

/** The line end the file's first bytes use (a gzip file's bytes say nothing: LF, checked after the scan). */
function newLineOf(head: Uint8Array): 'lf' | 'crlf' {
  const lf = head.indexOf(0x0a);
  return lf > 0 && head[lf - 1] === 0x0d ? 'crlf' : 'lf';
}

/**
 * A statement run on a connection of its own while this one goes on. `done`: the error it ended with, or
 * null; `stop`: interrupt it if it still runs (what it wrote is the caller's to delete).
 */
function readAside(db: NodeDb, sql: string): { done: Promise<unknown>; stop(): void } {
  let ended = false;
  let connection: Awaited<ReturnType<NodeDb['instance']['connect']>> | null = null;
  const done = db.instance.connect().then(async (c) => {
    connection = c;
    try {
      await c.run(sql);
      return null;
    } catch (e) {
      return e;
    } finally {
      ended = true;
      c.closeSync();
    }
  }, (e: unknown) => { ended = true; return e; });
  return { done, stop: () => { if (!ended) connection?.interrupt(); } };
}

export function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}

/** The mapping panel's profile of a file on disk (the browser's worker builds the same from a File). */
export async function inspectPath(db: Db, path: string, options: ReadOptions = {}): Promise<FileProfile> {
  const size = statSync(path).size;
  const s = await sampleTable(basename(path), readHead(path), size <= HEAD_BYTES, options, async () => new Uint8Array(readFileSync(path)));
  return inspectSample(db, basename(path), s);
}
