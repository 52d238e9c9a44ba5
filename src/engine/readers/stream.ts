// One pass over a text input for every shell: compressed bytes inflated and checked (gzip.ts), records
// found and judged (records.ts), readable rows handed on in pieces that end on a row, unreadable ones and
// line numbers handed on as they are found. The command line and the browser worker differ only in where
// the bytes come from and where the pieces go.
import type { CellFactsScan } from './cell-facts';
import { GunzipStream } from './gzip';
import { concat } from './record-bytes';
import { ReadError } from './plan';
import { RecordScanner, ScanError, type BadRecord, type ScanOptions } from './records';

export interface ScanSink {
  /** Readable rows (UTF-8 CSV, no header, LF line ends); `rowsBefore` rows were handed on before them. */
  rows?(bytes: Uint8Array, rowsBefore: number): Promise<void>;
  bad?(records: BadRecord[]): Promise<void>;
  breaks?(breaks: [number, number][]): Promise<void>;
  /** After each piece: bytes of the input read so far (compressed bytes for gzip), rows so far. */
  progress?(read: number, rows: number): Promise<void>;
}

export interface ScanResult {
  rows: number;
  /** DuckDB may read the input itself: no row was rejected, skipped or rewritten (see RecordScanner.clean). */
  clean: boolean;
  /** The file's line end (when clean, its only one). */
  newLine: 'lf' | 'crlf';
  /** What every readable row's cells have in common, column by column. */
  cells: CellFactsScan;
}

/** Where to read a text input from: its bytes in order, gzip or not. */
export interface TextSource {
  chunks: AsyncIterable<Uint8Array>;
  gzip: boolean;
}

export const PIECE_BYTES = 16 * 2 ** 20;

export async function scanText(source: TextSource, options: ScanOptions, sink: ScanSink, pieceBytes = PIECE_BYTES): Promise<ScanResult> {
  const scanner = new RecordScanner(options);
  const gunzip = source.gzip ? new GunzipStream(options.name) : null;
  let read = 0;
  let parts: Uint8Array[] = [];
  let size = 0;
  let rowsHanded = 0;
  let rowsInParts = 0;

  const drain = async () => {
    const t = scanner.take();
    if (t.bad.length && sink.bad) await sink.bad(t.bad);
    if (t.breaks.length && sink.breaks) await sink.breaks(t.breaks);
  };
  const hand = async (force: boolean) => {
    if (size === 0 || (!force && size < pieceBytes)) return;
    const piece = parts.length === 1 ? parts[0] : concat(parts, size);
    parts = [];
    size = 0;
    if (sink.rows) await sink.rows(piece, rowsHanded);
    rowsHanded += rowsInParts;
    rowsInParts = 0;
    if (sink.progress) await sink.progress(read, rowsHanded);
  };
  const feed = async (bytes: Uint8Array, final: boolean) => {
    const rowsBefore = scanner.rows;
    const out = scanner.push(bytes, final);
    rowsInParts += scanner.rows - rowsBefore;
    if (out.length && options.emit !== false) { parts.push(out); size += out.length; }
    await drain();
    await hand(final);
  };

  try {
    for await (const chunk of source.chunks) {
      read += chunk.length;
      if (gunzip) for (const part of gunzip.push(chunk, false)) await feed(part, false);
      else await feed(chunk, false);
      if (sink.progress && size === 0) await sink.progress(read, rowsHanded);
    }
    if (gunzip) {
      const last = gunzip.push(new Uint8Array(0), true);
      for (let k = 0; k < last.length; k++) await feed(last[k], false);
    }
    await feed(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof ScanError) throw new ReadError(e.message);
    throw e;
  }
  return { rows: scanner.rows, clean: scanner.clean, newLine: scanner.newLine, cells: scanner.cells };
}

/** A byte array as chunks (converted text, a small file read whole). */
export async function* chunksOf(bytes: Uint8Array, size = PIECE_BYTES): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
