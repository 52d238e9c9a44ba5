// The engine's steps, in order, over any Db. Raw tables (raw_<table>) must already be loaded.
import type { Config } from './config';
import { FRAMEWORKS } from './frameworks';
import type { FormatDecision, Mapping, TableName } from './mapping';
import { missingRoles, styleOf, TABLES } from './mapping';
import { readTextColumn, type Db } from './db';
import { exprColumns, amountFromText, ExprError, quoteExpr } from './sql/amount-expr';
import { exportSql, type BaselineLabels, type Selection } from './sql/export';
import { checkBaseline } from './time/baseline';
import { withStrategySql } from './sql/strategy';
import { labelsSql, planCuts, QUANTILE_COUNTS_SQL, quantileCountsSql, type Cuts, type QuantileCounts } from './sql/labels';
import { AS_OF_TABLES, replayPrefix, tablesAt, type ModelTables } from './sql/tables';
import { modelSql } from './sql/model';
import { rowRanges } from './sql/parts';
import { reportSql, summarise, type ReportRow, type TableReport } from './sql/report';
import { defaultAsOfSql, stagingSql } from './sql/staging';
import { countsOf, dropProbesSql, probeColumns, probeCountsSql, type FormatProbes } from './sql/detect';
import { detectFormats, openFormats, type DateQuestion } from './formats';
import { rejectedCsvSql, rejectExamplesSql, type RejectExample } from './sql/rejected';
import { buildClv, clvHorizon, emptyPredictions, pendingClv, writePredictions, type ClvModel } from './clv-model';
import type { Dialect } from './sql/dialect';
import { valueConfig, tiersByPrediction } from './value-metric';
import type { ClvHorizon } from './clv/api';

export class MappingError extends Error {}

/** The SQL dialect of a Db (its own, DuckDB's when it names none): every step below writes for it. */
export const dialectOf = (db: Db): Dialect => db.dialect ?? 'duckdb';

export function tablesOf(m: Mapping): TableName[] {
  return TABLES.filter((t) => m[t] !== undefined);
}

/** Refuse a mapping before any SQL runs: missing roles, unknown columns, a malformed amount expression. */
export function checkMapping(m: Mapping, files: Partial<Record<TableName, string>> = {}, source: 'file' | 'table' = 'file'): void {
  for (const t of tablesOf(m)) {
    const tm = m[t]!;
    const where = files[t] ? `${files[t]} (${t})` : t;
    const missing = missingRoles(t, tm as never);
    if (missing.length) throw new MappingError(`${where}: no column mapped to the required role ${missing.map((r) => `${t}.${r}`).join(', ')}`);
    for (const [role, col] of Object.entries(tm.roles) as [string, string][]) {
      if (t === 'orders' && role === 'amount') {
        let cols: string[];
        try {
          cols = exprColumns(amountFromText(col, tm.columns));
        } catch (e) {
          if (e instanceof ExprError) throw new MappingError(`${where}: amount expression ${quoteExpr(col)}: ${e.message} at position ${e.position + 1}`);
          throw e;
        }
        const unknown = cols.filter((c) => !tm.columns.includes(c));
        if (unknown.length) throw new MappingError(`${where}: amount expression ${quoteExpr(col)} names unknown column ${unknown.map((c) => `"${c}"`).join(', ')}`);
      } else if (!tm.columns.includes(col)) {
        throw new MappingError(`${where}: column "${col}" (mapped to ${t}.${role}) is not in the ${source}`);
      }
    }
  }
}

/** Where a load's time went, in ms by phase (the benchmark reports it); filled in when given. */
export type Phases = Record<string, number>;

/** `work`'s answer, its time added to `phase` (a phase may run more than once: detect, staging). */
async function timed<T>(phases: Phases | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const answer = await work();
  if (phases) phases[phase] = (phases[phase] ?? 0) + performance.now() - t;
  return answer;
}

/**
 * Order rows a statement stages or groups, when a load is built in parts (`partRows`; sql/parts.ts): each
 * part commits before the next, so a compressed catalog never holds a whole table uncompressed.
 */
export const PART_ROWS = 2_500_000;

const orderRowsSql = (table: 'raw_orders' | 'stg_orders') => `SELECT CAST(${table === 'raw_orders' ? 'coalesce(max(__row), 0)' : 'count(*)'} AS DOUBLE) AS n FROM ${table}`;

async function orderRows(db: Db, table: 'raw_orders' | 'stg_orders'): Promise<number> {
  return Number((await db.rows<{ n: number }>(orderRowsSql(table)))[0].n);
}

export async function stage(db: Db, mapping: Mapping, phases?: Phases, partRows?: number, probes?: FormatProbes): Promise<void> {
  await timed(phases, 'staging', async () => {
    // ClickHouse stages a table whole (staging in parts is a DuckDB-WASM measure).
    const ranges = partRows && dialectOf(db) === 'duckdb' ? rowRanges(await orderRows(db, 'raw_orders'), partRows) : [];
    for (const sql of stagingSql(mapping, ranges.length > 1 ? ranges : [], dialectOf(db), probes)) await db.exec(sql);
  });
}

/**
 * The formats the mapping leaves open decided (formats.ts), and every table staged under them. In DuckDB
 * the orders are staged first with the SPEC defaults, which a mapping without a format reads with anyway,
 * counting as they go what the defaults read (sql/detect.ts, probes): the counts a pass over the raw orders
 * would give, without the pass (as long as staging itself, measured). Only where a decision is not the
 * default are the orders staged again. The mapping, decisions and staged rows are those of detecting first.
 */
export async function detectAndStage(db: Db, mapping: Mapping, phases?: Phases, partRows?: number): Promise<{ mapping: Mapping; questions: DateQuestion[] }> {
  const open = openFormats('orders', mapping.orders);
  const probes: FormatProbes = { numbers: open.numbers, date: open.date };
  if (dialectOf(db) !== 'duckdb' || probeColumns(probes).length === 0) {
    const detected = await timed(phases, 'detect', () => detectFormats(db, mapping));
    if (detected.questions.length === 0) await stage(db, detected.mapping, phases, partRows);
    return detected;
  }
  const others = await timed(phases, 'detect', () => detectFormats(db, mapping, {}, TABLES.filter((t) => t !== 'orders')));
  if (others.questions.length) {
    // Every question at once, the orders' first (as detecting every table first asks them).
    const orders = await detectFormats(db, others.mapping, {}, ['orders']);
    return { mapping: orders.mapping, questions: [...orders.questions, ...others.questions] };
  }
  await stage(db, others.mapping, phases, partRows, probes);
  const detected = await timed(phases, 'detect', async () => {
    const counts = countsOf<Record<string, number>>((await db.rows<Record<string, unknown>>(probeCountsSql(probes)))[0]);
    for (const sql of dropProbesSql(probes)) await db.exec(sql);
    return detectFormats(db, others.mapping, { orders: counts }, ['orders']);
  });
  const o = detected.mapping.orders;
  const asStaged = (open.date === undefined || o.dateFormat === 'iso') && open.numbers.every((c) => styleOf(o, c) === 'plain');
  if (detected.questions.length === 0 && !asStaged) await stage(db, detected.mapping, phases, partRows);
  return detected;
}

/** The SPEC default as_of, or the config's; the day after the latest usable order (today if there is none). */
export async function resolveAsOf(db: Db, config: Config): Promise<string> {
  if (config.asOf) return config.asOf;
  const [row] = await db.rows<{ as_of: string | null }>(defaultAsOfSql(dialectOf(db)));
  return row?.as_of ?? new Date().toISOString().slice(0, 10);
}

export interface Model {
  asOf: string;
  report: TableReport[];
  /** Per table: its columns and the first rejected rows per reason, with their lines. */
  examples: Partial<Record<TableName, { columns: string[]; rows: RejectExample[] }>>;
  counts: QuantileCounts;
  customers: number;
  /** How each numeric and date column was read (given, or decided over the whole column), with counts. */
  formats: FormatDecision[];
  /** The predicted-value fit at as_of (SPEC §3a) and the horizon tb_clv holds. */
  clv: ClvModel;
}

/** SPEC §5's defaults: what tb_clv holds until a config asks for another horizon or discount. */
export const DEFAULT_HORIZON: ClvHorizon = { horizonDays: 365, annualDiscount: 0 };

/**
 * The model at as_of. `fit` false leaves the predicted-value fit pending (tb_clv empty): the page's session
 * fits afterwards, out of the load's way (session.ts); the command line always fits here.
 */
export async function buildModel(db: Db, mapping: Mapping, asOf: string, phases?: Phases, partRows?: number, horizon = DEFAULT_HORIZON, fit = true): Promise<Model> {
  const dialect = dialectOf(db);
  const orderParts = partRows && dialect === 'duckdb' ? Math.ceil((await orderRows(db, 'stg_orders')) / partRows) : 1;
  const { orders, metrics } = modelSql({ mapping, asOf, orderParts, dialect });
  await timed(phases, 'orders', async () => { for (const sql of orders) await db.exec(sql); });
  await timed(phases, 'metrics', async () => { for (const sql of metrics) await db.exec(sql); });
  let clv: ClvModel;
  if (fit) clv = await timed(phases, 'clv', () => buildClv(db, mapping, AS_OF_TABLES, horizon));
  else {
    clv = pendingClv();
    await emptyPredictions(db, AS_OF_TABLES);
  }
  const t = performance.now();
  const tables = tablesOf(mapping);
  const report = summarise(await db.rows<ReportRow>(reportSql(asOf, tables, dialect)), tables);
  const [counts] = await db.rows<QuantileCounts>(QUANTILE_COUNTS_SQL);
  const [{ n }] = await db.rows<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM tb_metrics`);
  const examples: Model['examples'] = {};
  for (const t of tables) {
    if (Object.keys(report.find((r) => r.table === t)?.rejected ?? {}).length === 0) continue;
    const rows = await db.rows<RejectExample>(rejectExamplesSql(t, mapping[t]!, dialect));
    examples[t] = { columns: mapping[t]!.columns, rows: rows.map((r) => ({ reason: r.reason, line: Number(r.line), cells: [...(r.cells as Iterable<string | null>)] })) };
  }
  if (phases) phases.report = (phases.report ?? 0) + performance.now() - t;
  return { asOf, report, counts, customers: n, examples, formats: tables.flatMap((t) => mapping[t]!.formats ?? []), clv };
}

/** Whether a replay must fit its own predicted-value model: value tiers by predicted_clv read its predictions. */
export const replayFits = (config: Config): ClvHorizon | null => (tiersByPrediction(config) ? clvHorizon(config) : null);

/** The pipeline replayed at another analysis date (SPEC §4a), its tables beside those of as_of. */
export interface Replay {
  asOf: string;
  tables: ModelTables;
  counts: QuantileCounts;
  customers: number;
  /** That date's own fit (SPEC §3a, other dates); absent on a replay found kept (its tb_clv stays as written). */
  clv?: ClvModel;
}

/**
 * Build the model at `asOf` under its own table names (staging is shared: it does not depend on the date).
 * With a horizon, that date's own predicted-value fit too (SPEC §3a, other dates); without one its tb_clv is
 * empty: only value tiers by predicted_clv and the holdout check read a replay's predictions, and a fit per
 * trend date would cost more than the replay.
 */
export async function replayModel(db: Db, mapping: Mapping, asOf: string, phases?: Phases, partRows?: number, horizon: ClvHorizon | null = null): Promise<Replay> {
  const tables = tablesAt(replayPrefix(asOf));
  const dialect = dialectOf(db);
  const orderParts = partRows && dialect === 'duckdb' ? Math.ceil((await orderRows(db, 'stg_orders')) / partRows) : 1;
  const { orders, metrics } = modelSql({ mapping, asOf, orderParts, tables, dialect });
  await timed(phases, 'orders', async () => { for (const sql of orders) await db.exec(sql); });
  // Attributes are the analysis date's (SPEC §4a: a filter selects customers by their attributes at as_of).
  await timed(phases, 'metrics', async () => { for (const sql of metrics.slice(0, 3)) await db.exec(sql); });
  const clv = horizon ? await timed(phases, 'clv', () => buildClv(db, mapping, tables, horizon)) : undefined;
  if (!horizon) await emptyPredictions(db, tables);
  const [counts] = await db.rows<QuantileCounts>(quantileCountsSql(tables));
  const [{ n }] = await db.rows<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${tables.metrics}`);
  return { asOf, tables, counts, customers: n, ...(clv && { clv }) };
}

/** Drop a replay's tables (a baseline replaced, a trend rebuilt). */
export async function dropReplay(db: Db, tables: ModelTables): Promise<void> {
  if (tables.metrics === AS_OF_TABLES.metrics) throw new Error('the analysis date\'s tables are not a replay');
  for (const t of [tables.clv, tables.attributes, tables.touchEvents, tables.metrics, tables.universe, tables.orders]) await db.exec(`DROP TABLE IF EXISTS ${t}`);
}

/** Every customer's labels at a replayed date under the config (what the export says with that as_of). */
export function replayLabelsQuery(config: Config, replay: Replay, d: Dialect = 'duckdb'): string {
  const c = valueConfig(config, replay.counts);
  return labelsSql(c, planCuts(c, replay.counts), replay.tables, d);
}

export function cutsFor(config: Config, model: Model): Cuts {
  return planCuts(valueConfig(config, model.counts), model.counts);
}

/** Every customer's labels and strategy under the config (the export, the SQL cell, the tests). */
export function labelsQuery(config: Config, model: Model, d: Dialect = 'duckdb'): string {
  return withStrategySql(labelsSql(valueConfig(config, model.counts), cutsFor(config, model), AS_OF_TABLES, d), config, d);
}

/** tb_clv (and the replay's) at the config's horizon and discount, refitting nothing. */
export async function syncPredictions(db: Db, config: Config, model: Model, replay?: Replay): Promise<void> {
  await writePredictions(db, AS_OF_TABLES, model.clv, clvHorizon(config));
  if (replay?.clv) await writePredictions(db, replay.tables, replay.clv, clvHorizon(config));
}

/**
 * The SPEC §6 export: header line plus one line per customer (optionally only those `keep` holds for).
 * With `time.baselineAsOf` set it carries the baseline's labels, from `replay` (the replay at that date).
 */
export async function exportLines(db: Db, mapping: Mapping, config: Config, model: Model, selection?: Selection, keep?: string, replay?: Replay): Promise<string[]> {
  const { header, sql } = await exportQuery(db, mapping, config, model, selection, keep, replay);
  return [header, ...(await textLines(db, sql))];
}

/** The export's header and the query of its lines (one `line` column, in order), its predictions written first. */
export async function exportQuery(db: Db, mapping: Mapping, config: Config, model: Model, selection?: Selection, keep?: string, replay?: Replay): Promise<{ header: string; sql: string }> {
  for (const s of selection ? [selection].flat() : [])
    if (!FRAMEWORKS.includes(s.framework as never)) throw new Error(`unknown framework "${s.framework}"`);
  await syncPredictions(db, config, model, replay);
  const d = dialectOf(db);
  return exportSql(mapping, labelsQuery(config, model, d), selection, keep, baselineLabels(config, model, replay, d), d);
}

/** The baseline's labels for the export, or none without a baseline; a missing or other replay is a bug. */
function baselineLabels(config: Config, model: Model, replay: Replay | undefined, d: Dialect): BaselineLabels | undefined {
  const b = config.time.baselineAsOf;
  if (b === null) return undefined;
  checkBaseline(b, model.asOf);
  if (replay?.asOf !== b) throw new Error(`the export needs the replay at time.baselineAsOf ${b}`);
  return { asOf: b, labelsSql: replayLabelsQuery(config, replay, d) };
}

/** A query's one text column (CSV lines, never NULL), read as a column: row objects cost twice the query's time. */
async function textLines(db: Db, sql: string): Promise<string[]> {
  const column = await readTextColumn(db, sql);
  return Array.from({ length: column.length }, (_, i) => column.get(i) ?? '');
}

export function toCsv(lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** Every rejected row of a table, as CSV lines (header first). */
export async function rejectedLines(db: Db, mapping: Mapping, table: TableName): Promise<string[]> {
  const m = mapping[table];
  if (!m) throw new Error(`no ${table} table is loaded`);
  const { header, sql } = rejectedCsvSql(table, m);
  return [header, ...(await textLines(db, sql))];
}
