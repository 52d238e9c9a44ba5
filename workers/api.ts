// The worker's whole API: one interface, imported by the worker (implements) and the page (calls).
import type { Framework } from '../src/engine/frameworks';
import type { DateFormat, NumberStyle, TableName } from '../src/engine/mapping';
import type { FileProfile } from '../src/engine/inspect';
import type { AmountPreview } from '../src/engine/preview';
import type { ReadOptions } from '../src/engine/readers/plan';
import type { Selection } from '../src/engine/sql/export';
import type { Breakdown, CustomerList, CustomerQuery, Filter, Summary } from '../src/engine/session-types';
import type { BaselineProgress, MoveFrom } from '../src/engine/movements';
import type { Segment } from '../src/engine/sql/export';
import type { Refusal } from '../src/engine/sql/query-guard';
import type { ClvSummary } from '../src/engine/clv-model';
import type { ClvPanel } from '../src/engine/clv/panel';
import type { ClvFit, FitProgress, HoldoutRow } from '../src/engine/clv/api';

export interface ClvHoldout { from: string; to: string; rows: HoldoutRow[]; lines: string[]; fit: ClvFit }
import type { TrendAnswer } from '../src/engine/live/trend';
import type { CohortRow } from '../src/engine/time/cohorts';
import type { WhatChangedRow } from '../src/engine/time/what-changed';

export interface InputFile {
  table: TableName;
  name: string;
  /** A same-origin URL (bundled sample data), a File the user opened (read in place), or bytes. */
  source: { url: string } | { file: File } | { bytes: Uint8Array };
  /** How to read it (detected when left out). */
  read?: ReadOptions;
  /** Roles confirmed in the mapping panel: used exactly (guessed from the headers when left out). */
  roles?: Record<string, string>;
  /** How dates and numbers are written (detected when left out). */
  dateFormat?: DateFormat;
  numberStyle?: NumberStyle;
}

/** What the page draws: the session's summary, tagged with the request it answers. */
export type Snapshot = Summary & {
  /** Echo of the request's sequence number: the page drops any answer older than its latest request. */
  seq: number;
  /** Worker-side times of the last load: reading files into DuckDB, and the per-customer model. */
  loadTimings?: LoadTimings;
};

export interface LoadTimings {
  /** Files read into DuckDB and their formats decided. */
  ingestMs: number;
  /** Staging, orders, metrics and the columns to the recount (the first recount left out). */
  modelMs: number;
  /** Each phase in ms: read, detect, staging, orders, metrics, columns (where a load's time goes). */
  phases: Record<string, number>;
  /** The load was stored compressed (inputs of COMPRESS_FROM_BYTES or more). */
  compressed?: boolean;
  /** The whole load in the worker, from its catalog attached to the data before detached. */
  totalMs?: number;
}

export interface LoadProgress {
  file: string;
  bytes: number;
  total: number;
  rows: number;
}

/** The answer to an SQL-cell query. */
export type QueryResult =
  | { kind: 'rows'; columns: string[]; rows: (string | number | null)[][]; more: boolean; ms: number }
  | { kind: 'error'; message: string; line: number | null; column: number | null }
  /** Not run at all: not exactly one read-only query (the page words it). */
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'cancelled' };

/** How far the trend's per-date columns are built (dates of the series, as_of's own included). */
export interface TrendProgress {
  built: number;
  total: number;
}

/** `superseded`: not computed, a newer request of the same kind came first (the asker keeps only its newest answer). */
export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: string; superseded?: true };

export interface EngineApi {
  /** Start DuckDB-WASM; resolves with its version. */
  init(): Promise<string>;
  /**
   * Load tables and compute under the config, in one transaction: on any failure or a cancel the data
   * before stays. Large files report progress after each piece.
   */
  load(files: InputFile[], config: unknown, seq: number, onProgress?: (p: LoadProgress) => void): Promise<EngineResult<Snapshot>>;
  /** Stop the running load at its next piece (it answers { ok: false, error: 'cancelled' }). */
  cancelLoad(): Promise<void>;
  /** Read a file's first rows without loading it: layout, columns, preview, guessed table, roles and formats. */
  inspect(file: InputFile): Promise<EngineResult<FileProfile>>;
  /**
   * An amount expression and a date format applied to preview rows, as loading would. A preview still
   * queued when a newer one for the same `slot` (a file of the panel) arrives answers `superseded`.
   */
  preview(columns: string[], rows: string[][], ask: { amount?: string; numberStyle: NumberStyle; dateColumn?: string; dateFormat?: DateFormat; slot?: string }): Promise<{ amount?: AmountPreview; dates?: (string | null)[]; superseded?: true }>;
  /**
   * Apply a config document: refused whole when invalid, and the current state stays. A new
   * `time.baselineAsOf` builds the baseline (SPEC §4a), reporting each step; `cancelBaseline` stops it.
   */
  setConfig(config: unknown, seq: number, onBaseline?: (p: BaselineProgress) => void): Promise<EngineResult<Snapshot>>;
  /** Stop a baseline build at its next statement: the snapshot's movement says `cancelled`; the rest applies. */
  cancelBaseline(): Promise<void>;
  /** Build the baseline again after a cancelled or failed build. */
  retryBaseline(seq: number, onBaseline?: (p: BaselineProgress) => void): Promise<EngineResult<Snapshot>>;
  /** Pin a config document as the baseline of movement between configs (null unpins); invalid ones change nothing. */
  pinConfig(config: unknown, seq: number): Promise<EngineResult<Snapshot>>;
  /** The SPEC §6 export of one movement cell's customers (baseline label `move`, current label `to`), UTF-8 bytes. */
  movementCsv(move: MoveFrom, to: Segment, filtered?: boolean): Promise<EngineResult<Uint8Array>>;
  /** The command line's --movement file under the current config (all customers), UTF-8 bytes. */
  movementFile(): Promise<EngineResult<Uint8Array>>;
  /**
   * The SPEC §6 export under the current config, as UTF-8 bytes (transferred); optionally one segment's or
   * matrix cell's customers; `filtered`: only the customers the dimension filter keeps (all when none is on).
   */
  exportCsv(selection?: Selection, filtered?: boolean): Promise<EngineResult<Uint8Array>>;
  /** The export bundle (CSV, config and its hash, the SQL of each step, the load report) as zip bytes (transferred). */
  exportBundle(): Promise<EngineResult<Uint8Array>>;
  /** The predicted-value fit at as_of (SPEC §3a) with the horizon and discount in force: parameters, log-likelihoods, buyers, ms, or the refusal. */
  clv(): Promise<EngineResult<ClvSummary>>;
  /**
   * The Predicted value cell: fit, distribution and top customers under the filter, P(alive) matrix. Asked
   * right behind a horizon move's setConfig (computed while the page draws that answer); an ask still queued
   * when a newer one from the same `asker` (a cell) comes is answered `superseded` without work.
   */
  clvPanel(asker?: string): Promise<EngineResult<ClvPanel>>;
  /**
   * Wait for the predicted-value fit the last load or as_of change left running (it runs after their answer,
   * in slices: docs/clv.md), with its progress; true when it landed (tb_clv holds it: ask the panel again),
   * false when it was cancelled or none was running.
   */
  clvFit(onProgress?: (p: FitProgress) => void): Promise<EngineResult<boolean>>;
  /** The holdout check at config.clv.holdoutFrom (a separate fit before it), with the --clv-holdout file's lines; null without a date. */
  clvHoldout(): Promise<EngineResult<ClvHoldout | null>>;
  /** Every rejected row of a table as CSV (line, reason, the file's cells), UTF-8 bytes (transferred). */
  rejectedCsv(table: TableName): Promise<EngineResult<Uint8Array>>;
  /** Count only the customers with these dimension values, in every cell (null: everyone). */
  setFilter(filter: Filter | null, seq: number): Promise<EngineResult<Snapshot>>;
  /** A read-only query of the SQL cell over the loaded tables and a `customers` view under the current config. */
  query(text: string, id: number): Promise<QueryResult>;
  /** Stop the query with this id (it answers `cancelled`). */
  cancelQuery(id: number): Promise<void>;
  /** A page of a matrix cell's (or, with `move`, a movement cell's) customers under the current labels, searched and sorted. */
  customers(query: CustomerQuery): Promise<EngineResult<CustomerList>>;
  /** Throws outside any request, as a fatal failure would: the tests' way to check crash recovery. */
  simulateCrash(): Promise<void>;
  /** The dimensions of the loaded data (customer attributes, channel). */
  dimensions(): Promise<string[]>;
  /** A framework by a dimension under the current labels; numeric dimensions binned by `edges` (default edges if absent). */
  breakdown(framework: Framework, dimension: string, edges?: number[]): Promise<EngineResult<Breakdown>>;
  /**
   * Customers per label of a framework at every date of the trend series (config.time.trendPeriod) under the
   * current config and filter. Dates not yet built are built first, one queued step each (moves answer
   * between dates), with progress after each; `cancelTrend` stops the build ({ ok: false, error: 'cancelled' }),
   * keeping the dates built so far.
   */
  trend(framework: Framework, onProgress?: (p: TrendProgress) => void): Promise<EngineResult<TrendAnswer>>;
  /** Stop a trend build at its next date. */
  cancelTrend(): Promise<void>;
  /** SPEC §4a cohorts (config.time.cohortPeriod) under the filter: rows to draw and the CLI's --cohorts lines. */
  cohorts(): Promise<EngineResult<{ rows: CohortRow[]; lines: string[] }>>;
  /** SPEC §4a what changed (needs time.baselineAsOf before as_of: the error says so), all and per label of `framework`. */
  whatChanged(framework: Framework): Promise<EngineResult<{ rows: WhatChangedRow[]; lines: string[] }>>;
}

/**
 * The early worker (workers/early.worker.ts): the bundled sample's moves before the engine has the sample,
 * recounted from its columns baked at build time. A small worker of its own, so DuckDB starting and loading
 * in the engine worker never delays it.
 */
export interface EarlyApi {
  /** The snapshot under this config document, or null when only the engine can answer it (another as_of). */
  answer(config: unknown, seq: number): Promise<EngineResult<Snapshot> | null>;
}
