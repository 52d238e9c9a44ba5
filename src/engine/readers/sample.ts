// A file's columns and first rows, read the way loading will read it: the mapping panel's preview.
import { columnNames } from './csv-out';
import { readParquet } from './parquet';
import { planRead, type ReadOptions, type ReadPlan } from './plan';
import { pickSheet, readSheets } from './xlsx';

export interface TableSample {
  plan: ReadPlan;
  columns: string[];
  /** Up to SAMPLE_ROWS data rows. */
  rows: string[][];
  sheets: string[] | null;
  sheet: string | null;
}

export const SAMPLE_ROWS = 1000;

export async function sampleTable(name: string, head: Uint8Array, complete: boolean, options: ReadOptions, readAll: () => Promise<Uint8Array>): Promise<TableSample> {
  const plan = planRead(name, head, complete, options);
  if (plan.kind === 'text') return { plan, columns: plan.columns, rows: plan.preview.slice(0, SAMPLE_ROWS), sheets: null, sheet: null };
  if (plan.kind === 'parquet') {
    const t = await readParquet(name, await readAll());
    return { plan, columns: t.columns, rows: t.rows.slice(0, SAMPLE_ROWS), sheets: null, sheet: null };
  }
  const sheets = await readSheets(name, await readAll());
  const sheet = pickSheet(name, sheets, plan.sheet);
  const header = plan.header ?? true;
  const width = Math.max(0, ...sheet.rows.slice(0, 50).map((r) => r.length));
  const columns = columnNames(header ? sheet.rows[0] ?? [] : null, width);
  return { plan, columns, rows: sheet.rows.slice(header ? 1 : 0, SAMPLE_ROWS + 1), sheets: sheets.map((s) => s.name), sheet: sheet.name };
}
