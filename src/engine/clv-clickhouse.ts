// Predicted value (SPEC §3a) on ClickHouse: clv-model.ts's steps with ClickHouse's SQL. The inputs are read
// back from the engine, the fit and the predictions are the same TypeScript (clv/), and each prediction
// goes in as the exact integer parts of the export's rounding, so tb_clv holds DuckDB's numbers.
import { fitClv, holdoutRows, predictClv, type ClvHorizon, type HoldoutRow } from './clv/api';
import { horizonKey, predictionParts, type ClvModel } from './clv-model';
import { loadColumns, readNumericColumns, type BulkColumns, type Db } from './db';
import type { Mapping } from './mapping';
import { CLV_COLUMNS, clvStageColumns, clvStageTable } from './sql/clv';
import { clvInputsSqlClickHouse, clvTableSqlClickHouse, emptyClvTableSqlClickHouse, holdoutActualSqlClickHouse } from './sql/clv-clickhouse';
import type { ModelTables } from './sql/tables';

export async function readClvInputsClickHouse(db: Db, mapping: Mapping, tables: ModelTables): Promise<Pick<ClvModel, 'idx' | 'inputs'>> {
  const c = await readNumericColumns(db, clvInputsSqlClickHouse(mapping, tables));
  const f64 = (a: ArrayLike<number> | undefined) => (a instanceof Float64Array ? a : Float64Array.from(a ?? []));
  return { idx: Int32Array.from(c.idx ?? []), inputs: { x: f64(c.x), tx: f64(c.tx), T: f64(c.T), mx: f64(c.mx) } };
}

/** Fit at one date's tables and write its tb_clv for `horizon` (clv-model.ts's buildClv). */
export async function buildClvClickHouse(db: Db, mapping: Mapping, tables: ModelTables, horizon: ClvHorizon): Promise<ClvModel> {
  const read = await readClvInputsClickHouse(db, mapping, tables);
  const model: ClvModel = { ...read, fit: fitClv(read.inputs), written: null };
  await writePredictionsClickHouse(db, tables, model, horizon);
  return model;
}

/** tb_clv for a horizon and discount (nothing to do when it holds them already); empty when the fit is refused. */
export async function writePredictionsClickHouse(db: Db, tables: ModelTables, model: ClvModel, horizon: ClvHorizon): Promise<void> {
  const key = horizonKey(horizon);
  if (model.written === key) return;
  const fit = model.fit;
  if (!fit.ok) {
    await db.exec(emptyClvTableSqlClickHouse(tables));
  } else {
    const p = predictClv(fit, model.inputs, horizon);
    const columns: BulkColumns = { idx: model.idx };
    [p.pAlive, p.expectedPurchases, p.expectedOrderValue, p.predictedClv].forEach((values, k) => {
      const [whole, nano] = clvStageColumns(CLV_COLUMNS[k]);
      const parts = predictionParts(values);
      columns[whole] = parts.whole;
      columns[nano] = parts.nano;
    });
    await loadColumns(db, clvStageTable(tables), columns);
    await db.exec(clvTableSqlClickHouse(tables));
    await db.exec(`DROP TABLE IF EXISTS ${clvStageTable(tables)}`);
  }
  model.written = key;
}

/** The holdout check (SPEC §3a) as clv-model.ts's holdoutCheck: the actual purchases in [D, as_of) read from ClickHouse. */
export async function holdoutCheckClickHouse(db: Db, atD: { asOf: string; tables: ModelTables; clv: ClvModel }, asOf: string, asOfTables: ModelTables): Promise<HoldoutRow[] | null> {
  const fit = atD.clv.fit;
  if (!fit.ok) return null;
  const rows = await db.rows<{ idx: number; actual: number }>(holdoutActualSqlClickHouse(atD.tables, atD.asOf, asOfTables));
  const actual = Float64Array.from(rows, (r) => r.actual);
  const windowDays = Math.round((Date.parse(asOf) - Date.parse(atD.asOf)) / 86_400_000);
  return holdoutRows(fit, atD.clv.inputs, actual, windowDays);
}
