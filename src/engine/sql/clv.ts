// Predicted value (SPEC §3a): the per-buyer inputs of the fit, the holdout window's actual purchases and
// the predictions table, as SQL over the tables of one analysis date (as_of's, or a replay's).
// Pure builders: a dialect other than DuckDB can be added beside these.
import type { Mapping } from '../mapping';
import { day, ident } from './quote';
import type { ModelTables } from './tables';

/** The prediction columns of tb_clv, in the export's order (SPEC §6). */
export const CLV_COLUMNS = ['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv'] as const;
export type ClvColumn = (typeof CLV_COLUMNS)[number];

/** The decimal type predictions are stored in: exactly the export's rounding of each (clv/units.ts), so every engine writes the same bytes. */
export const CLV_DECIMAL = 'DECIMAL(38,9)';

/**
 * Per buyer in idx order: idx, x, tx, T, mx (DOUBLE; mx NaN where x = 0). The first purchase is the
 * earliest; among those of that day the one whose order key is first in byte order: the order_id where
 * mapped (an order without one comes after those with one: docs/semantics.md), else the day itself, which
 * makes the day's orders one. m_x is the exact decimal sum of the other purchases (all of them less the
 * first, as decimals) over their count. One grouping of the orders with arg_min, not a window over them:
 * the key is unique per customer (one order per order_id, and one without an order_id per day).
 */
export function clvInputsSql(mapping: Mapping, tables: ModelTables): string {
  const key = mapping.orders.roles.order_id ? '{d: day, n: order_id IS NULL, o: order_id}' : 'day';
  return `WITH r AS (
  SELECT customer_id, count(*) AS n, sum(value) AS s, arg_min(value, ${key}) AS first
  FROM ${tables.orders} WHERE value > 0 GROUP BY customer_id
)
SELECT m.idx, CAST(m.purchases - 1 AS DOUBLE) AS x,
  CAST(date_diff('day', m.first_purchase, m.last_purchase) AS DOUBLE) AS tx,
  CAST(m.tenure_days AS DOUBLE) AS ${ident('T')},
  CASE WHEN r.n > 1 THEN CAST(r.s - r.first AS DOUBLE) / (r.n - 1) ELSE 'NaN'::DOUBLE END AS mx
FROM ${tables.metrics} m JOIN r USING (customer_id)
ORDER BY m.idx`;
}

/**
 * The holdout window's actual purchases (SPEC §3a): per buyer at the holdout date D (the replay's tables),
 * in the replay's idx order, the purchases (orders with value > 0) of the analysis date's orders dated in
 * [D, as_of). `asOfTables.orders` already holds nothing dated on or after as_of.
 */
export function holdoutActualSql(atD: ModelTables, holdoutFrom: string, asOfTables: ModelTables): string {
  return `WITH a AS (
  SELECT customer_id, count(*) AS n FROM ${asOfTables.orders} WHERE value > 0 AND day >= ${day(holdoutFrom)} GROUP BY customer_id
)
SELECT m.idx, CAST(coalesce(a.n, 0) AS DOUBLE) AS actual
FROM ${atD.metrics} m LEFT JOIN a USING (customer_id)
WHERE m.purchases > 0
ORDER BY m.idx`;
}

/**
 * The staging table predictions are loaded into: idx INTEGER, then per column `<c>_whole` DOUBLE (an
 * integral double) and `<c>_nano` INTEGER, the export's value being whole + nano / 1e9 (clv/units.ts).
 */
export const clvStageTable = (tables: ModelTables): string => `${tables.clv}_parts`;

export const clvStageColumns = (c: ClvColumn): [string, string] => [`${c}_whole`, `${c}_nano`];

/**
 * Rows of tb_clv from the loaded parts (appended: tb_clv is written in slices of customers in idx order,
 * after `emptyClvTableSql`), exactly: whole (an integral double converts to HUGEINT without loss) times 1e9
 * plus nano is the value in units of 1e-9, and DECIMAL(38,0) × 0.000000001 is DECIMAL(38,9) holding those
 * same units (no division, no double). A NULL whole is a prediction that is not a number.
 */
export function clvInsertSql(tables: ModelTables): string {
  const decimal = (c: ClvColumn) => {
    const [whole, nano] = clvStageColumns(c).map(ident);
    return `CAST(CAST(CAST(${whole} AS HUGEINT) * 1000000000 + ${nano} AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(18,9)) AS ${CLV_DECIMAL}) AS ${ident(c)}`;
  };
  return `INSERT INTO ${tables.clv}
SELECT idx, ${CLV_COLUMNS.map(decimal).join(', ')}
FROM ${clvStageTable(tables)} ORDER BY idx`;
}

/** An empty tb_clv (the fit refused: every prediction is null; or before its slices are appended). */
export function emptyClvTableSql(tables: ModelTables): string {
  return `CREATE OR REPLACE TABLE ${tables.clv} (idx INTEGER, ${CLV_COLUMNS.map((c) => `${ident(c)} ${CLV_DECIMAL}`).join(', ')})`;
}
