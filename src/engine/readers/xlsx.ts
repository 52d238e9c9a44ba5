// Excel workbooks: every cell as text (numbers exactly as stored, dates as ISO), one sheet at a time.
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { ReadError } from './plan';
import { dateCellText } from './csv-out';

export interface SheetRows {
  name: string;
  rows: string[][];
}

const MiB = 1024 * 1024;

/**
 * What a workbook may expand to before it is read (a zip bomb is refused before memory runs out).
 * read-excel-file holds about 8 bytes of memory per byte of sheet XML, and fails on its own (a stack
 * overflow inside it) somewhere between 120,000 rows (30 MiB of XML, read) and 200,000; real sheets
 * compress 5 to 15 times, bombs about 1,000 times.
 */
export const XLSX_LIMITS = {
  /** One part (a sheet, the shared strings), inflated. */
  partBytes: 128 * MiB,
  /** Every part read, together. */
  totalBytes: 256 * MiB,
  /** Inflated size over compressed size, for a part past `ratioFromBytes` (Apache POI refuses past 100 too). */
  ratio: 100,
  ratioFromBytes: 1 * MiB,
};
export type XlsxLimits = typeof XLSX_LIMITS;

/** The parts read-excel-file inflates; it skips images and other binaries. */
const isReadPart = (path: string) => path.endsWith('.xml') || path.endsWith('.xml.rels');

const size = (n: number) => (n >= MiB ? `${Math.round(n / MiB)} MiB` : `${n} bytes`);

/**
 * Refuses a workbook whose parts would expand past the limits, naming the file, the part and the limit:
 * first by the sizes its central directory declares (what the reader will allocate), then by inflating
 * each part in small steps, counting and discarding, so that a part whose data runs past its declared
 * size is stopped at once.
 */
export function checkWorkbookZip(name: string, bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): void {
  const refuse = (why: string): never => { throw new ReadError(`${name}: ${why}; refused as a possible zip bomb`); };
  const declared = new Map<string, number>();
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (f.compression !== 8 || !isReadPart(f.name)) return false;
        if (f.originalSize > limits.partBytes) refuse(`the workbook part "${f.name}" expands to ${size(f.originalSize)} (at most ${size(limits.partBytes)} per part)`);
        if (f.originalSize > limits.ratioFromBytes && f.originalSize > limits.ratio * f.size)
          refuse(`the workbook part "${f.name}" expands ${Math.round(f.originalSize / Math.max(1, f.size))} times its compressed size (at most ${limits.ratio} times)`);
        total += f.originalSize;
        if (total > limits.totalBytes) refuse(`the workbook's parts expand to more than ${size(limits.totalBytes)} together`);
        declared.set(f.name, Math.max(f.originalSize, declared.get(f.name) ?? 0));
        return false;
      },
    });
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError(`${name}: cannot be read as an Excel workbook (not a valid zip archive: ${String(e instanceof Error ? e.message : e).split('\n')[0]})`);
  }
  checkInflatedSizes(bytes, declared, refuse);
}

/** Steps of compressed input: one step inflates to at most ~1,000 times its size before it is counted. */
const STEP = 16 * 1024;

function checkInflatedSizes(bytes: Uint8Array, declared: Map<string, number>, refuse: (why: string) => never): void {
  let refusal: string | null = null;
  const unzip = new Unzip((file) => {
    const cap = declared.get(file.name);
    if (cap === undefined || file.compression !== 8) return;
    let n = 0;
    file.ondata = (err, chunk) => {
      if (err || refusal) return; // a part that does not inflate is left for the reader to report
      n += chunk.length;
      if (n > cap) refusal = `the workbook part "${file.name}" inflates past the ${size(cap)} it declares`;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < bytes.length && !refusal; i += STEP) unzip.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  } catch {
    // A layout the sequential reader cannot follow: the declared sizes, checked above, still bound what
    // the reader allocates (it inflates each part into a buffer of its declared size).
  }
  if (refusal) refuse(refusal);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateCellText(v);
  return String(v);
}

export async function readSheets(name: string, bytes: Uint8Array): Promise<SheetRows[]> {
  checkWorkbookZip(name, bytes);
  // Loaded when a workbook comes (~70 ms of a command line's start-up; a chunk of its own in the page).
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Numbers stay the text Excel stored, so amounts are not rounded through floating point.
    const sheets = await readXlsxFile(buffer, { parseNumber: (s: string) => s });
    return sheets.map((s) => ({ name: s.sheet, rows: s.data.map((r) => r.map(cellText)) }));
  } catch (e) {
    throw new ReadError(`${name}: cannot be read as an Excel workbook (${String(e instanceof Error ? e.message : e).split('\n')[0]})`);
  }
}

/** The sheet asked for, by name or 1-based position; the first sheet by default. */
export function pickSheet(name: string, sheets: SheetRows[], sheet?: string): SheetRows {
  if (sheets.length === 0) throw new ReadError(`${name}: the workbook has no sheets`);
  if (sheet === undefined || sheet === '') return sheets[0];
  const byName = sheets.find((s) => s.name === sheet);
  if (byName) return byName;
  if (/^\d+$/.test(sheet) && Number(sheet) >= 1 && Number(sheet) <= sheets.length) return sheets[Number(sheet) - 1];
  throw new ReadError(`${name}: no sheet "${sheet}" (sheets: ${sheets.map((s) => s.name).join(', ')})`);
}
