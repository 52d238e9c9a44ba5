// One loaded dataset and its current config: what the worker holds, and what tests drive in Node.
// Data, mapping or as_of changes rebuild the model; any other config change only recounts columns.
import { parseConfig, type Config } from './config';
import type { Db } from './db';
import { FRAMEWORKS, labelKeys, type Framework } from './frameworks';
import type { FunnelStep } from './funnel';
import type { Mapping, TableName } from './mapping';
import type { Segment, Selection } from './sql/export';
import { customerIdsSql, customerSearchSql } from './sql/customers';
import { bundleFiles, zipBundle } from './bundle';
import { LIST_COLUMNS, listPage, listRow, PREDICTED_LIST_COLUMNS, type ListColumn, type PredictedColumns } from './live/customer-list';
import { buildModel, checkMapping, exportLines, rejectedLines, resolveAsOf, stage, type Model, type Phases, type Replay } from './pipeline';
import { AS_OF_TABLES } from './sql/tables';
import { clvHorizon, isPending, readClvInputs } from './clv-model';
import { ClvViews, type PredictedData } from './clv-views';
import { TrendViews } from './trend-views';
import { valueConfig } from './value-metric';
import { BaselineReplay } from './time/baseline-replay';
import { METRIC_COLUMNS_SQL, sortTouchEvents, toMetricColumns, TOUCH_EVENTS_UNSORTED_SQL } from './live/columns';
import { binCodes, crosstab, npsByColumn } from './live/dimensions';
import { keepMask, keptSorted } from './live/filter';
import type { Assignment, MatrixColumns } from './playbook/matrix';
import { modelCharts, type ModelCharts, type RfmHeat, type ValueTiers } from './live/chart-data';
import type { ScoreCuts, ValueShares } from './live/cut-notes';
import type { RuleReach } from './rfm-rules';
import { liveData, summarise, type DataFacts } from './live/summary';
import { Movements, type MoveFrom } from './movements';
import { movementLines } from './time/movement';
import type { Movement } from './live/movement';
import { cohortCsv, cohortRows, type CohortRow } from './time/cohorts';
import { whatChangedCsv, whatChangedRows, type WhatChangedRow } from './time/what-changed';
import type { TrendAnswer, TrendPlan } from './live/trend';
import { horizonOf } from './live/trend-clv';
import { heldColumn, predictionsOf } from './live/predicted';
import { AGE_EDGES, binLabels, defaultEdgesSql, dimensionCodesSql, dimensionDictionarySql, dimensionNumbersSql, dimensionsOf, filterSql, isAgeLike, isNumericSql, type Dimension } from './sql/dimensions';

/** Reads a query's numeric columns as typed arrays (Arrow in the worker, rows in Node). */
export type ColumnReader = (sql: string) => Promise<Record<string, Float64Array | Int32Array>>;

export interface Summary {
  asOf: string;
  customers: number;
  report: Model['report'];
  examples: Model['examples'];
  formats: Model['formats'];
  counts: Record<Framework, { key: string; customers: number }[]>;
  funnel: FunnelStep[];
  /** The NPS score of all customers (SPEC §4); null when nobody answered. */
  npsScore: number | null;
  /** Whether anyone can be an advocate: referrals (mapped, or referred_by) or NPS answers exist. */
  advocateData: boolean;
  value: ValueTiers;
  /** Share mode: the shares of buyers each tier got next to those asked (ties at a cut move them). */
  valueShares: ValueShares | null;
  rfm: RfmHeat;
  /** Each score's cuts, labelled, with the buyers per score: which scores cannot occur, and why. */
  rfmScores: ScoreCuts[];
  /** Each segment rule's reach over the score cube: rules that never match, and which rules cover them. */
  rfmRules: RuleReach[];
  /** Depends on the data, as_of and the filter only. */
  charts: ModelCharts;
  /** The filter every count is under (`customers` is how many it keeps, of `of`); null for all customers. */
  filter: ActiveFilter | null;
  recountMs: number;
  /** How many frameworks this recount relabelled (those whose config section changed). */
  relabelled: number;
  /** The strategy matrix: every cell's customers, revenue and strategy under the current config. */
  matrix: StrategyMatrix;
  /** SPEC §4a movement since `time.baselineAsOf` (absent without one, and from the early worker's answers). */
  movement?: Movement | null;
  /** Movement between the pinned config and the current one (absent when none is pinned). */
  pinnedMovement?: Movement | null;
}

/** Which customers of a cell to list, and how. */
export interface CustomerQuery {
  cell: Segment[];
  search: string;
  sort: ListColumn;
  descending: boolean;
  limit: number;
  /** A movement cell: also holding this baseline label (`cell` holds the current one). */
  move?: MoveFrom;
}

export interface CustomerList {
  /** Customers in the cell that match the search (the page holds at most `limit` of them). */
  total: number;
  columns: string[];
  rows: (string | number | null)[][];
  /** The predicted-value fit is still running: its columns come once it lands (ask again then). */
  fitting: boolean;
}

export interface StrategyMatrix {
  rows: Framework;
  cols: MatrixColumns;
  rowKeys: string[];
  colKeys: string[];
  /** Row-major, rowKeys.length × colKeys.length cells. */
  cells: (Assignment & { customers: number; revenue: number })[];
  totalRevenue: number;
}

/** A framework broken down by a dimension: customers per (label, value); the last value is "missing". */
export interface Breakdown {
  framework: Framework;
  dimension: string;
  labels: string[];
  values: string[];
  /** counts[labelIndex][valueIndex], values.length + 1 columns (the last: missing). */
  counts: number[][];
  edges?: number[];
  /** nps only: the NPS score per column (SPEC §4), over those who answered; "no answer" is not in it. */
  nps?: { score: number | null; answered: number }[];
}

interface DimensionData {
  dimension: Dimension;
  numeric: boolean;
  /** Categorical: codes 1..k (0 missing) as k-1; numeric: the values, binned on demand. */
  codes?: Int32Array;
  values?: Float64Array;
  dictionary: string[];
  defaultEdges: number[];
}

/** A filter in force, with the number of customers of the data (the export offers filtered or all). */
export type ActiveFilter = Filter & { of: number };

/** Customers kept by every cell: those whose `dimension` value is one of `values` (bin labels for numeric ones). */
export interface Filter {
  dimension: string;
  values: string[];
  /** Bin edges of a numeric dimension (its default edges if absent). */
  edges?: number[];
}

export type Outcome = { ok: true; summary: Summary } | { ok: false; error: string };

interface Loaded extends PredictedData {
  /** The SPEC default as_of of this data, resolved once at load. */
  defaultAsOf: string;
  dimensions: Map<string, DimensionData>;
}

export class Session {
  config: Config;
  private data: Loaded | null = null;
  /** Where the last load or model rebuild spent its time, in ms by phase (staging, orders, metrics, report, columns). */
  phases: Phases = {};
  /** Build the large tables in parts of this many order rows (set by the worker for a compressed load). */
  partRows: number | undefined;
  /** Predicted value: the deferred fit, the live predicted_clv column, tb_clv, the Predicted value cell. */
  readonly predictions: ClvViews;

  /** The baseline date's replay and the pinned config (movement, SPEC §4a). */
  readonly movements: Movements;

  /** The live trend: its series of dates, built as the worker asks, and each framework's counts over it. */
  readonly trends: TrendViews;

  constructor(private db: Db, private readColumns: ColumnReader, config?: Config) {
    const r = parseConfig({ version: 1 });
    this.config = config ?? (r.ok ? r.config : (undefined as never));
    this.movements = new Movements(db, readColumns);
    this.predictions = new ClvViews(db, readColumns, this);
    this.trends = new TrendViews(db, readColumns, this);
  }

  get loaded(): Loaded | null {
    return this.data;
  }

  /** Stage freshly loaded raw tables under `mapping` and compute everything under `configDoc`. */
  async load(mapping: Mapping, configDoc: unknown): Promise<Outcome> {
    const parsed = parseConfig(configDoc);
    if (!parsed.ok) return parsed;
    checkMapping(mapping);
    this.predictions.cancel();
    this.phases = {};
    await stage(this.db, mapping, this.phases, this.partRows);
    this.config = parsed.config;
    const defaultAsOf = await resolveAsOf(this.db, { ...parsed.config, asOf: null });
    this.data = await this.materialise(mapping, defaultAsOf, parsed.config.asOf ?? defaultAsOf);
    this.predictions.fitInBackground();
    await this.movements.sync(this.data, this.config, () => this.baseline());
    return { ok: true, summary: this.relabel() };
  }

  /** Apply a config document; invalid ones change nothing. */
  async apply(configDoc: unknown): Promise<Outcome> {
    const parsed = parseConfig(configDoc);
    if (!parsed.ok) return parsed;
    const d = this.data;
    this.config = parsed.config;
    if (!d) return { ok: false, error: 'no data is loaded yet' };
    const asOf = parsed.config.asOf ?? d.defaultAsOf;
    if (asOf !== d.model.asOf) {
      this.predictions.cancel();
      this.phases = {};
      this.data = await this.materialise(d.mapping, d.defaultAsOf, asOf);
      this.predictions.fitInBackground();
      await this.movements.sync(this.data, this.config, () => this.baseline());
      // The filter is the user's choice, not the data's: it holds at the new analysis date too.
      if (d.filter) return { ok: true, summary: await this.setFilter(d.filter.spec) };
    }
    // Value tiers by predicted_clv cut on the predictions: a pending fit is finished first.
    if (this.config.value.metric === 'predicted_clv') await this.predictions.ready();
    // A horizon or discount move re-predicts the live column at once, in JavaScript; tb_clv is written
    // when a reader of it in SQL asks (`predictions.table()`).
    this.predictions.predictLive();
    await this.movements.sync(this.data!, this.config, () => this.baseline());
    return { ok: true, summary: this.relabel() };
  }

  /** The kept replay at time.baselineAsOf (null without one); shared by the export and the movement views. */
  private baselineReplay: BaselineReplay | null = null;
  async baseline(): Promise<Replay | null> {
    const d = this.require();
    return (this.baselineReplay ??= new BaselineReplay(this.db)).get(d.mapping, d.model, this.config, this.partRows);
  }

  async rejectedLines(table: TableName): Promise<string[]> {
    return rejectedLines(this.db, this.require().mapping, table);
  }

  /** The export with its config, config hash, SQL and load report, zipped (src/engine/bundle.ts). */
  async exportBundle(): Promise<Uint8Array> {
    const d = this.require();
    const { config, replay } = await this.exportBasis();
    return zipBundle(await bundleFiles(this.db, d.mapping, config, d.model, replay));
  }

  /** The export (or a segment's); `filtered`: only the customers the dimension filter keeps, as every count does. */
  async exportLines(selection?: Selection, filtered = false): Promise<string[]> {
    const d = this.require();
    const { config, replay } = await this.exportBasis();
    return exportLines(this.db, d.mapping, config, d.model, selection, filtered ? await this.filterCondition() : undefined, replay);
  }

  /**
   * The config and baseline replay a page export is made under. A baseline not before as_of leaves the
   * export without baseline columns (SPEC §5: the views needing it stay empty, the rest of the config
   * applies); the command line refuses it instead.
   */
  private async exportBasis(): Promise<{ config: Config; replay?: Replay }> {
    const d = this.require();
    // The export always carries the fit (the command line's bytes): a deferred one is finished first, and
    // tb_clv written at the horizon in force (the export's own sync is then a no-op).
    await this.predictions.ready();
    await this.predictions.table();
    const b = this.config.time.baselineAsOf;
    if (b !== null && !(b < d.model.asOf)) return { config: { ...this.config, time: { ...this.config.time, baselineAsOf: null } } };
    return { config: this.config, replay: (await this.baseline()) ?? undefined };
  }

  /**
   * The export of a movement cell's customers (those the list shows, without its search): their idx cross
   * to a temporary table, so the SQL stays one small condition whatever the cell's size.
   */
  async exportMovementLines(move: MoveFrom, to: Segment, filtered = false): Promise<string[]> {
    const d = this.require();
    const q: CustomerQuery = { cell: [to], search: '', sort: 'customer_id', descending: false, limit: 1, move };
    const idx = this.cellIdx(q, filtered);
    await this.db.exec('CREATE OR REPLACE TEMP TABLE tb_move_pick (idx INTEGER)');
    for (let k = 0; k < idx.length; k += 50_000) await this.db.exec(`INSERT INTO tb_move_pick VALUES ${Array.from(idx.subarray(k, k + 50_000), (i) => `(${i | 0})`).join(', ')}`);
    try {
      const { config, replay } = await this.exportBasis();
      return await exportLines(this.db, d.mapping, config, d.model, to, 'mt.idx IN (SELECT idx FROM tb_move_pick)', replay);
    } finally {
      await this.db.exec('DROP TABLE IF EXISTS tb_move_pick');
    }
  }

  /** The command line's --movement file (every framework, all customers: the CLI has no filter), byte for byte. */
  async movementFileLines(): Promise<string[]> {
    const d = this.require();
    await this.predictions.ready();
    await this.predictions.table();
    const replay = await this.baseline();
    if (!replay) throw new Error('time.baselineAsOf is not set: the movement file needs a baseline date');
    return movementLines(this.db, d.mapping, this.config, d.model, replay);
  }

  /** The filter as SQL over the same dimension data and edges the live mask was made from; none when off. */
  private async filterCondition(): Promise<string | undefined> {
    const f = this.require().filter?.spec;
    if (!f) return undefined;
    const dim = await this.dimensionData(f.dimension);
    return filterSql(dim.dimension, f.values, dim.numeric ? (f.edges ?? dim.defaultEdges) : undefined);
  }

  private require(): Loaded {
    if (!this.data) throw new Error('no data is loaded yet');
    return this.data;
  }

  private async materialise(mapping: Mapping, defaultAsOf: string, asOf: string): Promise<Loaded> {
    const fitNow = this.predictions.fitsInLoad(this.config);
    const model = await buildModel(this.db, mapping, asOf, this.phases, this.partRows, clvHorizon(this.config), fitNow);
    const t = performance.now();
    const cols = toMetricColumns(model.customers, await this.readColumns(METRIC_COLUMNS_SQL));
    const ev = await this.readColumns(TOUCH_EVENTS_UNSORTED_SQL);
    const events = sortTouchEvents(ev.idx, ev.days_before, model.customers);
    const live = liveData(cols, events, this.config);
    await this.predictions.readColumn(live, model.clv);
    this.phases.columns = performance.now() - t;
    if (!isPending(model.clv)) return { mapping, defaultAsOf, model, dimensions: new Map(), ...live };
    // The deferred fit's inputs are read here, with the load: one statement over every order, which in the
    // background would hold the worker's first threshold moves for as long (the fit itself runs in slices).
    const t1 = performance.now();
    const read = await readClvInputs(this.db, mapping, AS_OF_TABLES);
    const ms = (this.phases['clv inputs'] = performance.now() - t1);
    return { mapping, defaultAsOf, model, dimensions: new Map(), ...live, clvInputs: { read, ms } };
  }

  dimensions(): Dimension[] {
    return this.data ? dimensionsOf(this.data.mapping) : [];
  }

  /** Loaded once per dimension and dataset; breakdowns afterwards are pure array work. */
  private async dimensionData(name: string): Promise<DimensionData> {
    const d = this.require();
    const cached = d.dimensions.get(name);
    if (cached) return cached;
    const dimension = dimensionsOf(d.mapping).find((x) => x.name === name);
    if (!dimension) throw new Error(`no dimension named "${name}"`);
    const [{ numeric }] = await this.db.rows<{ numeric: boolean }>(isNumericSql(dimension));
    let data: DimensionData;
    if (numeric) {
      const values = Float64Array.from((await this.readColumns(dimensionNumbersSql(dimension))).value);
      const [{ edges }] = await this.db.rows<{ edges: number[] | null }>(defaultEdgesSql(dimension));
      data = { dimension, numeric, values, dictionary: [], defaultEdges: isAgeLike(name) ? AGE_EDGES : [...(edges ?? [])].map(Number) };
    } else {
      const codes = Int32Array.from((await this.readColumns(dimensionCodesSql(dimension))).code, (c) => c - 1);
      const dictionary = (await this.db.rows<{ value: string }>(dimensionDictionarySql(dimension))).map((r) => r.value);
      data = { dimension, numeric, codes, dictionary, defaultEdges: [] };
    }
    d.dimensions.set(name, data);
    return data;
  }

  /** Keep only customers with these dimension values in every count (null: everyone). Labels are unchanged. */
  async setFilter(filter: Filter | null): Promise<Summary> {
    const d = this.require();
    d.labelledWith = {}; // every count changes with the filter
    if (!filter) {
      d.filter = null;
      return this.relabel();
    }
    const { codes, values } = await this.dimensionCodes(filter.dimension, filter.edges);
    // '' stands for "missing" (code -1); values the dimension does not have are ignored.
    const wanted = new Set(filter.values.flatMap((v) => (v === '' ? [-1] : values.includes(v) ? [values.indexOf(v)] : [])));
    const keep = keepMask(codes, wanted);
    d.filter = { spec: filter, keep, charts: modelCharts(d.cols, keptSorted(d.cols, keep), keep) };
    return this.relabel();
  }

  /** Codes per customer for a dimension (-1 missing) and the value names the codes index. */
  private async dimensionCodes(dimension: string, edges?: number[]): Promise<{ codes: Int32Array; values: string[]; edges?: number[] }> {
    const dim = await this.dimensionData(dimension);
    if (!dim.numeric) return { codes: dim.codes!, values: dim.dictionary };
    const used = edges ?? dim.defaultEdges;
    return { codes: binCodes(dim.values!, used), values: binLabels(used), edges: used };
  }

  async breakdown(framework: Framework, dimension: string, edges?: number[]): Promise<Breakdown> {
    const d = this.require();
    const labels = labelKeys(framework, this.config);
    const { codes, values, edges: usedEdges } = await this.dimensionCodes(dimension, edges);
    const flat = crosstab(d.out.labels[framework], labels.length, codes, values.length, d.filter?.keep);
    const width = values.length + 1;
    const counts = labels.map((_, k) => Array.from(flat.subarray(k * width, (k + 1) * width)));
    return { framework, dimension, labels, values, counts, edges: usedEdges, ...(framework === 'nps' && { nps: npsByColumn(counts, labels) }) };
  }

  /** The label conditions of a cell: every segment's current label, and a movement cell's baseline label. */
  private cellWhere(q: Pick<CustomerQuery, 'cell' | 'move'>): { labels: Uint8Array; index: number }[] {
    const d = this.require();
    const where = q.cell.map((s) => {
      if (!FRAMEWORKS.includes(s.framework as Framework)) throw new Error(`unknown framework "${s.framework}"`);
      const fw = s.framework as Framework;
      const index = labelKeys(fw, this.config).indexOf(s.label);
      if (index < 0) throw new Error(`"${s.label}" is not a ${fw} label`);
      return { labels: d.out.labels[fw], index };
    });
    if (q.move) where.push(this.movements.where(d, q.move));
    return where;
  }

  /** Every customer of a cell, in idx order (the filter's kept ones when `filtered`). */
  private cellIdx(q: CustomerQuery, filtered: boolean): Int32Array {
    const d = this.require();
    return listPage(d.cols, d.out, { where: this.cellWhere(q), matched: null, keep: filtered ? d.filter?.keep : undefined, sort: 'customer_id', descending: false, limit: d.cols.n }).page;
  }

  /** One page of the customers holding every label of `cell` (a matrix cell), searched by id and sorted. */
  async customers(q: CustomerQuery): Promise<CustomerList> {
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
    const values = predicted.length ? predictionsOf(d.model.clv, Array.from(page), clvHorizon(this.config)) : [];
    return {
      total,
      fitting: isPending(d.model.clv),
      columns: [...LIST_COLUMNS, ...predicted],
      rows: Array.from(page, (i, k) => listRow(d.cols, d.out, i, byIdx.get(i)?.customer_id ?? '', predicted.map((c) => values[k][c]))),
    };
  }

  /** A predicted column other than predicted_clv (that one is live), computed whole once per fit and horizon, for a list sorted by it. */
  private predictedSort: { of: object | null; key: string; cols: PredictedColumns } = { of: null, key: '', cols: {} };
  private predictedSortColumn(sort: ListColumn): PredictedColumns {
    if (sort !== 'p_alive' && sort !== 'expected_purchases' && sort !== 'expected_order_value') return {};
    // Another load brings another fit object; another horizon another key.
    const d = this.require();
    const horizon = clvHorizon(this.config);
    if (this.predictedSort.of !== d.model.clv || this.predictedSort.key !== horizonOf(horizon)) this.predictedSort = { of: d.model.clv, key: horizonOf(horizon), cols: {} };
    const cols = this.predictedSort.cols;
    cols[sort] ??= heldColumn(d.model.clv, d.cols.n, horizon, sort);
    return { [sort]: cols[sort] };
  }


  /** Pin a config document as the baseline of movement between configs (SPEC §4a); null unpins. Invalid ones change nothing. */
  pin(configDoc: unknown): Outcome {
    if (configDoc === null) this.movements.pin(null);
    else {
      const parsed = parseConfig(configDoc);
      if (!parsed.ok) return parsed;
      this.movements.pin(parsed.config);
    }
    return { ok: true, summary: this.relabel() };
  }

  /** Build the baseline again after a cancelled or failed build. */
  async retryBaseline(): Promise<Outcome> {
    this.movements.retry();
    return this.apply(this.config);
  }

  // The trend's calls as the worker, the benches and the tests make them; the series lives in `trends`.
  trendPlan(framework?: Framework): Promise<TrendPlan> {
    return this.trends.plan(framework);
  }

  buildTrendDate(date: string): Promise<void> {
    return this.trends.buildDate(date);
  }

  trendSeries(framework: Framework): TrendAnswer {
    return this.trends.series(framework);
  }

  /** SPEC §4a cohorts under config.time.cohortPeriod and the filter: the rows and the CLI's --cohorts lines (one source). */
  async cohorts(): Promise<{ rows: CohortRow[]; lines: string[] }> {
    const rows = await cohortRows(this.db, this.config, this.require().model, await this.filterCondition());
    return { rows, lines: cohortCsv(rows) };
  }

  /** SPEC §4a what changed between time.baselineAsOf and as_of (all, and per label of `framework`) under the filter. */
  async whatChanged(framework: Framework): Promise<{ rows: WhatChangedRow[]; lines: string[] }> {
    // Its labels are SQL: value tiers by predicted_clv read tb_clv.
    await this.predictions.table();
    const rows = await whatChangedRows(this.db, this.config, this.require().model, framework, await this.filterCondition());
    return { rows, lines: whatChangedCsv(rows) };
  }

  /** The hot path: relabel every framework from the columns; no SQL. */
  relabel(): Summary {
    const d = this.require();
    const summary = summarise(d, factsOf(d), valueConfig(this.config, d.model.counts));
    // After the current labels are recounted; only when there is one (without a baseline or a pin the
    // summary is the early worker's, key for key).
    const { movement, pinnedMovement } = this.movements.summary(d, this.config);
    return { ...summary, ...(movement && { movement }), ...(pinnedMovement && { pinnedMovement }) };
  }
}

/** What the summary says about a loaded dataset besides the recount. */
export function factsOf(d: Loaded): DataFacts {
  const { asOf, customers, report, examples, formats } = d.model;
  return { asOf, customers, report, examples, formats, referralsMapped: !!(d.mapping.customers?.roles.referrals || d.mapping.customers?.roles.referred_by) };
}


