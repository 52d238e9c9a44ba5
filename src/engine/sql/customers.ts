// Customer ids for the customer list: a search by id, and the ids of one page.
import { int, str } from './quote';

/** Customers whose id contains the text, ignoring case. */
export function customerSearchSql(text: string): string {
  return `SELECT idx FROM tb_metrics WHERE contains(lower(customer_id), lower(${str(text)}))`;
}

/** One page's ids; with `predicted`, those columns of tb_clv too (as DOUBLE, null where none). */
export function customerIdsSql(idx: ArrayLike<number>, predicted: readonly string[] = []): string {
  const list = Array.from(idx, (i) => int(i)).join(', ');
  if (predicted.length === 0) return `SELECT idx, customer_id FROM tb_metrics WHERE idx IN (${list || 'NULL'})`;
  const cols = predicted.map((c) => `CAST(c.${c} AS DOUBLE) AS ${c}`).join(', ');
  return `SELECT m.idx, m.customer_id, ${cols} FROM tb_metrics m LEFT JOIN tb_clv c USING (idx) WHERE m.idx IN (${list || 'NULL'})`;
}

/** Every customer's value of one tb_clv column in idx order, NaN where none (a list sorted by it). */
export function predictedColumnOfSql(column: string): string {
  return `SELECT coalesce(CAST(c.${column} AS DOUBLE), 'NaN'::DOUBLE) AS v FROM tb_metrics m LEFT JOIN tb_clv c USING (idx) ORDER BY m.idx`;
}
