// What a file is and how it reaches DuckDB, decided from its name and first bytes (pure: no I/O).
// UTF-8 delimited text (plain or gzipped) is read by DuckDB in place; everything else is converted
// here to UTF-8 CSV first: other encodings, whitespace-aligned columns, Excel sheets.
import { gunzipSync, Gunzip } from 'fflate';
import { decode, detectEncoding, undecodable, type Encoding, type EncodingGuess } from './encoding';
import { detectDelimiter, detectHeader, sampleLines, splitLine, type Delimiter } from './text-layout';
import { columnNames, csvText } from './csv-out';

export type FileKind = 'text' | 'gzip' | 'parquet' | 'xlsx';

/** What the user may say about a file; anything left out is detected. */
export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  /** false: the first line is data and columns are named column_1..n. */
  header?: boolean;
  /** An Excel sheet, by name or 1-based position. */
  sheet?: string;
}

export type ReadPlan =
  | { kind: 'parquet' }
  | { kind: 'xlsx'; sheet?: string; header?: boolean }
  | {
      kind: 'text';
      gzip: boolean;
      encoding: EncodingGuess;
      delimiter: Delimiter;
      header: boolean;
      /** DuckDB reads the file itself (UTF-8, a character delimiter); otherwise it is converted to CSV. */
      direct: boolean;
      /** The column names every reader uses (DuckDB is told them, never left to name columns itself). */
      columns: string[];
      /** The sampled data rows as split here: the mapping panel's preview and detection sample. */
      preview: string[][];
      /** U+FFFD characters in the decoded sample: a wrong encoding shows here. */
      undecodable: number;
    };

export class ReadError extends Error {}

export const HEAD_BYTES = 64 * 1024;

export function fileKind(name: string, head: Uint8Array): FileKind {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return 'parquet';
  if (head[0] === 0x50 && head[1] === 0x4b && /\.xlsx$/i.test(name)) return 'xlsx';
  if (head[0] === 0x50 && head[1] === 0x4b) throw new ReadError(`${name}: a zip archive that is not an .xlsx workbook; unzip it first`);
  return 'text';
}

/** The first bytes of a gzip stream's content, without inflating the rest. */
export function gunzipHead(head: Uint8Array, max = HEAD_BYTES): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const g = new Gunzip((chunk) => { if (size < max) { parts.push(chunk); size += chunk.length; } });
  try {
    g.push(head, false);
  } catch { /* a head cut mid-block inflates as far as it can */ }
  const out = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const p of parts) { if (at >= out.length) break; out.set(p.subarray(0, out.length - at), at); at += p.length; }
  return out;
}

/** Control bytes other than tab, CR, LF, form feed: binary data, not text. */
function looksBinary(text: string): boolean {
  let bad = 0;
  for (let i = 0; i < Math.min(text.length, 8192); i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) bad++;
  }
  return bad > 8;
}

/** Plan the read of `name` from its first bytes (`complete` when they are the whole file). */
export function planRead(name: string, head: Uint8Array, complete: boolean, o: ReadOptions = {}): ReadPlan {
  if (head.length === 0) throw new ReadError(`${name}: the file is empty`);
  const kind = fileKind(name, head);
  if (kind === 'parquet') return { kind };
  if (kind === 'xlsx') return { kind, sheet: o.sheet, header: o.header };
  const gzip = kind === 'gzip';
  const bytes = gzip ? gunzipHead(head) : head;
  if (gzip && bytes.length === 0) throw new ReadError(`${name}: not a readable gzip file`);
  const guess = o.encoding ? { encoding: o.encoding, bom: 0, reason: 'fallback' as const } : detectEncoding(bytes);
  const text = decode(bytes, guess.encoding);
  if (looksBinary(text)) throw new ReadError(`${name}: not a text, Excel (.xlsx) or Parquet file`);
  const lines = sampleLines(text, complete && !gzip ? true : bytes.length < HEAD_BYTES);
  if (lines.length === 0) throw new ReadError(`${name}: the file has no rows`);
  const delimiter = o.delimiter ?? detectDelimiter(lines.slice(0, 50));
  const rows = lines.map((l) => splitLine(l, delimiter));
  const header = o.header ?? detectHeader(rows.slice(0, 50));
  const direct = guess.encoding === 'utf-8' && delimiter !== 'whitespace';
  // Width from the sample's widest row, so a short header line does not drop columns.
  const width = Math.max(...rows.slice(0, 50).map((r) => r.length));
  const columns = columnNames(header ? rows[0] : null, width);
  const preview = header ? rows.slice(1) : rows;
  return { kind: 'text', gzip, encoding: guess, delimiter, header, direct, columns, preview, undecodable: undecodable(text) };
}

/** A text file as the UTF-8 CSV DuckDB reads, for the plans DuckDB cannot read directly. */
export function convertText(bytes: Uint8Array, plan: Extract<ReadPlan, { kind: 'text' }>): Uint8Array {
  const raw = plan.gzip ? gunzipSync(bytes) : bytes;
  const text = decode(raw, plan.encoding.encoding);
  if (plan.delimiter !== 'whitespace') {
    // Another encoding, same layout: re-encoded, the delimiter kept (DuckDB is told it).
    return new TextEncoder().encode(text);
  }
  const rows = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').map((l) => splitLine(l, 'whitespace'));
  return new TextEncoder().encode(rowsToCsv(rows, plan.header));
}

/** Rows of cells as CSV: the first row names the columns (or column_1..n), short rows padded with empty cells. */
export function rowsToCsv(rows: string[][], header: boolean): string {
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  const columns = columnNames(header && rows.length ? rows.shift()! : null, width);
  return csvText(columns, rows.map((r) => (r.length < width ? [...r, ...Array(width - r.length).fill('')] : r)));
}
