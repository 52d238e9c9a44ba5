// The rows a table did not use because they were rejected: the first few per reason as examples, and all
// of them as a CSV the user can download (the file's own cells, with the line and the reason first).
import type { TableMapping, TableName } from '../mapping';
import { csvHeaderField, formulaSafe, quoteCsv } from './export';
import { ident, int } from './quote';

export const EXAMPLES_PER_REASON = 3;

export interface RejectExample {
  reason: string;
  /** The row's line in the file (data row + header lines). */
  line: number;
  cells: (string | null)[];
}

const source = (t: TableName) =>
  `FROM ${ident(`stg_${t}`)} s JOIN ${ident(`raw_${t}`)} r USING (__row) WHERE s.reason IS NOT NULL`;
const line = (m: TableMapping) => `CAST(s.__row + ${int(m.headerRows ?? 1)} AS INTEGER)`;

export function rejectExamplesSql(t: TableName, m: TableMapping): string {
  const cells = m.columns.map((c) => `CAST(r.${ident(c)} AS VARCHAR)`).join(', ');
  return `SELECT s.reason AS reason, ${line(m)} AS line, [${cells}] AS cells ${source(t)}
QUALIFY row_number() OVER (PARTITION BY s.reason ORDER BY s.__row) <= ${EXAMPLES_PER_REASON}
ORDER BY s.reason, s.__row`;
}

/** Header line plus one CSV line per rejected row, in file order. */
export function rejectedCsvSql(t: TableName, m: TableMapping): { header: string; sql: string } {
  const header = ['line', 'reason', ...m.columns].map(csvHeaderField).join(',');
  const cells = [`CAST(${line(m)} AS VARCHAR)`, 's.reason', ...m.columns.map((c) => formulaSafe(`CAST(r.${ident(c)} AS VARCHAR)`))];
  const sql = `SELECT ${cells.map((c) => quoteCsv(`coalesce(${c}, '')`)).join(" || ',' || ")} AS line ${source(t)} ORDER BY s.__row`;
  return { header, sql };
}
