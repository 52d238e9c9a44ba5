// One loaded dataset and its current config: what the worker holds, and what tests drive in Node.
// Data, mapping or as_of changes rebuild the model; any other config change only recounts columns.
import { parseConfig, type Config } from './config';
import type { Db } from './db';
import type { Framework } from './frameworks';
import type { Mapping, TableName } from './mapping';
import type { Segment, Selection } from './sql/export';
import { buildModel, checkMapping, detectAndStage, rejectedLines, resolveAsOf, type Phases, type Replay } from './pipeline';
import type { DateQuestion } from './formats';
import { AS_OF_TABLES } from './sql/tables';
import { isPending, readClvInputs, clvHorizon } from './clv-model';
import { ClvViews, type PredictedData } from './clv-views';
import { TrendViews } from './trend-views';
import { DimensionViews, type DimensionData } from './dimension-views';
import { CustomerViews } from './customer-views';
import { SessionFiles } from './session-files';
import { BaselineReplay } from './time/baseline-replay';
import { METRIC_COLUMNS_SQL, sortTouchEvents, toMetricColumns, TOUCH_EVENTS_UNSORTED_SQL } from './live/columns';
import { keptSorted } from './live/filter';
import { modelCharts } from './live/chart-data';
import { liveData, summarise, type DataFacts } from './live/summary';
import { Movements, type MoveFrom } from './movements';
import { cohortCsv, cohortRows, type CohortRow } from './time/cohorts';
import { whatChangedCsv, whatChangedRows, type WhatChangedRow } from './time/what-changed';
import type { TrendAnswer, TrendPlan } from './live/trend';
import type { Dimension } from './sql/dimensions';
import type { Breakdown, ColumnReader, CustomerList, CustomerQuery, Filter, Outcome, Summary } from './session-types';
import { tiersByPrediction } from './value-metric';

interface Loaded extends PredictedData {
  /** The SPEC default as_of of this data, resolved once at load. */
  defaultAsOf: string;
  dimensions: Map<string, DimensionData>;
}


/** A date question in words, by table (the worker names the file instead: workers/load-files.ts). */
const defaultQuestion = (q: DateQuestion) => `${q.table}: dates in "${q.column}" read both as day/month and month/day; choose the date format`;

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

  /** Dimensions: breakdowns, the filter's keep mask and its SQL. */
  private readonly dims: DimensionViews;

  /** The customers of a cell, listed. */
  private readonly lists: CustomerViews;

  /** The export, its bundle and the movement file. */
  private readonly files: SessionFiles;

  constructor(private db: Db, private readColumns: ColumnReader, config?: Config) {
    const r = parseConfig({ version: 1 });
    this.config = config ?? (r.ok ? r.config : (undefined as never));
    this.movements = new Movements(db, readColumns);
    this.predictions = new ClvViews(db, readColumns, this);
    this.trends = new TrendViews(db, readColumns, this);
    this.dims = new DimensionViews(db, readColumns, this);
    this.lists = new CustomerViews(db, this);
    this.files = new SessionFiles(db, this, () => this.dims.filterCondition(), (q, filtered) => this.lists.cellIdx(q, filtered));
  }

  get loaded(): Loaded | null {
    return this.data;
  }

  /**
   * Stage freshly loaded raw tables under `mapping` (the formats it leaves open decided over every row:
   * pipeline.ts, `detectAndStage`) and compute everything under `configDoc`. Dates that read both day-first
   * and month-first are a question for the user: the load fails with `ask`'s words for it, and the data
   * loaded before is kept.
   */
  async load(mapping: Mapping, configDoc: unknown, ask: (q: DateQuestion) => string = defaultQuestion): Promise<Outcome> {
    const parsed = parseConfig(configDoc);
    if (!parsed.ok) return parsed;
    checkMapping(mapping);
    this.predictions.cancel();
    this.phases = {};
    const staged = await detectAndStage(this.db, mapping, this.phases, this.partRows);
    if (staged.questions.length) {
      this.predictions.fitInBackground(); // the kept data's fit, if it was under way
      return { ok: false, error: ask(staged.questions[0]) };
    }
    mapping = staged.mapping;
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
    if (tiersByPrediction(this.config)) await this.predictions.ready();
    // A horizon or discount move re-predicts the live column in JavaScript when something reads it (`relabel`
    // for value tiers by predicted_clv, the Predicted value cell, a list sorted by it); tb_clv is written when
    // a reader of it in SQL asks (`predictions.table()`).
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
  exportBundle(): Promise<Uint8Array> {
    return this.files.bundle();
  }

  /** The export (or a segment's); `filtered`: only the customers the dimension filter keeps, as every count does. */
  exportLines(selection?: Selection, filtered = false): Promise<string[]> {
    return this.files.lines(selection, filtered);
  }

  /** The export of a movement cell's customers (those its list shows, without the search). */
  exportMovementLines(move: MoveFrom, to: Segment, filtered = false): Promise<string[]> {
    return this.files.movementCell(move, to, filtered);
  }

  /** The command line's --movement file, byte for byte. */
  movementFileLines(): Promise<string[]> {
    return this.files.movementFile();
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
    return this.dims.list();
  }

  breakdown(framework: Framework, dimension: string, edges?: number[]): Promise<Breakdown> {
    return this.dims.breakdown(framework, dimension, edges);
  }

  /** One page of the customers holding every label of `cell` (a matrix cell), searched by id and sorted. */
  customers(q: CustomerQuery): Promise<CustomerList> {
    if (q.sort === 'predicted_clv' && this.data) this.predictions.predictLive(); // sorted by the live column
    return this.lists.list(q);
  }

  /** Keep only customers with these dimension values in every count (null: everyone). Labels are unchanged. */
  async setFilter(filter: Filter | null): Promise<Summary> {
    const d = this.require();
    d.labelledWith = {}; // every count changes with the filter
    if (!filter) {
      d.filter = null;
      return this.relabel();
    }
    const keep = await this.dims.keep(filter);
    d.filter = { spec: filter, keep, charts: modelCharts(d.cols, keptSorted(d.cols, keep), keep) };
    return this.relabel();
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
    const rows = await cohortRows(this.db, this.config, this.require().model, await this.dims.filterCondition());
    return { rows, lines: cohortCsv(rows) };
  }

  /** SPEC §4a what changed between time.baselineAsOf and as_of (all, and per label of `framework`) under the filter. */
  async whatChanged(framework: Framework): Promise<{ rows: WhatChangedRow[]; lines: string[] }> {
    // Its labels are SQL: value tiers by predicted_clv read tb_clv.
    await this.predictions.table();
    const rows = await whatChangedRows(this.db, this.config, this.require().model, framework, await this.dims.filterCondition());
    return { rows, lines: whatChangedCsv(rows) };
  }

  /** The hot path: relabel every framework from the columns; no SQL. */
  relabel(): Summary {
    const d = this.require();
    // Value tiers by predicted_clv are cut on the live predicted column: re-predicted here at the horizon in
    // force. No other current label reads the column, so under other value tiers a horizon move answers
    // without a pass over every buyer (~20 ms at a million), and the cell's panel makes that pass. A pinned
    // config and a baseline date cut theirs on columns of their own (Movements.summary, predictSide).
    if (tiersByPrediction(this.config)) this.predictions.predictLive();
    // The config as asked (not valueConfig's fallback): recount falls back itself, and the summary says both.
    const summary = summarise(d, factsOf(d), this.config);
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


