// Predicted value (SPEC §3a): the per-buyer inputs of the fit, the holdout window's actual purchases and
// the predictions table, as SQL over the tables of one analysis date (as_of's, or a replay's).
// Pure builders: a dialect other than DuckDB can be added beside these.
import type { Mapping } from '../mapping';
import { day, ident } from './quote';
import { REPEAT_VALUE } from './tables';
import type { ModelTables } from './tables';

/** The prediction columns of tb_clv, in the export's order (SPEC §6). */
export const CLV_COLUMNS = ['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv'] as const;
export type ClvColumn = (typeof CLV_COLUMNS)[number];

/** The decimal type predictions are stored in: exactly the export's rounding of each (clv/units.ts), so every engine writes the same bytes. */
export const CLV_DECIMAL = 'DECIMAL(38,9)';

/**
 * Per buyer in idx order: idx, x, tx, T, mx (DOUBLE; mx NaN where x = 0), from the per-customer metrics,
 * which group m_x with the rest (model.ts, `REPEAT_VALUE`: how the first purchase is picked).
 */
export function clvInputsSql(_mapping: Mapping, tables: ModelTables): string {
  return `SELECT idx, CAST(purchases - 1 AS DOUBLE) AS x,
  CAST(date_diff('day', first_purchase, last_purchase) AS DOUBLE) AS tx,
  CAST(tenure_days AS DOUBLE) AS ${ident('T')},
  ${REPEAT_VALUE} AS mx
FROM ${tables.metrics}
WHERE purchases > 0
ORDER BY idx`;
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
