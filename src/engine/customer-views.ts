// The customers of a cell (a matrix cell, a framework's label, a movement): listed page by page, searched by
// id and sorted, from the live columns; only the page's ids are read in SQL.
import type { Config } from './config';
import type { Db } from './db';
import { FRAMEWORKS, labelKeys, type Framework } from './frameworks';
import { clvHorizon, isPending } from './clv-model';
import type { PredictedData } from './clv-views';
import { LIST_COLUMNS, listPage, listRow, PREDICTED_LIST_COLUMNS, type ListColumn, type PredictedColumns } from './live/customer-list';
import { heldColumn, predictionsOf } from './live/predicted';
import { horizonKey } from './clv/horizon';
import type { Movements } from './movements';
import type { CustomerList, CustomerQuery } from './session-types';
import { customerIdsSql, customerSearchSql } from './sql/customers';

/** The session as the customer lists see it. */
export interface CustomerHost {
  readonly loaded: PredictedData | null;
  readonly config: Config;
  readonly movements: Movements;
}

export class CustomerViews {
  /** A predicted column other than predicted_clv (that one is live), computed whole once per fit and horizon, for a list sorted by it. */
  private predictedSort: { of: object | null; key: string; cols: PredictedColumns } = { of: null, key: '', cols: {} };

  constructor(private db: Db, private host: CustomerHost) {}

  private require(): PredictedData {
    const d = this.host.loaded;
    if (!d) throw new Error('no data is loaded yet');
    return d;
  }

  /** The label conditions of a cell: every segment's current label, and a movement cell's baseline label. */
  private cellWhere(q: Pick<CustomerQuery, 'cell' | 'move'>): { labels: Uint8Array; index: number }[] {
    const d = this.require();
    const where = q.cell.map((s) => {
      if (!FRAMEWORKS.includes(s.framework as Framework)) throw new Error(`unknown framework "${s.framework}"`);
      const fw = s.framework as Framework;
      const index = labelKeys(fw, this.host.config).indexOf(s.label);
      if (index < 0) throw new Error(`"${s.label}" is not a ${fw} label`);
      return { labels: d.out.labels[fw], index };
    });
    if (q.move) where.push(this.host.movements.where(d, q.move));
    return where;
  }

  /** Every customer of a cell, in idx order (the filter's kept ones when `filtered`). */
  cellIdx(q: CustomerQuery, filtered: boolean): Int32Array {
    const d = this.require();
    return listPage(d.cols, d.out, { where: this.cellWhere(q), matched: null, keep: filtered ? d.filter?.keep : undefined, sort: 'customer_id', descending: false, limit: d.cols.n }).page;
  }

  /** One page of the customers holding every label of `cell` (a matrix cell), searched by id and sorted. */
  async list(q: CustomerQuery): Promise<CustomerList> {
    const d = this.require();
    const where = this.cellWhere(q);
    const text = q.search.trim();
    let matched: Uint8Array | null = null;
    if (text) {
      matched = new Uint8Array(d.cols.n);
      for (const r of await this.db.rows<{ idx: number }>(customerSearchSql(text))) matched[Number(r.idx)] = 1;
    }
    const limit = Math.max(1, Math.min(1000, Math.floor(q.limit)));
    // The predicted columns are listed only when the fit at as_of succeeded (a refusal would be a column of
    // dashes); their values come from the fit, as tb_clv holds them, with no wait for its write.
    const predicted = d.model.clv.fit.ok ? PREDICTED_LIST_COLUMNS : [];
    if (q.sort !== 'customer_id' && !LIST_COLUMNS.includes(q.sort as never) && !predicted.includes(q.sort as never)) throw new Error(`cannot sort the customer list by "${q.sort}"`);
    const sortColumn = this.predictedSortColumn(q.sort);
    const { total, page } = listPage(d.cols, d.out, { where, matched, keep: d.filter?.keep, sort: q.sort, descending: q.descending, limit, predicted: sortColumn });
    const byIdx = new Map((await this.db.rows<{ idx: number; customer_id: string }>(customerIdsSql(page))).map((r) => [Number(r.idx), r]));
    const values = predicted.length ? predictionsOf(d.model.clv, Array.from(page), clvHorizon(this.host.config)) : [];
    return {
      total,
      fitting: isPending(d.model.clv),
      columns: [...LIST_COLUMNS, ...predicted],
      rows: Array.from(page, (i, k) => listRow(d.cols, d.out, i, byIdx.get(i)?.customer_id ?? '', predicted.map((c) => values[k][c]))),
    };
  }

  private predictedSortColumn(sort: ListColumn): PredictedColumns {
    if (sort !== 'p_alive' && sort !== 'expected_purchases' && sort !== 'expected_order_value') return {};
    // Another load brings another fit object; another horizon another key.
    const d = this.require();
    const horizon = clvHorizon(this.host.config);
    if (this.predictedSort.of !== d.model.clv || this.predictedSort.key !== horizonKey(horizon)) this.predictedSort = { of: d.model.clv, key: horizonKey(horizon), cols: {} };
    const cols = this.predictedSort.cols;
    cols[sort] ??= heldColumn(d.model.clv, d.cols.n, horizon, sort);
    return { [sort]: cols[sort] };
  }
}
