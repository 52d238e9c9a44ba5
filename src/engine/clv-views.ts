// The session's predicted value (SPEC §3a; docs/clv.md): the deferred fit, the live predicted_clv column
// the value tiers and lists read, tb_clv written only when SQL reads it, and the Predicted value cell's
// answers. The session owns the data and the config; this owns everything predicted about them.
import type { ClvFit, FitProgress, HoldoutRow } from './clv/api';
import { CUSTOMER_IDS_SQL, distributionAndTop, panelOf, type ClvPanel, type ClvTopRow } from './clv/panel';
import { FitJob, SLICE_MS, yieldToMessages } from './clv-fit-job';
import { clvHorizon, clvSummary, holdoutCheck, holdoutCsv, isPending, readClvInputs, writePredictions, type ClvModel, type ClvSummary, type FitTimings } from './clv-model';
import type { Config } from './config';
import { readTextColumn, type Db, type TextColumn } from './db';
import { predictedColumnSql, sortedLength, sortLater } from './live/columns';
import { predictedColumnInto, predictionsOf } from './live/predicted';
import type { LiveData } from './live/summary';
import { horizonKey } from './clv/horizon';
import type { Mapping } from './mapping';
import { DEFAULT_HORIZON, dropReplay, replayModel, type Model } from './pipeline';
import type { ColumnReader } from './session-types';
import { AS_OF_TABLES } from './sql/tables';
import { tiersByPrediction } from './value-metric';

/** What the predictions need of a loaded dataset (the session's `Loaded`). */
export interface PredictedData extends LiveData {
  mapping: Mapping;
  model: Model;
  /** The deferred fit's inputs, read with the load (one SQL statement), and how long that took. */
  clvInputs?: { read: Pick<ClvModel, 'idx' | 'inputs'>; ms: number };
  /** Where the deferred fit's time went, once it landed. */
  fitTimings?: FitTimings;
}

/** The session as the predictions see it: the data and config in force. */
export interface PredictedHost {
  readonly loaded: PredictedData | null;
  readonly config: Config;
  readonly partRows: number | undefined;
}

export class ClvViews {
  /**
   * Fit after a load or as_of change has answered, in slices (set by the worker; docs/clv.md). Off: the
   * fit is made inside the load, as the command line does. Value tiers by predicted_clv need the fit for
   * the load's answer, so it is made inside the load then either way.
   */
  deferFit = false;
  /** Where a deferred fit pauses between slices: the worker's message loop gets its turn there. */
  fitPause: () => Promise<void> = yieldToMessages;
  /** The longest a slice of a deferred fit runs before it pauses. */
  fitSliceMs = SLICE_MS;
  private job: { owner: PredictedData; job: FitJob; landed: Promise<void> } | null = null;
  /** Which fit and horizon the live predicted_clv column holds (after a read of tb_clv, or computed here). */
  private held: { clv: ClvModel; key: string } | null = null;
  private heldVersion = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private db: Db, private readColumns: ColumnReader, private host: PredictedHost) {}

  private require(): PredictedData {
    const d = this.host.loaded;
    if (!d) throw new Error('no data is loaded yet');
    return d;
  }

  /** Whether the load must fit before it answers. */
  fitsInLoad(config: Config): boolean {
    return !this.deferFit || tiersByPrediction(config);
  }

  /** Start the deferred fit of the current data (nothing to do when it is fitted or already fitting). */
  fitInBackground(): void {
    const d = this.host.loaded;
    if (!d || !isPending(d.model.clv) || this.job?.owner === d) return;
    this.cancel();
    const read = d.clvInputs?.read;
    const job = new FitJob(() => (read ? Promise.resolve(read) : readClvInputs(this.db, d.mapping, AS_OF_TABLES)), this.fitPause, this.fitSliceMs);
    const entry = {
      owner: d,
      job,
      landed: job.done.then(
        (clv) => {
          if (!clv || job.cancelled || this.host.loaded !== d) return;
          d.model.clv = clv;
          // The live column (and the counts its value tiers cut by) from the fit, in JavaScript. tb_clv is
          // written only when a reader of it in SQL asks (`table()`): at a million buyers DuckDB-WASM takes
          // seconds over it, which would hold the worker's threshold moves.
          const t0 = performance.now();
          this.predictLive();
          d.fitTimings = { readMs: d.clvInputs ? d.clvInputs.ms : job.readMs, fitMs: clv.fit.ms, liveMs: performance.now() - t0 };
        },
        (e: unknown) => {
          if (this.host.loaded !== d) return;
          const detail = `the fit failed: ${e instanceof Error ? e.message : String(e)}`;
          d.model.clv = { ...d.model.clv, fit: { ok: false, reason: 'no_convergence', detail, buyers: 0, repeatBuyers: 0, ms: 0 } };
        },
      ).finally(() => {
        if (this.job === entry) this.job = null;
      }),
    };
    this.job = entry;
  }

  /** Stop a deferred fit (a new load or as_of replaces its data; a load also before it begins). */
  cancel(): void {
    this.job?.job.cancel();
    this.job = null;
  }

  /** Wait for the current data's fit, hurrying a deferred one (exports, predicted_clv tiers, the command line's bytes). */
  async ready(): Promise<void> {
    const d = this.require();
    if (!isPending(d.model.clv)) return;
    // A fit cancelled by a load that failed (the data before stays) starts again.
    this.fitInBackground();
    const entry = this.job;
    if (!entry) return;
    entry.job.hurry();
    await entry.landed;
  }

  /**
   * Until the current deferred fit ends: its progress to `onProgress`; true when it landed (the live
   * predicted column holds it), false when cancelled or when there was none to wait for.
   */
  async watch(onProgress?: (p: FitProgress) => void): Promise<boolean> {
    const entry = this.job;
    if (!entry) return false;
    const stop = onProgress ? entry.job.watch(onProgress) : () => undefined;
    try {
      await entry.landed;
    } finally {
      stop();
    }
    return !entry.job.cancelled && this.host.loaded === entry.owner && !isPending(entry.owner.model.clv);
  }

  /** The fit at as_of (SPEC §3a) with the horizon and discount in force: parameters, log-likelihoods, or the refusal. */
  summary(): ClvSummary {
    const d = this.require();
    const model = d.model.clv;
    const summary = clvSummary(model, clvHorizon(this.host.config));
    if (!isPending(model)) return d.fitTimings ? { ...summary, timings: d.fitTimings } : summary;
    const progress = this.job?.job.progress ?? null;
    return { ...summary, ok: false, reason: 'fitting', progress, detail: progress ? `${progress.model}, iteration ${progress.iteration}` : '' };
  }

  /** The Predicted value cell: the fit, the distribution and top customers under the filter, the P(alive) matrix. */
  async panel(): Promise<ClvPanel> {
    const d = this.require();
    // A pending fit always has a job to wait for (one a failed load cancelled starts again).
    if (isPending(d.model.clv)) this.fitInBackground();
    // Everything from the fit and the live column: a horizon move's panel never waits for tb_clv's write.
    this.predictLive();
    const keep = d.filter?.keep;
    const { distribution, top: idx } = distributionAndTop(d.cols.predicted_clv, 10, keep);
    const ids = await this.customerIds(d);
    const predicted = predictionsOf(d.model.clv, idx, clvHorizon(this.host.config));
    const top: ClvTopRow[] = idx.map((i, k) => {
      const p = predicted[k];
      return {
        customer_id: ids.get(i)!, purchases: d.cols.purchases[i], monetary: d.cols.monetary[i],
        p_alive: p.p_alive!, expected_purchases: p.expected_purchases!, expected_order_value: p.expected_order_value!, predicted_clv: p.predicted_clv!,
      };
    });
    return panelOf(this.summary(), d.model.clv.fit, d.model.clv.inputs, distribution, top);
  }

  /**
   * Every customer's id by idx, read once per data (the first panel): a horizon move's top ten then need no
   * SQL. Kept as the reader's bytes (Arrow in the worker), decoded only for the rows shown.
   */
  private ids: { owner: PredictedData; column: Promise<TextColumn> } | null = null;
  private customerIds(d: PredictedData): Promise<TextColumn> {
    if (this.ids?.owner !== d) {
      const column = readTextColumn(this.db, CUSTOMER_IDS_SQL);
      this.ids = { owner: d, column };
      column.catch(() => {
        if (this.ids?.column === column) this.ids = null;
      });
    }
    return this.ids.column;
  }

  /** The holdout check (SPEC §3a) at config.clv.holdoutFrom: a separate fit on the data before it; null without a date. */
  async holdout(): Promise<{ from: string; to: string; rows: HoldoutRow[]; lines: string[]; fit: ClvFit } | null> {
    const d = this.require();
    const from = this.host.config.clv.holdoutFrom;
    if (from === null) return null;
    if (!(from < d.model.asOf)) throw new Error(`clv.holdoutFrom must be before the analysis date ${d.model.asOf}`);
    const atD = await replayModel(this.db, d.mapping, from, undefined, this.host.partRows, DEFAULT_HORIZON);
    try {
      const rows = await holdoutCheck(this.db, { asOf: from, tables: atD.tables, clv: atD.clv! }, d.model.asOf, AS_OF_TABLES);
      return { from, to: d.model.asOf, rows: rows ?? [], lines: rows ? holdoutCsv(rows) : [], fit: atD.clv!.fit };
    } finally {
      await dropReplay(this.db, atD.tables);
    }
  }

  /** The live predicted_clv column at the config's horizon and discount, computed from the fit (no SQL). */
  predictLive(): void {
    const d = this.require();
    const clv = d.model.clv;
    if (!clv.fit.ok) return; // refused or still fitting: the column stays as read (no predictions)
    const horizon = clvHorizon(this.host.config);
    const key = horizonKey(horizon);
    if (this.held?.clv === clv && this.held.key === key) return;
    this.heldVersion++;
    // Written over the column it replaces (nothing keeps the old values: readers take the column when they
    // run): at a million buyers a fresh 8 MB array costs ~30 ms of page faults on this machine, the move ~5.
    const prev = d.cols.predicted_clv;
    const { column, buyers } = predictedColumnInto(clv, prev.length === d.cols.n ? prev : new Float64Array(d.cols.n), horizon, d.cols.purchases);
    d.cols.predicted_clv = column;
    sortLater(d.sorted, d.cols, 'predicted_clv', buyers);
    // The value tiers' cut positions count the buyers with a prediction, as count(predicted_clv) of tb_clv.
    d.model.counts = { ...d.model.counts, predicted_clv: sortedLength(d.sorted, 'predicted_clv') };
    this.held = { clv, key };
    // Only value tiers cut by predicted_clv change with it (and the matrix with them); any other value
    // metric keeps its labels, so a horizon move relabels nothing then.
    if (tiersByPrediction(this.host.config)) this.relabelValue(d);
  }

  private relabelValue(d: LiveData): void {
    delete d.labelledWith.value;
    d.matrix = null;
  }

  /**
   * tb_clv at the config's horizon, written now if it is not. Every reader of tb_clv in SQL (the export,
   * the bundle, the movement file, what changed, the SQL cell) awaits this first.
   */
  table(): Promise<void> {
    if (!this.host.loaded) return Promise.resolve();
    // Two readers asking at once (natively, where statements truly await) must not interleave their
    // writes of tb_clv, so writes take turns.
    const run = this.writing.then(() => this.write());
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    const d = this.require();
    const before = d.model.clv.written;
    await writePredictions(this.db, AS_OF_TABLES, d.model.clv, clvHorizon(this.host.config));
    const written = d.model.clv.written;
    if (written === before) return;
    // The live column at this horizon holds what was written: computed (the same doubles as tb_clv's, as
    // predictLive always is), not read back, when a horizon move left it for its next reader.
    if (d.model.clv.fit.ok) this.predictLive();
    if (this.held?.clv === d.model.clv && this.held.key === written) return;
    await this.readColumn(d, d.model.clv);
  }

  /** The predicted_clv column as tb_clv holds it (a load's model, or after a write at a new horizon). */
  async readColumn(d: LiveData, clv: ClvModel): Promise<void> {
    const key = clv.written;
    const version = this.heldVersion;
    const column = Float64Array.from((await this.readColumns(predictedColumnSql())).predicted_clv);
    // A horizon computed live while this read ran is newer: it stays.
    if (version !== this.heldVersion) return;
    this.held = key === null ? null : { clv, key };
    d.cols.predicted_clv = column;
    sortLater(d.sorted, d.cols, 'predicted_clv');
    this.relabelValue(d);
  }
}
