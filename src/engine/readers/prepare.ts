// One way in for every file, in the browser and on the command line: plan from the first bytes, convert
// when DuckDB cannot read the original, and say how DuckDB must read what it gets.
import { convertText, planRead, rowsToCsv, ReadError, type ReadOptions, type ReadPlan } from './plan';
import type { CellFacts } from './cell-facts';
import { pickSheet, readSheets } from './xlsx';
import { readParquet } from './parquet';
import { gunzipAll } from './gzip';
import type { ScanOptions } from './records';
import type { RawRead } from '../sql/raw';

/** How the records of the text DuckDB gets are found and numbered (records.ts), less the per-pass choices. */
export type ScanSpec = Omit<ScanOptions, 'name' | 'emit'>;

export interface Prepared {
  plan: ReadPlan;
  /** 'original': the file's own bytes (inflated when gzip); bytes: UTF-8 CSV converted from it. */
  source: 'original' | Uint8Array;
  /** How DuckDB reads the original file itself (header included), when the scan finds it clean. */
  read: RawRead;
  /** How the text's records are found; null for Parquet read natively (no text). */
  scan: ScanSpec | null;
  /** The workbook's sheets, for the sheet picker. */
  sheets?: string[];
  /** What the scan found of every cell, column by column (set once the text is scanned). */
  facts?: CellFacts;
}

/** Converted CSV: a header row of the column names, then rows; a sheet's row (or a Parquet row) is one line. */
function converted(plan: ReadPlan, text: string, columns: string[], firstLine: number, sheets?: string[]): Prepared {
  return {
    plan,
    source: new TextEncoder().encode(text),
    read: { kind: 'csv', delimiter: ',', header: true, names: columns },
    scan: { delimiter: ',', fields: columns.length, header: true, lines: 'rows', firstLine, utf8: false },
    ...(sheets ? { sheets } : {}),
  };
}

/**
 * `head`: the file's first bytes (`complete` when that is all of it); `readAll` is called only when the
 * file must be converted.
 */
export async function prepareInput(name: string, head: Uint8Array, complete: boolean, options: ReadOptions, readAll: () => Promise<Uint8Array>, parquet: 'native' | 'convert' = 'native'): Promise<Prepared> {
  const plan = planRead(name, head, complete, options, true);
  if (plan.kind === 'parquet' && parquet === 'native') return { plan, source: 'original', read: { kind: 'parquet' }, scan: null };
  if (plan.kind === 'parquet') {
    const t = await readParquet(name, await readAll());
    const c = rowsToCsv([t.columns, ...t.rows], true);
    // A Parquet row is numbered from 1; the header record stands before it.
    return converted(plan, c.text, c.columns, 0);
  }
  if (plan.kind === 'xlsx') {
    const sheets = await readSheets(name, await readAll());
    const sheet = pickSheet(name, sheets, plan.sheet);
    if (sheet.rows.length === 0) throw new ReadError(`${name}: sheet "${sheet.name}" is empty`);
    const header = plan.header ?? true;
    const c = rowsToCsv(sheet.rows.map((r) => [...r]), header);
    return converted(plan, c.text, c.columns, header ? 1 : 0, sheets.map((s) => s.name));
  }
  // DuckDB is told the column names, so the browser, the command line and the preview name them alike.
  const read: RawRead = { kind: 'csv', delimiter: plan.delimiter, header: plan.header, names: plan.columns, ...(plan.gzip ? { compression: 'gzip' as const } : {}) };
  const scan: ScanSpec = { delimiter: plan.delimiter, fields: plan.columns.length, header: plan.header, lines: 'text', firstLine: 1, utf8: plan.direct };
  if (plan.direct) return { plan, source: 'original', read, scan };
  const raw = await readAll();
  const c = convertText(plan.gzip ? gunzipAll(name, raw) : raw, plan);
  if (plan.delimiter !== 'whitespace') return { plan, source: c.bytes, read: { ...read, compression: undefined }, scan: { ...scan, utf8: false } };
  // Whitespace-aligned text was rewritten as CSV whose first record names the columns.
  return {
    plan,
    source: c.bytes,
    read: { kind: 'csv', delimiter: ',', header: true, names: c.columns },
    scan: { delimiter: ',', fields: c.columns.length, header: true, lines: 'text', firstLine: c.firstLine, utf8: false },
  };
}

/**
 * What the read says of the file that its table mapping carries: the lines before the first data row (a
 * rejected row is shown by its own line number), whether a cell's line breaks are lines of the file, and
 * its cells' facts.
 */
export function readFacts(p: Prepared): { headerRows: number; textLines: boolean; cells?: CellFacts } {
  return { headerRows: headerRowsOf(p), textLines: p.plan.kind === 'text', ...(p.facts ? { cells: p.facts } : {}) };
}

function headerRowsOf(p: Prepared): number {
  if (p.plan.kind === 'parquet') return 0;
  if (p.plan.kind === 'xlsx') return (p.plan.header ?? true) ? 1 : 0;
  return p.plan.header ? 1 : 0;
}
