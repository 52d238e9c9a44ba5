// Predicted value (SPEC §3a) in ClickHouse's words: the fit's per-buyer inputs and tb_clv from its loaded
// parts, giving exactly what sql/clv.ts gives on DuckDB (the fit itself runs in TypeScript on both: clv/).
import type { Mapping } from '../mapping';
import { CLV_COLUMNS, clvStageColumns, clvStageTable, type ClvColumn } from './clv';
import { dayLiteral, daysBetween, moneyType } from './dialect';
import { ident } from './quote';
import { REPEAT_VALUE, type ModelTables } from './tables';


/** Per buyer in idx order: idx, x, tx, T, mx (Float64; mx NaN where x = 0), as clvInputsSql (m_x from tb_metrics). */
export function clvInputsSqlClickHouse(_mapping: Mapping, tables: ModelTables): string {
  return `SELECT idx, toFloat64(purchases - 1) AS x,
  toFloat64(${daysBetween('first_purchase', 'last_purchase', 'clickhouse')}) AS tx,
  toFloat64(tenure_days) AS ${ident('T')},
  ${REPEAT_VALUE} AS mx
FROM ${tables.metrics}
WHERE purchases > 0
ORDER BY idx`;
}

/** The loaded parts' types (ChDb.load makes them: Int32, Nullable(Float64) with NULL for NaN). */
const PARTS = 'idx Int32';

/**
 * Rows of tb_clv from the loaded parts, exactly as clvInsertSql: whole (an integral double, exact as an Int128) times
 * 1e9 plus nano is the value in 10^-9 units, made a Decimal(38,0) and scaled by 0.000000001 (no division,
 * no double). A NULL whole is a prediction that is not a number.
 */
export function clvInsertSqlClickHouse(tables: ModelTables): string {
  const decimal = (c: ClvColumn) => {
    const [whole, nano] = clvStageColumns(c).map(ident);
    return `CAST(toDecimal128(toInt128(${whole}) * 1000000000 + ${nano}, 0) * toDecimal128('0.000000001', 9) AS ${moneyType('clickhouse')}) AS ${ident(c)}`;
  };
  return `INSERT INTO ${tables.clv}
SELECT idx, ${CLV_COLUMNS.map(decimal).join(', ')}
FROM ${clvStageTable(tables)} ORDER BY idx`;
}

/** An empty tb_clv (the fit refused: every prediction is null; or before its rows are inserted). */
export function emptyClvTableSqlClickHouse(tables: ModelTables): string {
  return `CREATE OR REPLACE TABLE ${tables.clv} (${PARTS}, ${CLV_COLUMNS.map((c) => `${ident(c)} ${moneyType('clickhouse')}`).join(', ')})`;
}

/** The holdout window's actual purchases per buyer at D, in the replay's idx order (holdoutActualSql). */
export function holdoutActualSqlClickHouse(atD: ModelTables, holdoutFrom: string, asOfTables: ModelTables): string {
  return `WITH a AS (
  SELECT customer_id, count() AS n FROM ${asOfTables.orders} WHERE value > 0 AND day >= ${dayLiteral(holdoutFrom, 'clickhouse')} GROUP BY customer_id
)
SELECT m.idx AS idx, toFloat64(coalesce(a.n, 0)) AS actual
FROM ${atD.metrics} AS m LEFT JOIN a ON a.customer_id = m.customer_id
WHERE m.purchases > 0
ORDER BY m.idx`;
}
