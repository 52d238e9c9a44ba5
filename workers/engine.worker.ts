// The engine worker: DuckDB-WASM plus the live recount, behind the EngineApi. Only wiring lives here.
import * as Comlink from 'comlink';
import { sampleTable } from '../src/engine/readers/sample';
import { inspectSample } from '../src/engine/inspect';
import { previewAmount, previewDates } from '../src/engine/preview';
import { labelsQuery } from '../src/engine/pipeline';
import { cancelQuery, runQuery } from './sql-cell';
import { queryReadsPredictions } from '../src/engine/sql/query';
import { Session } from '../src/engine/session';
import type { BaselineProgress } from '../src/engine/movements';
import type { EngineApi, EngineResult, InputFile, LoadProgress, Snapshot, TrendProgress } from './api';
import type { Framework } from '../src/engine/frameworks';
import type { TrendAnswer } from '../src/engine/live/trend';
import { columnsOf, openWasmDb, type WasmDb } from './duckdb';
import { LoadCancelled, sourceOf } from './ingest';
import { loadFiles } from './load-files';
import { csvBytes, failure, lastMoveAt, newestOnly, noteSeq, outcome, queued, serial, sessionWork, snapshot, transferred, useSession } from './session-queue';
import { pauseUntilQuiet, yieldToMessages } from '../src/engine/clv-fit-job';

/** Previews asked so far, per panel slot (one per file): only the latest queued one is worth running. */
const previews = new Map<string, number>();

/**
 * Panels asked so far, per asker (a Predicted value cell): only an asker's newest queued ask is worth
 * computing (a dragged horizon asks one a move); two cells never supersede each other.
 */
const panelAsks = new Map<string, number>();

/** Set by cancelLoad; the running load stops at its next piece or statement and rolls back. */
let cancelRequested = false;

/** Between two statements of a load: let waiting messages (a Cancel) in, then stop if asked to. */
async function checkpoint(): Promise<void> {
  await yieldToMessages(); // a task boundary without setTimeout's 4 ms clamp
  if (cancelRequested) throw new LoadCancelled('cancelled');
}

let starting: Promise<{ db: WasmDb; session: Session }> | null = null;

/** DuckDB-WASM and the session, started once however many calls ask at the same time. */
function ready(): Promise<{ db: WasmDb; session: Session }> {
  starting ??= openWasmDb().then((db) => {
    const session = new Session(db, async (sql) => columnsOf(db.arrow(sql)));
    // The fit runs after a load or as_of change has answered, between messages (docs/clv.md).
    session.predictions.deferFit = true;
    session.predictions.fitPause = () => pauseUntilQuiet(lastMoveAt);
    return { db, session };
  });
  return starting;
}

const api: EngineApi = {
  async init() {
    const { db } = await ready();
    return db.bindings.getVersion();
  },

  async load(files, config, seq, onProgress) {
    noteSeq(seq);
    return serial(() => loadNow(files, config, seq, onProgress));
  },

  // Not serialised: it must be heard while a load runs (the load checks between pieces and steps).
  async cancelLoad() {
    cancelRequested = true;
  },

  // Serialised like session work: their queries share the connection a load's transaction runs on.
  inspect: (file) =>
    serial(async () => {
      try {
        const { db } = await ready();
        const { head, complete, readAll } = await sourceOf(file);
        return { ok: true, value: await inspectSample(db, file.name, await sampleTable(file.name, head, complete, file.read ?? {}, readAll)) };
      } catch (e) {
        return failure(e);
      }
    }),

  // A preview a newer one has superseded is answered without work (typing asks one per keystroke);
  // each one is 5 rows through SQL linear in the expression, so the one that runs answers quickly.
  preview: (columns, rows, ask) => {
    const slot = ask.slot ?? '';
    const mine = (previews.get(slot) ?? 0) + 1;
    previews.set(slot, mine);
    return serial(async () => {
      if (mine !== previews.get(slot)) return { superseded: true };
      const { db } = await ready();
      return {
        amount: ask.amount !== undefined ? await previewAmount(db, columns, rows, ask.amount, ask.numberStyle) : undefined,
        dates: ask.dateColumn && ask.dateFormat ? await previewDates(db, columns, rows, ask.dateColumn, ask.dateFormat) : undefined,
      };
    });
  },

  setConfig: (config, seq, onBaseline) =>
    newestOnly(seq, async (session) => outcome(await withBaseline(session, onBaseline, () => session.apply(config)), seq)),

  // Not serialised: it must be heard while a baseline builds (the build checks before each statement).
  async cancelBaseline() {
    baselineCancel = true;
  },

  retryBaseline: (seq, onBaseline) =>
    newestOnly(seq, async (session) => outcome(await withBaseline(session, onBaseline, () => session.retryBaseline()), seq)),

  pinConfig: (config, seq) => newestOnly(seq, async (session) => outcome(session.pin(config), seq)),

  movementCsv: (move, to, filtered) => csvBytes((session) => session.exportMovementLines(move, to, filtered)),

  movementFile: () => csvBytes((session) => session.movementFileLines()),

  setFilter: (filter, seq) => newestOnly(seq, async (session) => ({ ok: true, value: snapshot(await session.setFilter(filter), seq) })),

  // Not serialised: it runs on its own connection and yields between steps, so moves stay live.
  async query(text, id) {
    // A query asked while data loads (the page draws the sample's snapshot before DuckDB has it) answers
    // once the work queued before it is done, not with "no data".
    await queued();
    const { db, session } = await ready();
    const loaded = session.loaded;
    if (!loaded) return { kind: 'error', message: 'no data is loaded yet', line: null, column: null };
    // tb_clv is written when read: before a query that can read it (and only then).
    if (queryReadsPredictions(text, session.config.value.metric)) await session.predictions.table();
    return runQuery(db.bindings, db.catalog, labelsQuery(session.config, loaded.model), text, id);
  },

  async cancelQuery(id) {
    cancelQuery(id);
  },

  async dimensions() {
    return serial(async () => (await ready()).session.dimensions().map((d) => d.name));
  },

  breakdown: (framework, dimension, edges) => sessionWork((session) => session.breakdown(framework, dimension, edges)),

  trend: (framework, onProgress) => trendNow(framework, onProgress),

  async cancelTrend() {
    trendCancelled = true;
  },

  cohorts: () => sessionWork((session) => session.cohorts()),

  whatChanged: (framework) => sessionWork((session) => session.whatChanged(framework)),

  async simulateCrash() {
    setTimeout(() => {
      throw new Error('simulated engine failure');
    });
  },

  customers: (query) => sessionWork((session) => session.customers(query)),

  exportCsv: (selection, filtered) => csvBytes((session) => session.exportLines(selection, filtered)),

  exportBundle: () => transferred(sessionWork((session) => session.exportBundle())),

  rejectedCsv: (table) => csvBytes((session) => session.rejectedLines(table)),

  clv: () => sessionWork(async (session) => session.predictions.summary()),

  clvPanel: (asker = '') => {
    const mine = (panelAsks.get(asker) ?? 0) + 1;
    panelAsks.set(asker, mine);
    return sessionWork((session) => session.predictions.panel(), () => panelAsks.get(asker) !== mine);
  },

  // Not serialised: it waits while other messages (threshold moves) are served between the fit's slices.
  async clvFit(onProgress) {
    await queued(); // after the load or as_of change that started the fit
    try {
      const { session } = await ready();
      return { ok: true, value: await session.predictions.watch(onProgress) };
    } catch (e) {
      return failure(e);
    }
  },

  clvHoldout: () => sessionWork((session) => session.predictions.holdout()),
};

/** Set by cancelBaseline; a baseline build stops at its next statement (the movement says `cancelled`). */
let baselineCancel = false;

/** Session work that may build a baseline (SPEC §4a): its steps reported, a cancel heard before each statement. */
async function withBaseline<T>(session: Session, onBaseline: ((p: BaselineProgress) => void) | undefined, work: () => Promise<T>): Promise<T> {
  const { db } = await ready();
  baselineCancel = false;
  session.movements.hooks = {
    progress: onBaseline,
    cancelled: () => baselineCancel,
    checkpoint: baselineCheckpoint,
    wrap: async (build) => {
      db.beforeStatement = baselineCheckpoint;
      try {
        return await build();
      } finally {
        db.beforeStatement = null;
      }
    },
  };
  try {
    return await work();
  } finally {
    session.movements.hooks = {};
  }
}

async function baselineCheckpoint(): Promise<void> {
  await yieldToMessages();
  if (baselineCancel) throw new Error('cancelled');
}

/** Set by cancelTrend; a build stops before its next date. */
let trendCancelled = false;
/** Builds running: a second ask waits on the same dates instead of building them again. */
let trendBuilding = 0;

/** The trend's missing dates built one queued step each, then the series counted (src/engine/live/trend.ts). */
async function trendNow(framework: Framework, onProgress?: (p: TrendProgress) => void): Promise<EngineResult<TrendAnswer>> {
  if (trendBuilding === 0) trendCancelled = false;
  trendBuilding++;
  try {
    for (;;) {
      const plan = await sessionWork((session) => session.trendPlan(framework));
      if (!plan.ok) return plan;
      const { dates, pending } = plan.value;
      onProgress?.({ built: dates.length - pending.length, total: dates.length });
      if (!pending.length) break;
      if (trendCancelled) return { ok: false, error: 'cancelled' };
      const built = await sessionWork((session) => session.buildTrendDate(pending[0]));
      if (!built.ok) return built;
    }
    return await sessionWork(async (session) => session.trendSeries(framework));
  } finally {
    trendBuilding--;
  }
}

/** Loads in one transaction (workers/load-files.ts): on any failure or a cancel the data before stays. */
async function loadNow(files: InputFile[], config: unknown, seq: number, onProgress?: (p: LoadProgress) => void): Promise<EngineResult<Snapshot>> {
  let ctx: { db: WasmDb; session: Session };
  try {
    ctx = await ready();
  } catch (e) {
    return failure(e);
  }
  cancelRequested = false;
  // No fit of the data before may write inside this load's transaction; it resumes if the load fails.
  ctx.session.predictions.cancel();
  const r = await loadFiles(ctx.db, ctx.session, files, config, { progress: onProgress, cancelled: () => cancelRequested, checkpoint });
  if (!r.ok && ctx.session.loaded) ctx.session.predictions.fitInBackground();
  return r.ok ? { ok: true, value: { ...r.value, seq } } : r;
}

useSession(async () => (await ready()).session);
Comlink.expose(api);
