// The rows a table did not use because they were rejected: the first few per reason as examples, and all
// of them as a CSV the user can download (the file's own cells, with the line and the reason first).
import type { TableMapping, TableName } from '../mapping';
import { csvHeaderField, formulaSafe, quoteCsv } from './export';
import { ident, int } from './quote';
import { textType, type Dialect } from './dialect';

export const EXAMPLES_PER_REASON = 3;

export interface RejectExample {
  reason: string;
  /** The row's line in the file (for a sheet, its row; for Parquet, its row number). */
  line: number;
  cells: (string | null)[];
}

const source = (t: TableName) =>
  `FROM ${ident(`stg_${t}`)} s JOIN ${ident(`raw_${t}`)} r USING (__row) ASOF LEFT JOIN ${ident(`lines_${t}`)} l ON s.__row >= l.row WHERE s.reason IS NOT NULL`;

/**
 * A staged row's line in the file. The reader (readers/records.ts) notes where rows' lines jump (a header,
 * a quoted cell's line breaks, blank lines, unreadable records): from breakpoint `l.row` on, row r is on
 * line `l.line + r - l.row`. Without breakpoints (tables built another way), the header rows are added.
 */
const line = (m: TableMapping) => `CAST(coalesce(l.line + s.__row - l.row, s.__row + ${int(m.headerRows ?? 1)}) AS INTEGER)`;

/** Records that never became rows (parse_errors_<t>): their line, reason and first bytes as text. */
const unreadable = (t: TableName) => `${ident(`parse_errors_${t}`)} pe`;

export function rejectExamplesSql(t: TableName, m: TableMapping, d: Dialect = 'duckdb'): string {
  if (d === 'clickhouse') return rejectExamplesSqlClickHouse(t, m);
  const cells = m.columns.map((c) => `CAST(r.${ident(c)} AS VARCHAR)`).join(', ');
  // An unreadable record has no cells: its text stands in the first.
  const whole = [`pe.text`, ...m.columns.slice(1).map(() => 'CAST(NULL AS VARCHAR)')].join(', ');
  // The first rows per reason are picked from the staged table's row numbers alone; only those few are
  // joined to their cells and lines (joining every rejected row first cost ~0.8 s at 135k rejects).
  const firsts = `(SELECT __row, reason FROM ${ident(`stg_${t}`)} WHERE reason IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY reason ORDER BY __row) <= ${EXAMPLES_PER_REASON})`;
  return `SELECT * FROM (
  SELECT s.reason AS reason, ${line(m)} AS line, [${cells}] AS cells
  FROM ${firsts} s JOIN ${ident(`raw_${t}`)} r USING (__row) ASOF LEFT JOIN ${ident(`lines_${t}`)} l ON s.__row >= l.row
  UNION ALL
  SELECT pe.reason, CAST(pe.line AS INTEGER), [${whole}] FROM ${unreadable(t)}
  QUALIFY row_number() OVER (PARTITION BY pe.reason ORDER BY pe.line) <= ${EXAMPLES_PER_REASON}
) ORDER BY reason, line`;
}

/**
 * The same examples in ClickHouse: its ASOF JOIN needs an equality beside the inequality (a constant key on
 * both sides), and a cell that may be NULL is a Nullable(String).
 */
function rejectExamplesSqlClickHouse(t: TableName, m: TableMapping): string {
  const text = textType('clickhouse');
  const cells = m.columns.map((c) => `CAST(r.${ident(c)} AS ${text})`).join(', ');
  const whole = [`CAST(pe.text AS ${text})`, ...m.columns.slice(1).map(() => `CAST(NULL AS ${text})`)].join(', ');
  return `SELECT * FROM (
  SELECT s.reason AS reason, ${line(m)} AS line, [${cells}] AS cells
  FROM (SELECT *, 0 AS k FROM ${ident(`stg_${t}`)}) AS s JOIN ${ident(`raw_${t}`)} AS r ON r.__row = s.__row
  ASOF LEFT JOIN (SELECT 0 AS k, row, line FROM ${ident(`lines_${t}`)}) AS l ON s.k = l.k AND s.__row >= l.row
  WHERE s.reason IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY s.reason ORDER BY s.__row) <= ${EXAMPLES_PER_REASON}
  UNION ALL
  SELECT pe.reason, CAST(pe.line AS INTEGER), [${whole}] FROM ${unreadable(t)}
  QUALIFY row_number() OVER (PARTITION BY pe.reason ORDER BY pe.line) <= ${EXAMPLES_PER_REASON}
) ORDER BY reason, line`;
}

/** Header line plus one CSV line per rejected row, in file order. */
export function rejectedCsvSql(t: TableName, m: TableMapping): { header: string; sql: string } {
  const header = ['line', 'reason', ...m.columns].map(csvHeaderField).join(',');
  const join = (cells: string[]) => cells.map((c) => quoteCsv(`coalesce(${c}, '')`)).join(" || ',' || ");
  const staged = [`CAST(${line(m)} AS VARCHAR)`, 's.reason', ...m.columns.map((c) => formulaSafe(`CAST(r.${ident(c)} AS VARCHAR)`))];
  const whole = [`CAST(pe.line AS VARCHAR)`, 'pe.reason', formulaSafe('pe.text'), ...m.columns.slice(1).map(() => `''`)];
  const sql = `SELECT text AS line FROM (
  SELECT ${line(m)} AS n, ${join(staged)} AS text ${source(t)}
  UNION ALL
  SELECT pe.line, ${join(whole)} FROM ${unreadable(t)}
) ORDER BY n`;
  return { header, sql };
}
