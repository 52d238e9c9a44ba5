// Predicted value (SPEC §3a) around the fit: read the buyers' inputs from one date's tables, fit (or refuse),
// and write the predictions for a horizon and discount as that date's tb_clv. The page's session and the
// command line both run these functions, so their exports carry the same bytes.
import { fitClv, formatPredicted, holdoutRows, predictClv, type ClvFit, type ClvHorizon, type HoldoutRow } from './clv/api';
import { loadColumns, readNumericColumns, type BulkColumns, type Db } from './db';
import { nanoParts } from './clv/units';
import { horizonKey } from './clv/horizon';
import type { Mapping } from './mapping';
import { CLV_COLUMNS, clvInputsSql, clvStageColumns, clvStageTable, clvInsertSql, emptyClvTableSql, holdoutActualSql } from './sql/clv';
import { clvInputsSqlClickHouse, clvInsertSqlClickHouse, emptyClvTableSqlClickHouse, holdoutActualSqlClickHouse } from './sql/clv-clickhouse';
import type { Dialect } from './sql/dialect';
import type { ModelTables } from './sql/tables';

/** One date's fit with the inputs it was made on (kept, so a horizon change re-predicts without refitting). */
export interface ClvModel {
  fit: ClvFit;
  /** Each input row's customer idx. */
  idx: Int32Array;
  inputs: { x: Float64Array; tx: Float64Array; T: Float64Array; mx: Float64Array };
  /** The horizon and discount tb_clv holds now (`horizonKey`); null before the first write. */
  written: string | null;
}

/** What the page and clv.json show of a fit: no inputs, no predictions. */
export type ClvSummary = ClvFit & { horizonDays: number; annualDiscount: number; timings?: FitTimings };

/** Where a deferred fit's time went in the worker (the bench reads it): reading the inputs, the optimiser, the live column. */
export interface FitTimings { readMs: number; fitMs: number; liveMs: number }

export { clvHorizon, horizonKey } from './clv/horizon';

/** The SQL around the fit, by the Db's engine: the fit, the predictions and their exact parts are the same TypeScript. */
const CLV_SQL: Record<Dialect, { inputs: typeof clvInputsSql; insert: typeof clvInsertSql; empty: typeof emptyClvTableSql; holdout: typeof holdoutActualSql }> = {
  duckdb: { inputs: clvInputsSql, insert: clvInsertSql, empty: emptyClvTableSql, holdout: holdoutActualSql },
  clickhouse: { inputs: clvInputsSqlClickHouse, insert: clvInsertSqlClickHouse, empty: emptyClvTableSqlClickHouse, holdout: holdoutActualSqlClickHouse },
};
const sqlOf = (db: Db) => CLV_SQL[db.dialect ?? 'duckdb'];

/** An empty tb_clv at these tables (no fit: refused, not needed at a replay, or still to come). */
export const emptyPredictions = (db: Db, tables: ModelTables): Promise<void> => db.exec(sqlOf(db).empty(tables));

export async function readClvInputs(db: Db, mapping: Mapping, tables: ModelTables): Promise<Pick<ClvModel, 'idx' | 'inputs'>> {
  // Column by column (typed arrays), not row objects: at a million buyers row objects cost seconds.
  const c = await readNumericColumns(db, sqlOf(db).inputs(mapping, tables));
  const f64 = (a: ArrayLike<number> | undefined) => (a instanceof Float64Array ? a : Float64Array.from(a ?? []));
  return { idx: Int32Array.from(c.idx ?? []), inputs: { x: f64(c.x), tx: f64(c.tx), T: f64(c.T), mx: f64(c.mx) } };
}

/**
 * A fit not made yet (the page fits after the load has answered): no inputs, and tb_clv empty, as for a
 * refusal, until the session lands the fit (session.ts).
 */
export function pendingClv(): ClvModel {
  const empty = new Float64Array(0);
  return {
    fit: { ok: false, reason: 'fitting', detail: '', progress: null, buyers: 0, repeatBuyers: 0, ms: 0 },
    idx: new Int32Array(0),
    inputs: { x: empty, tx: empty, T: empty, mx: empty },
    written: null,
  };
}

export const isPending = (model: ClvModel): boolean => !model.fit.ok && model.fit.reason === 'fitting';

/** Fit at one date's tables (as_of's or a replay's), and write its tb_clv for `horizon`. */
export async function buildClv(db: Db, mapping: Mapping, tables: ModelTables, horizon: ClvHorizon): Promise<ClvModel> {
  const read = await readClvInputs(db, mapping, tables);
  // The fit refuses too few repeat buyers itself, before any numerics (src/engine/clv/fit.ts).
  const model: ClvModel = { ...read, fit: fitClv(read.inputs), written: null };
  await writePredictions(db, tables, model, horizon);
  return model;
}

/**
 * tb_clv for a horizon and discount (nothing to do when it holds them already): each prediction as the
 * exact integer parts of the export's rounding (clv/units.ts), which SQL turns into DECIMAL(38,9) without
 * text or doubles, so the numbers in DuckDB are those the export writes. Empty when the fit is refused.
 */
export async function writePredictions(db: Db, tables: ModelTables, model: ClvModel, horizon: ClvHorizon): Promise<void> {
  const key = horizonKey(horizon);
  if (model.written === key) return;
  model.written = null;
  await emptyPredictions(db, tables);
  if (model.fit.ok) await writeRows(db, tables, model, horizon, 0, model.idx.length);
  await db.exec(`DROP TABLE IF EXISTS ${clvStageTable(tables)}`);
  model.written = key;
}

/** Rows [from, to) of the inputs predicted and appended to tb_clv. */
async function writeRows(db: Db, tables: ModelTables, model: ClvModel, horizon: ClvHorizon, from: number, to: number): Promise<void> {
  const fit = model.fit;
  if (!fit.ok) return;
  const { x, tx, T, mx } = model.inputs;
  const p = predictClv(fit, { x: x.subarray(from, to), tx: tx.subarray(from, to), T: T.subarray(from, to), mx: mx.subarray(from, to) }, horizon);
  const columns: BulkColumns = { idx: model.idx.subarray(from, to) };
  [p.pAlive, p.expectedPurchases, p.expectedOrderValue, p.predictedClv].forEach((values, k) => {
    const [whole, nano] = clvStageColumns(CLV_COLUMNS[k]);
    const parts = predictionParts(values);
    columns[whole] = parts.whole;
    columns[nano] = parts.nano;
  });
  await loadColumns(db, clvStageTable(tables), columns);
  await db.exec(sqlOf(db).insert(tables));
}

/** Per value, its exact parts (a value that is not finite: whole NaN, loaded as NULL). */
export function predictionParts(values: Float64Array): { whole: Float64Array; nano: Int32Array } {
  const whole = new Float64Array(values.length);
  const nano = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      whole[i] = NaN;
      continue;
    }
    const parts = nanoParts(v);
    whole[i] = parts.whole;
    nano[i] = parts.nano;
  }
  return { whole, nano };
}

/**
 * clv.json of the bundle: the fit without its wall time (the browser's and the command line's bundles
 * are the same bytes).
 */
export function clvJson(model: ClvModel, asOf: string, horizon: ClvHorizon): string {
  const { ms: _ms, ...fit } = model.fit;
  // A refusal's numbers are for the page's sentences; clv.json keeps the English detail only.
  delete (fit as { why?: unknown }).why;
  return `${JSON.stringify({ asOf, ...horizon, ...fit }, null, 2)}\n`;
}

/** The fit in one line for the load report (stderr): parameters and log-likelihood, or the refusal. */
export function clvReportLine(fit: ClvFit): string {
  if (!fit.ok) return `predicted value: fit refused (${fit.reason}): ${fit.detail}`;
  const g = (v: number) => Number(v.toPrecision(7)).toString();
  const { r, alpha, a, b } = fit.bgnbd;
  const { p, q, v } = fit.gammaGamma;
  return `predicted value: BG/NBD over ${fit.buyers} buyers (days) r ${g(r)}, alpha ${g(alpha)}, a ${g(a)}, b ${g(b)}, log-likelihood ${g(fit.logLik.bgnbd)}; `
    + `Gamma-Gamma over ${fit.repeatBuyers} repeat buyers p ${g(p)}, q ${g(q)}, v ${g(v)}, log-likelihood ${g(fit.logLik.gammaGamma)}`;
}

export function clvSummary(model: ClvModel, horizon: ClvHorizon): ClvSummary {
  return { ...model.fit, ...horizon };
}

/** The --clv-holdout file's lines: actual counts as integers, predicted totals as the export writes numbers. */
export function holdoutCsv(rows: HoldoutRow[]): string[] {
  return ['repeat_purchases_before,customers,actual,predicted', ...rows.map((r) => `${r.bucket},${r.customers},${r.actual},${formatPredicted(r.predicted)}`)];
}

/**
 * The holdout check (SPEC §3a): `atD` is a replay at the holdout date with its own fit; the actual purchases
 * are those of the analysis date's orders dated in [D, as_of). Null when the fit at D is refused.
 */
export async function holdoutCheck(db: Db, atD: { asOf: string; tables: ModelTables; clv: ClvModel }, asOf: string, asOfTables: ModelTables): Promise<HoldoutRow[] | null> {
  const fit = atD.clv.fit;
  if (!fit.ok) return null;
  const rows = await db.rows<{ idx: number; actual: number }>(sqlOf(db).holdout(atD.tables, atD.asOf, asOfTables));
  const actual = Float64Array.from(rows, (r) => r.actual);
  const windowDays = Math.round((Date.parse(asOf) - Date.parse(atD.asOf)) / 86_400_000);
  return holdoutRows(fit, atD.clv.inputs, actual, windowDays);
}
