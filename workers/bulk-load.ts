// The worker's bulk load (Db.load): the columns cross into DuckDB-WASM as one CSV buffer registered under
// the inputs prefix (the one place the locked database reads), never as SQL text. (An Arrow table through
// insertArrowTable created no table in this DuckDB-WASM build, 1.32.0, under the lockdown.)
import { WORKER_INPUTS, type BulkColumns } from '../src/engine/db';
import { ident, str } from '../src/engine/sql/quote';

interface Bindings {
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  dropFile(name: string): void;
}

let loads = 0;

const cell = (v: number | string | null) => (v === null ? '' : typeof v === 'number' ? String(v | 0) : `"${v.replace(/"/g, '""')}"`);

export function csvLoad(bindings: Bindings, query: (sql: string) => unknown, table: string, columns: BulkColumns): void {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => cell(columns[c][i])).join(','));
  const file = `${WORKER_INPUTS}bulk-${++loads}.csv`;
  bindings.registerFileBuffer(file, new TextEncoder().encode(lines.join('\n') + '\n'));
  try {
    const types = names.map((c) => `${str(c)}: ${str(columns[c] instanceof Int32Array ? 'INTEGER' : 'VARCHAR')}`).join(', ');
    // Unquoted empty fields are NULL; a quoted empty string stays a string.
    query(`CREATE OR REPLACE TABLE ${table} AS SELECT ${names.map(ident).join(', ')} FROM read_csv(${str(file)}, header = false, columns = {${types}}, allow_quoted_nulls = false, auto_detect = false, delim = ',', quote = '"', escape = '"')`);
  } finally {
    bindings.dropFile(file);
  }
}
