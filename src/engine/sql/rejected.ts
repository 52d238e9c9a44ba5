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
 * Lines in the file. DuckDB numbers records; a text file's quoted cell may hold line breaks, which are
 * lines of the file too. `pe`: each malformed row's record line and how many good rows came before it
 * (the k-th malformed row at record line L has L - header - k). `nl`: for each good row holding line
 * breaks, the running count of breaks up to it (only those rows, so the table is empty for most files).
 */
function linesCte(t: TableName, m: TableMapping): string {
  const header = int(m.headerRows ?? 1);
  const breaks = m.textLines
    ? m.columns.map((c) => `coalesce(length(${ident(c)}) - length(replace(${ident(c)}, chr(10), '')), 0)`).join(' + ')
    : '0';
  return `WITH pe AS (SELECT line AS rec, text, line - ${header} - row_number() OVER (ORDER BY line) AS good_before FROM ${ident(`parse_errors_${t}`)}),
nl AS (SELECT __row, sum(n) OVER (ORDER BY __row) AS upto FROM (SELECT __row, ${breaks} AS n FROM ${ident(`raw_${t}`)}) WHERE n > 0)`;
}

const breaksBefore = (cond: string) => `coalesce((SELECT max(upto) FROM nl WHERE ${cond}), 0)`;

/** A staged row's line: its data row, the header lines, the malformed rows and the line breaks before it. */
const line = (m: TableMapping) =>
  `CAST(s.__row + ${int(m.headerRows ?? 1)} + (SELECT count(*) FROM pe WHERE pe.good_before < s.__row) + ${breaksBefore('nl.__row < s.__row')} AS INTEGER)`;
/** A malformed row's line: its record line and the line breaks in the good rows before it. */
const peLine = `CAST(pe.rec + ${breaksBefore('nl.__row <= pe.good_before')} AS INTEGER)`;

export function rejectExamplesSql(t: TableName, m: TableMapping): string {
  const cells = m.columns.map((c) => `CAST(r.${ident(c)} AS VARCHAR)`).join(', ');
  // A malformed row has no cells: its whole text stands in the first.
  const malformed = [`pe.text`, ...m.columns.slice(1).map(() => 'CAST(NULL AS VARCHAR)')].join(', ');
  return `${linesCte(t, m)}
SELECT * FROM (
  SELECT s.reason AS reason, ${line(m)} AS line, [${cells}] AS cells ${source(t)}
  QUALIFY row_number() OVER (PARTITION BY s.reason ORDER BY s.__row) <= ${EXAMPLES_PER_REASON}
  UNION ALL
  (SELECT 'parse_error', ${peLine}, [${malformed}] FROM pe ORDER BY pe.rec LIMIT ${EXAMPLES_PER_REASON})
) ORDER BY reason, line`;
}

/** Header line plus one CSV line per rejected row, in file order. */
export function rejectedCsvSql(t: TableName, m: TableMapping): { header: string; sql: string } {
  const header = ['line', 'reason', ...m.columns].map(csvHeaderField).join(',');
  const join = (cells: string[]) => cells.map((c) => quoteCsv(`coalesce(${c}, '')`)).join(" || ',' || ");
  const staged = [`CAST(${line(m)} AS VARCHAR)`, 's.reason', ...m.columns.map((c) => formulaSafe(`CAST(r.${ident(c)} AS VARCHAR)`))];
  const malformed = [`CAST(${peLine} AS VARCHAR)`, `'parse_error'`, formulaSafe('pe.text'), ...m.columns.slice(1).map(() => `''`)];
  const sql = `${linesCte(t, m)}
SELECT text AS line FROM (
  SELECT ${line(m)} AS n, ${join(staged)} AS text ${source(t)}
  UNION ALL
  SELECT ${peLine}, ${join(malformed)} FROM pe
) ORDER BY n`;
  return { header, sql };
}
