// How a query's columns are shown: numbers as DOUBLE (sortable), everything else as text.
import { ident } from './quote';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;

export function displaySql(wrapped: string, columns: { column_name: string; column_type: string }[]): string {
  const list = columns.map(({ column_name: c, column_type: t }) =>
    `CAST(${ident(c)} AS ${NUMERIC.test(t) ? 'DOUBLE' : 'VARCHAR'}) AS ${ident(c)}`);
  return `SELECT ${list.join(', ')} FROM (${wrapped})`;
}

export function describeSql(wrapped: string): string {
  return `DESCRIBE ${wrapped}`;
}
