// The load report (SPEC §1): per table, rows read, used, and every unused row counted by reason.
import type { TableName } from '../mapping';
import { dayLiteral, type Dialect } from './dialect';

export type ReportRow = { table: TableName; status: 'used' | 'rejected' | 'ignored'; reason: string; rows: number };

/** Rows ignored (not rejected): dated on/after as_of, or outside the customer universe. */
export function reportSql(asOf: string, tables: TableName[], dialect: Dialect = 'duckdb'): string {
  const d = dayLiteral(asOf, dialect);
  const inU = `customer_id IN (SELECT customer_id FROM tb_universe)`;
  const status = {
    orders: `CASE WHEN reason IS NOT NULL THEN 'rejected' WHEN day >= ${d} THEN 'ignored' ELSE 'used' END,
             CASE WHEN reason IS NOT NULL THEN reason WHEN day >= ${d} THEN 'on_or_after_as_of' ELSE '' END`,
    customers: `CASE WHEN reason IS NOT NULL THEN 'rejected' WHEN NOT ${inU} THEN 'ignored' ELSE 'used' END,
             CASE WHEN reason IS NOT NULL THEN reason WHEN NOT ${inU} THEN 'signup_on_or_after_as_of' ELSE '' END`,
    feedback: '',
    interactions: '',
  };
  const dated = `CASE WHEN reason IS NOT NULL THEN 'rejected' WHEN day >= ${d} THEN 'ignored' WHEN NOT ${inU} THEN 'ignored' ELSE 'used' END,
             CASE WHEN reason IS NOT NULL THEN reason WHEN day >= ${d} THEN 'on_or_after_as_of' WHEN NOT ${inU} THEN 'outside_universe' ELSE '' END`;
  status.feedback = dated;
  status.interactions = dated;
  const union = tables
    .map(
      (t) => `SELECT '${t}' AS "table", status, reason, CAST(count(*) AS INTEGER) AS rows
FROM (SELECT ${dialect === 'duckdb' ? status[t] : namedStatus(status[t])} FROM stg_${t})${dialect === 'duckdb' ? ' AS x(status, reason)' : ''} GROUP BY ALL
UNION ALL
SELECT '${t}', 'rejected', reason, CAST(count(*) AS INTEGER) FROM parse_errors_${t} GROUP BY reason`,
    )
    .join('\nUNION ALL\n');
  if (dialect === 'duckdb') return union.concat('\nORDER BY 1, 2 DESC, 4 DESC, 3');
  // ClickHouse binds an ORDER BY after UNION ALL to the last SELECT only: the union is sorted as a whole.
  return `SELECT * FROM (${union}) ORDER BY 1, 2 DESC, 4 DESC, 3`;
}

/** ClickHouse has no column list on a subquery's alias: the two CASEs are named where they are made. */
function namedStatus(pair: string): string {
  const cut = pair.indexOf(' END,') + ' END'.length;
  return `${pair.slice(0, cut)} AS status, ${pair.slice(cut + 1).trim()} AS reason`;
}

export interface TableReport {
  table: TableName;
  file?: string;
  read: number;
  used: number;
  rejected: Record<string, number>;
  ignored: Record<string, number>;
}

export function summarise(rows: ReportRow[], tables: TableName[]): TableReport[] {
  return tables.map((table) => {
    const r: TableReport = { table, read: 0, used: 0, rejected: {}, ignored: {} };
    for (const row of rows.filter((x) => x.table === table)) {
      r.read += row.rows;
      if (row.status === 'used') r.used += row.rows;
      else r[row.status][row.reason] = row.rows;
    }
    return r;
  });
}
