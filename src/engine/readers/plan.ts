// What a file is and how it reaches DuckDB, decided from its name and first bytes (pure: no I/O).
// UTF-8 delimited text (plain or gzipped) is read by DuckDB in place; everything else is converted
// here to UTF-8 CSV first: other encodings, whitespace-aligned columns, Excel sheets.
import { Gunzip } from 'fflate';
import { decode, detectEncoding, undecodable, type Encoding, type EncodingGuess } from './encoding';
import { detectDelimiter, detectHeader, sampleLines, splitLine, type Delimiter } from './text-layout';
import { columnNames, csvField, csvText } from './csv-out';

const csvLine = (cells: string[]) => cells.map(csvField).join(',');

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

/**
 * Plan the read of `name` from its first bytes (`complete` when they are the whole file). `load`: the plan
 * is for loading (not the mapping panel's preview, which shows a wrong encoding's text as it reads).
 */
export function planRead(name: string, head: Uint8Array, complete: boolean, o: ReadOptions = {}, load = false): ReadPlan {
  if (head.length === 0) throw new ReadError(`${name}: the file is empty`);
  const kind = fileKind(name, head);
  if (kind === 'parquet') return { kind };
  if (kind === 'xlsx') return { kind, sheet: o.sheet, header: o.header };
  const gzip = kind === 'gzip';
  const bytes = gzip ? gunzipHead(head) : head;
  if (gzip && bytes.length === 0) throw new ReadError(`${name}: not a readable gzip file`);
  const detected = detectEncoding(bytes);
  const guess = o.encoding ? { encoding: o.encoding, bom: 0, reason: 'fallback' as const } : detected;
  const text = decode(bytes, guess.encoding);
  // A chosen encoding the bytes do not look like is named as the cause, not what it makes of the text.
  const wrong = o.encoding && o.encoding !== detected.encoding
    ? (what: string) => new ReadError(`${name}: read as ${o.encoding} the text ${what}; its bytes look like ${detected.encoding}: choose that encoding`)
    : null;
  if (looksBinary(text)) throw wrong ? wrong('is full of control characters') : new ReadError(`${name}: not a text, Excel (.xlsx) or Parquet file`);
  const whole = complete && !gzip ? true : bytes.length < HEAD_BYTES;
  const lines = sampleLines(text, whole);
  if (lines.length === 0 && !whole && text.trim() !== '')
    throw new ReadError(`${name}: line 1 is longer than the first ${HEAD_BYTES / 1024} KiB read to see the file's layout (no line break in them): a header of thousands of columns, or not a table`);
  if (lines.length === 0) throw new ReadError(`${name}: the file has no rows`);
  if (wrong && load && lines.length < 2) throw wrong('has no line break, so no rows');
  const delimiter = o.delimiter ?? detectDelimiter(lines.slice(0, 50));
  const rows = lines.map((l) => splitLine(l, delimiter));
  const header = o.header ?? detectHeader(rows.slice(0, 50));
  const direct = guess.encoding === 'utf-8' && delimiter !== 'whitespace';
  // Width: the field count most sampled records have (the larger on a tie), so neither a short header
  // line nor one malformed row changes the table's columns; records of another width are malformed.
  const width = usualWidth(rows.slice(0, 50));
  if (header && rows[0].some((c) => c.includes('\0'))) throw new ReadError(`${name}: line 1, the header, holds a NUL byte`);
  const columns = columnNames(header ? rows[0] : null, width);
  const preview = header ? rows.slice(1) : rows;
  return { kind: 'text', gzip, encoding: guess, delimiter, header, direct, columns, preview, undecodable: undecodable(text) };
}

/**
 * A text file DuckDB cannot read as it is, as UTF-8 CSV: another encoding re-encoded (the delimiter kept);
 * whitespace-aligned columns rewritten as CSV, one line for each line of the file (blank lines kept blank,
 * so line numbers stay the file's). `firstLine`: the line of the CSV's first record.
 */
export function convertText(raw: Uint8Array, plan: Extract<ReadPlan, { kind: 'text' }>): { bytes: Uint8Array; columns: string[]; firstLine: number } {
  const text = decode(raw, plan.encoding.encoding);
  if (plan.delimiter !== 'whitespace') return { bytes: new TextEncoder().encode(text), columns: plan.columns, firstLine: 1 };
  const lines = text.split(/\r\n|\n|\r/);
  const rows = lines.map((l) => (l.trim() === '' ? null : splitLine(l, 'whitespace')));
  const first = plan.header ? rows.findIndex((r) => r !== null) : -1;
  let width = 0;
  for (const r of rows) if (r) width = Math.max(width, r.length);
  const columns = columnNames(first >= 0 ? rows[first] : null, width);
  const body = rows.slice(first + 1).map((r) => (r ? csvLine(r.length < width ? [...r, ...Array(width - r.length).fill('')] : r) : ''));
  return { bytes: new TextEncoder().encode([csvLine(columns), ...body].join('\n') + '\n'), columns, firstLine: first + 1 };
}

/** Rows of cells as CSV: the first row names the columns (or column_1..n), short rows padded with empty cells. */
export function rowsToCsv(rows: string[][], header: boolean): { text: string; columns: string[] } {
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  const columns = columnNames(header && rows.length ? rows[0] : null, width);
  const body = header ? rows.slice(1) : rows;
  return { text: csvText(columns, body.map((r) => (r.length < width ? [...r, ...Array(width - r.length).fill('')] : r))), columns };
}

function usualWidth(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let best = 0;
  let most = 0;
  for (const [w, n] of counts) if (n > most || (n === most && w > best)) { best = w; most = n; }
  return best;
}
