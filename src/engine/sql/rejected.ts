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
/**
 * A staged row's line in the file: its data row, the header lines, and every malformed row before it
 * (the k-th malformed row at line L has L - header - k good rows before it).
 */
const line = (t: TableName, m: TableMapping) => {
  const header = int(m.headerRows ?? 1);
  const before = `(SELECT count(*) FROM (SELECT line - ${header} - row_number() OVER (ORDER BY line) AS good_before FROM ${ident(`parse_errors_${t}`)}) WHERE good_before < s.__row)`;
  return `CAST(s.__row + ${header} + ${before} AS INTEGER)`;
};

export function rejectExamplesSql(t: TableName, m: TableMapping): string {
  const cells = m.columns.map((c) => `CAST(r.${ident(c)} AS VARCHAR)`).join(', ');
  // A malformed row has no cells: its whole text stands in the first.
  const malformed = [`p.text`, ...m.columns.slice(1).map(() => 'CAST(NULL AS VARCHAR)')].join(', ');
  return `SELECT * FROM (
  SELECT s.reason AS reason, ${line(t, m)} AS line, [${cells}] AS cells ${source(t)}
  QUALIFY row_number() OVER (PARTITION BY s.reason ORDER BY s.__row) <= ${EXAMPLES_PER_REASON}
  UNION ALL
  (SELECT 'parse_error', CAST(p.line AS INTEGER), [${malformed}] FROM ${ident(`parse_errors_${t}`)} p ORDER BY p.line LIMIT ${EXAMPLES_PER_REASON})
) ORDER BY reason, line`;
}

/** Header line plus one CSV line per rejected row, in file order. */
export function rejectedCsvSql(t: TableName, m: TableMapping): { header: string; sql: string } {
  const header = ['line', 'reason', ...m.columns].map(csvHeaderField).join(',');
  const join = (cells: string[]) => cells.map((c) => quoteCsv(`coalesce(${c}, '')`)).join(" || ',' || ");
  const staged = [`CAST(${line(t, m)} AS VARCHAR)`, 's.reason', ...m.columns.map((c) => formulaSafe(`CAST(r.${ident(c)} AS VARCHAR)`))];
  const malformed = ['CAST(p.line AS VARCHAR)', `'parse_error'`, formulaSafe('p.text'), ...m.columns.slice(1).map(() => `''`)];
  const sql = `SELECT text AS line FROM (
  SELECT ${line(t, m)} AS n, ${join(staged)} AS text ${source(t)}
  UNION ALL
  SELECT p.line, ${join(malformed)} FROM ${ident(`parse_errors_${t}`)} p
) ORDER BY n`;
  return { header, sql };
}
