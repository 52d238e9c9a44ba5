// The live trend (SPEC §4a): per-customer columns of the model replayed at every date of the series,
// kept in the worker, so a threshold move recounts each date's labels from arrays instead of new SQL.
// Each date's universe is a subset of the current one (anyone in it at an earlier date is in it at as_of),
// so its customers carry the current idx they map to: a dimension filter (at as_of) selects them by it.
import type { Config } from '../config';
import type { Period } from '../config/schema';
import type { Db } from '../db';
import { labelKeys, type Framework } from '../frameworks';
import type { Mapping } from '../mapping';
import { DEFAULT_HORIZON, dropReplay, replayModel, type Phases } from '../pipeline';
import { trendCsv } from '../time/trend';
import { labelColumn } from '../sql/strategy';
import { trendDates } from '../time/periods';
import { countTouches, metricColumnsSql, predictedColumnSql, sortMetrics, sortTouchEvents, toMetricColumns, touchEventsUnsortedSql, type MetricColumns, type SortedMetrics, type TouchEvents } from './columns';
import { allocate, recount, type Recount } from './recount';
import { compactColumns, covers, trendNeed, unionNeed, type TrendNeed } from './trend-need';
import type { TrendPass } from './trend-pass';
import { predictAt, type DateFit } from './trend-clv';
import { horizonKey } from '../clv/horizon';
import { clvHorizon } from '../clv-model';
import { tiersByPrediction } from '../value-metric';

type ColumnReader = (sql: string) => Promise<Record<string, Float64Array | Int32Array>>;

/** One date of the series: what the recount reads there, and the current idx of each of its customers. */
export interface TrendDate {
  date: string;
  cols: MetricColumns;
  events: TouchEvents;
  sorted: SortedMetrics;
  /** The current (as_of) idx of this date's customer i; null when the date is as_of itself (identity). */
  current: Int32Array | null;
  /** What its columns serve (trend-need.ts); null: every framework (nothing dropped). */
  kept: TrendNeed | null;
  /** Its own predicted-value fit, where value tiers by predicted_clv asked for one (re-predicted per horizon). */
  clv?: DateFit;
}

/** Customers per label at every date of the series, for one framework under one config. */
export interface TrendSeries {
  framework: Framework;
  period: Period;
  dates: string[];
  labels: string[];
  /** counts[dateIndex][labelIndex] */
  counts: number[][];
}

/**
 * The earliest usable order's date before as_of (the orders of the analysis date's model), or null.
 * Returns count as orders too: the series starts after the first order of any kind.
 */
export const EARLIEST_ORDER_SQL = `SELECT strftime(min(day), '%Y-%m-%d') AS day FROM tb_orders`;

export async function seriesDates(db: Db, asOf: string, period: Period): Promise<string[]> {
  const [row] = await db.rows<{ day: string | null }>(EARLIEST_ORDER_SQL);
  return trendDates(row?.day ?? null, asOf, period);
}

/** The current idx of every customer of a replayed universe, in the replay's idx order (both by customer_id). */
const currentIdxSql = (metrics: string) => `SELECT m.idx AS idx FROM ${metrics} r JOIN tb_metrics m USING (customer_id) ORDER BY r.idx`;

/**
 * Replay the model at `date`, read its columns, and drop its tables (DuckDB keeps no model per date).
 * Prospects' metrics stay exact: money and ratios as doubles, counts and days as Int32 (columns.ts).
 */
export async function buildTrendDate(db: Db, read: ColumnReader, mapping: Mapping, date: string, phases?: Phases, partRows?: number, need: TrendNeed | null = null): Promise<TrendDate> {
  // Its own fit only where value tiers by predicted_clv read it: written at the default horizon, re-predicted
  // at the config's when counted (trend-clv.ts).
  const replay = await replayModel(db, mapping, date, phases, partRows, !need || need.columns.has('predicted_clv') ? DEFAULT_HORIZON : null);
  try {
    const n = replay.customers;
    const cols = toMetricColumns(n, await read(metricColumnsSql(replay.tables)));
    cols.predicted_clv = Float64Array.from((await read(predictedColumnSql(replay.tables))).predicted_clv);
    const ev = need && !need.events ? { idx: [], days_before: [] } : await read(touchEventsUnsortedSql(replay.tables));
    const events = sortTouchEvents(ev.idx, ev.days_before, n);
    const current = Int32Array.from((await read(currentIdxSql(replay.tables.metrics))).idx);
    if (current.length !== n) throw new Error(`the universe at ${date} is not within the one at as_of`);
    const full = { cols, events, sorted: sortMetrics(cols) };
    const clv = replay.clv ? { clv: { model: replay.clv, holds: horizonKey(DEFAULT_HORIZON) } } : {};
    return { date, current, kept: need, ...(need ? compactColumns(full.cols, full.sorted, full.events, need) : full), ...clv };
  } finally {
    await dropReplay(db, replay.tables);
  }
}

/** Bytes a date keeps in memory (the typed arrays' buffers), for the bench note and the cell. */
export function trendDateBytes(t: TrendDate): number {
  let bytes = 0;
  const add = (a: ArrayBufferView | null) => { if (a) bytes += a.byteLength; };
  for (const v of Object.values(t.cols)) if (ArrayBuffer.isView(v)) add(v);
  add(t.events.idx); add(t.events.daysBefore); add(t.current);
  for (const v of Object.values(t.sorted)) add(v);
  return bytes;
}

/** Scratch arrays sized for the largest date, reused by every date's recount. */
export interface TrendScratch {
  out: Recount;
  touches: Int32Array;
}

export function trendScratch(dates: TrendDate[], config: Config): TrendScratch {
  const n = Math.max(0, ...dates.map((t) => t.cols.n));
  return { out: allocate(n, config), touches: new Int32Array(n) };
}

/**
 * Customers per label of `framework` at one date under `config`; `keep` (over current idx) counts only
 * the customers a dimension filter keeps. Labels are those of the whole universe, as the export's.
 */
export function countDate(t: TrendDate, framework: Framework, config: Config, scratch: TrendScratch, keep?: Uint8Array): number[] {
  const { cols, current } = t;
  const n = cols.n;
  const touches = framework === 'engagement' ? countTouches(t.events, n, config.engagement.windowDays, scratch.touches.subarray(0, n)) : scratch.touches;
  const out = recount(cols, touches, t.sorted, config, firstN(scratch.out, n), [framework]);
  if (!keep) return Array.from(out.counts[framework]);
  const counts = new Array<number>(labelKeys(framework, config).length).fill(0);
  const lab = out.labels[framework];
  for (let i = 0; i < n; i++) counts[lab[i]] += keep[current ? current[i] : i];
  return counts;
}

/** The scratch's first n customers (views, no copy): some passes run to their label array's length. */
function firstN(out: Recount, n: number): Recount {
  const labels = {} as Recount['labels'];
  for (const fw of Object.keys(out.labels) as Framework[]) labels[fw] = out.labels[fw].subarray(0, n);
  return { ...out, labels, r: out.r.subarray(0, n), f: out.f.subarray(0, n), m: out.m.subarray(0, n) };
}

/** The whole series for one framework: a recount per date, no SQL. */
export function trendSeries(dates: TrendDate[], framework: Framework, config: Config, period: Period, scratch = trendScratch(dates, config), keep?: Uint8Array): TrendSeries {
  return {
    framework, period,
    dates: dates.map((t) => t.date),
    labels: labelKeys(framework, config),
    counts: dates.map((t) => countDate(t, framework, config, scratch, keep)),
  };
}

/** Where a build of the trend's dates stands. */
export interface TrendPlan {
  period: Period;
  dates: string[];
  /** Dates not built yet, in order. */
  pending: string[];
}

/** What the cell draws: the series, and what its columns cost in memory. */
export interface TrendAnswer extends TrendSeries {
  /** Bytes the per-date columns take, and the customers summed over the dates they describe. */
  bytes: number;
  customerDates: number;
}

/**
 * The per-date columns of one series (a period at one as_of of one dataset), built a date at a time so
 * other work runs between dates and a build can stop and resume. As_of itself is the live model's columns.
 */
export class TrendStore {
  private readonly built = new Map<string, TrendDate>();
  private scratch: TrendScratch | null = null;
  /**
   * The columns every date keeps: the union of what the frameworks asked for so far read. One framework
   * shown keeps its few columns; asking for another builds the dates again with both (no back and forth).
   * Null until a framework is asked for: dates built then keep every column.
   */
  need: TrendNeed | null = null;
  /**
   * The one pass the dates are read from (trend-pass.ts) while some are pending: undefined until built,
   * null where the data needs a replay per date. Freed once every date is built.
   */
  pass: TrendPass | null | undefined = undefined;

  constructor(readonly owner: object, readonly period: Period, readonly dates: string[], now: TrendDate) {
    this.built.set(now.date, now);
  }

  /** Widen the kept columns to serve `framework` under `config` too; dates that lack them become pending. */
  want(framework: Framework, config: Config): void {
    const need = trendNeed(framework, config);
    if (!this.need) this.need = need;
    else if (!covers(this.need, need)) this.need = unionNeed(this.need, need);
  }

  plan(): TrendPlan {
    return { period: this.period, dates: this.dates, pending: this.dates.filter((d) => !this.has(d)) };
  }

  /** Built, with the columns the store needs now. */
  has(date: string): boolean {
    const t = this.built.get(date);
    return !!t && (!this.need || covers(t.kept, this.need));
  }

  add(t: TrendDate): void {
    if (this.dates.includes(t.date)) this.built.set(t.date, t);
  }

  /**
   * What the series' columns will take once every date is built: the largest built date (as_of aside,
   * whose columns are the live model's) times the dates to keep. Null before a date is built.
   */
  projectedBytes(): number | null {
    let most = 0;
    for (const t of this.built.values()) if (t.current && this.has(t.date)) most = Math.max(most, trendDateBytes(t));
    return most ? most * (this.dates.length - 1) : null;
  }

  /** The series for one framework under `config` (every date must be built); `keep`: the filter over as_of idx. */
  answer(framework: Framework, config: Config, keep?: Uint8Array): TrendAnswer {
    if (this.need && !covers(this.need, trendNeed(framework, config))) throw new Error(`the trend's dates do not hold the columns ${framework} reads`);
    const pending = this.plan().pending;
    if (pending.length) throw new Error(`the trend's dates are not built yet (${pending.length} to go)`);
    const dates = this.dates.map((d) => this.built.get(d)!);
    // Value tiers by predicted_clv: each replayed date's predictions at the config's horizon and discount.
    if (tiersByPrediction(config)) for (const t of dates) if (t.clv) predictAt(t.clv, t.cols, t.sorted, clvHorizon(config));
    this.scratch ??= trendScratch(dates, config);
    let bytes = 0;
    let customerDates = 0;
    // As_of's columns are the live model's, counted by the session already: only the replays are the trend's cost.
    for (const t of dates) if (t.current) { bytes += trendDateBytes(t); customerDates += t.cols.n; }
    return { ...trendSeries(dates, framework, config, this.period, this.scratch, keep), bytes, customerDates };
  }
}

/** The series as the command line's `--trend` file lines (time/trend.ts `trendCsv`), one framework. */
export function seriesLines(s: TrendSeries): string[] {
  const framework = labelColumn(s.framework);
  return trendCsv(s.dates.flatMap((date, i) => s.labels.map((label, k) => ({ framework, date, label, customers: s.counts[i][k] }))));
}
