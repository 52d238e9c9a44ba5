// The worker's bulk load (Db.load): the columns cross into DuckDB-WASM as one CSV buffer registered under
// the inputs prefix (the one place the locked database reads), never as SQL text. (An Arrow table through
// insertArrowTable created no table in this DuckDB-WASM build, 1.32.0, under the lockdown.)
import { bulkType, WORKER_INPUTS, type BulkColumns } from '../src/engine/db';
import { ident, str } from '../src/engine/sql/quote';

interface Bindings {
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  dropFile(name: string): void;
}

let loads = 0;

// A double as its shortest text, which DuckDB's CSV reader parses back to the same bits; NaN is NULL.
const cell = (v: number | string | null, double: boolean) =>
  v === null || (double && Number.isNaN(v)) ? '' : double ? String(v) : typeof v === 'number' ? String(v | 0) : `"${(v as string).replace(/"/g, '""')}"`;

export function csvLoad(bindings: Bindings, query: (sql: string) => unknown, table: string, columns: BulkColumns): void {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const cols = names.map((c) => columns[c]);
  const doubles = cols.map((c) => c instanceof Float64Array);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(cols.map((c, k) => cell(c[i], doubles[k])).join(','));
  const file = `${WORKER_INPUTS}bulk-${++loads}.csv`;
  bindings.registerFileBuffer(file, new TextEncoder().encode(lines.join('\n') + '\n'));
  try {
    const types = names.map((c) => `${str(c)}: ${str(bulkType(columns[c]))}`).join(', ');
    // Unquoted empty fields are NULL; a quoted empty string stays a string.
    query(`CREATE OR REPLACE TABLE ${table} AS SELECT ${names.map(ident).join(', ')} FROM read_csv(${str(file)}, header = false, columns = {${types}}, allow_quoted_nulls = false, auto_detect = false, delim = ',', quote = '"', escape = '"')`);
  } finally {
    bindings.dropFile(file);
  }
}
