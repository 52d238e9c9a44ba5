// tb_clv holding given values in all four prediction columns (idx = position), written as writePredictions
// writes predictions: each value's exact parts loaded, then the DECIMAL(38,9) built in SQL.
import { predictionParts } from '../../../src/engine/clv-model';
import { loadColumns, type Db } from '../../../src/engine/db';
import { clvInsertSql, clvStageColumns, clvStageTable, emptyClvTableSql } from '../../../src/engine/sql/clv';
import { AS_OF_TABLES } from '../../../src/engine/sql/tables';

export async function writeValuesAsPredictions(db: Db, values: ArrayLike<number>): Promise<void> {
  const parts = predictionParts(Float64Array.from(values));
  const stage: Record<string, Int32Array | Float64Array> = { idx: Int32Array.from(values, (_, i) => i) };
  for (const c of ['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv'] as const) {
    const [whole, nano] = clvStageColumns(c);
    stage[whole] = parts.whole;
    stage[nano] = parts.nano;
  }
  await loadColumns(db, clvStageTable(AS_OF_TABLES), stage);
  await db.exec(emptyClvTableSql(AS_OF_TABLES));
  await db.exec(clvInsertSql(AS_OF_TABLES));
}
