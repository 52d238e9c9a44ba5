// One way in for every file, in the browser and on the command line: plan from the first bytes, convert
// when DuckDB cannot read the original, and say how DuckDB must read what it gets.
import { convertText, planRead, rowsToCsv, ReadError, type ReadOptions, type ReadPlan } from './plan';
import { pickSheet, readSheets } from './xlsx';
import { readParquet } from './parquet';
import type { RawRead } from '../sql/raw';

export interface Prepared {
  plan: ReadPlan;
  /** 'original': DuckDB reads the file as it is; bytes: it reads these (UTF-8 CSV) instead. */
  source: 'original' | Uint8Array;
  read: RawRead;
  /** The workbook's sheets, for the sheet picker. */
  sheets?: string[];
}

const CONVERTED: RawRead = { kind: 'csv', delimiter: ',', header: true };

/**
 * `head`: the file's first bytes (`complete` when that is all of it); `readAll` is called only when the
 * file must be converted.
 */
export async function prepareInput(name: string, head: Uint8Array, complete: boolean, options: ReadOptions, readAll: () => Promise<Uint8Array>, parquet: 'native' | 'convert' = 'native'): Promise<Prepared> {
  const plan = planRead(name, head, complete, options);
  if (plan.kind === 'parquet' && parquet === 'native') return { plan, source: 'original', read: { kind: 'parquet' } };
  if (plan.kind === 'parquet') {
    const t = await readParquet(name, await readAll());
    return { plan, source: new TextEncoder().encode(rowsToCsv([t.columns, ...t.rows], true)), read: CONVERTED };
  }
  if (plan.kind === 'xlsx') {
    const sheets = await readSheets(name, await readAll());
    const sheet = pickSheet(name, sheets, plan.sheet);
    if (sheet.rows.length === 0) throw new ReadError(`${name}: sheet "${sheet.name}" is empty`);
    const csv = new TextEncoder().encode(rowsToCsv(sheet.rows.map((r) => [...r]), plan.header ?? true));
    return { plan, source: csv, read: CONVERTED, sheets: sheets.map((s) => s.name) };
  }
  // DuckDB is told the column names, so the browser, the command line and the preview name them alike.
  const read: RawRead = { kind: 'csv', delimiter: plan.delimiter, header: plan.header, names: plan.columns };
  if (plan.direct) return { plan, source: 'original', read };
  const bytes = convertText(await readAll(), plan);
  // Whitespace-aligned text was rewritten as CSV whose header row holds the same names.
  if (plan.delimiter === 'whitespace') return { plan, source: bytes, read: CONVERTED };
  return { plan, source: bytes, read };
}

/** Lines before the first data row in the user's file: a rejected row is shown by its own line number. */
/** How the file's lines are counted: header lines, and whether cells' line breaks are lines of the file. */
export function linesOf(p: Prepared): { headerRows: number; textLines: boolean } {
  return { headerRows: headerRowsOf(p), textLines: p.plan.kind === 'text' };
}

function headerRowsOf(p: Prepared): number {
  if (p.plan.kind === 'parquet') return 0;
  if (p.plan.kind === 'xlsx') return (p.plan.header ?? true) ? 1 : 0;
  return p.plan.header ? 1 : 0;
}
