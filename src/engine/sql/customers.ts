// Customer ids for the customer list: a search by id, and the ids of one page.
import { int, str } from './quote';

/** Customers whose id contains the text, ignoring case. */
export function customerSearchSql(text: string): string {
  return `SELECT idx FROM tb_metrics WHERE contains(lower(customer_id), lower(${str(text)}))`;
}

/** One page's ids (the predicted columns come from the fit: live/predicted.ts). */
export function customerIdsSql(idx: ArrayLike<number>): string {
  const list = Array.from(idx, (i) => int(i)).join(', ');
  return `SELECT idx, customer_id FROM tb_metrics WHERE idx IN (${list || 'NULL'})`;
}
