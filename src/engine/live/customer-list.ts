// A matrix cell's (or a segment's) customers as a table page: chosen, searched and sorted over the
// typed columns; only the page's customer ids are read from DuckDB.
import type { MetricColumns } from './columns';
import type { Recount } from './recount';

export const LIST_COLUMNS = ['customer_id', 'purchases', 'monetary', 'recency_days', 'tenure_days', 'aov', 'r', 'f', 'm'] as const;
/** SPEC §6's predicted columns, listed after the metrics when the fit at as_of succeeded. */
export const PREDICTED_LIST_COLUMNS = ['predicted_clv', 'p_alive', 'expected_purchases', 'expected_order_value'] as const;
export type PredictedColumn = (typeof PREDICTED_LIST_COLUMNS)[number];
export type ListColumn = (typeof LIST_COLUMNS)[number] | PredictedColumn;
/** Every customer's value of one predicted column in idx order (NaN where none). */
export type PredictedColumns = Partial<Record<PredictedColumn, Float64Array>>;

export interface ListRequest {
  /** Label index per framework the customers must hold (a matrix cell: its row and column labels). */
  where: { labels: Uint8Array; index: number }[];
  /** Customers whose id matches the search (null: no search). */
  matched: Uint8Array | null;
  keep?: Uint8Array;
  sort: ListColumn;
  descending: boolean;
  limit: number;
  /** The predicted column to sort by, when `sort` is one (predicted_clv is in the metric columns). */
  predicted?: PredictedColumns;
}

/** The chosen customers' indices in page order, and how many there are in all. */
export function listPage(c: MetricColumns, out: Recount, req: ListRequest): { total: number; page: Int32Array } {
  const chosen: number[] = [];
  outer: for (let i = 0; i < c.n; i++) {
    if (req.keep && !req.keep[i]) continue;
    if (req.matched && !req.matched[i]) continue;
    for (const w of req.where) if (w.labels[i] !== w.index) continue outer;
    chosen.push(i);
  }
  const idx = Int32Array.from(chosen);
  // idx order is customer_id order (tb_metrics numbers customers by id), so sorting by id is sorting by idx.
  if (req.sort !== 'customer_id') {
    const key = sortKey(c, out, req.sort, req.predicted);
    const dir = req.descending ? -1 : 1;
    // Nulls (NaN) last in both directions; ties by id.
    idx.sort((a, b) => {
      const x = key[a], y = key[b];
      if (x !== x || y !== y) return x !== x ? (y !== y ? a - b : 1) : -1;
      return x === y ? a - b : (x - y) * dir;
    });
  } else if (req.descending) idx.reverse();
  return { total: idx.length, page: idx.slice(0, req.limit) };
}

function sortKey(c: MetricColumns, out: Recount, col: Exclude<ListColumn, 'customer_id'>, predicted: PredictedColumns = {}): ArrayLike<number> {
  if (col === 'r' || col === 'f' || col === 'm') return out[col];
  if (col === 'predicted_clv') return c.predicted_clv;
  if (col === 'p_alive' || col === 'expected_purchases' || col === 'expected_order_value') {
    const v = predicted[col];
    if (!v) throw new Error(`the ${col} column was not read`);
    return v;
  }
  if (col === 'recency_days' || col === 'tenure_days') {
    // -1 stands for null in these integer columns (prospects).
    const v = c[col];
    return Float64Array.from(v, (x) => (x < 0 ? NaN : x));
  }
  return c[col];
}

/** A page row: the id, then the metrics of LIST_COLUMNS, then `predicted` (as read for this row); null for a missing value. */
export function listRow(c: MetricColumns, out: Recount, i: number, id: string, predicted: (number | null)[] = []): (string | number | null)[] {
  const num = (x: number) => (x !== x ? null : x);
  const int = (x: number) => (x < 0 ? null : x);
  return [id, c.purchases[i], num(c.monetary[i]), int(c.recency_days[i]), int(c.tenure_days[i]), num(c.aov[i]), out.r[i] || null, out.f[i] || null, out.m[i] || null, ...predicted];
}
