// The page's handle on the worker. Requests carry a sequence number; answers older than the newest are dropped.
import * as Comlink from 'comlink';
import type { EarlyApi, EngineApi, EngineResult, InputFile, LoadProgress, Snapshot, TrendProgress } from '../../workers/api';
import type { Framework } from '../engine/frameworks';
import type { Filter } from '../engine/session-types';
import type { BaselineProgress } from '../engine/movements';
import type { FitProgress } from '../engine/clv/api';
import { noteMove } from './persist/quiet';
import ordersUrl from '../../sample-data/orders.csv?url';
import customersUrl from '../../sample-data/customers.csv?url';
import feedbackUrl from '../../sample-data/feedback.csv?url';
import interactionsUrl from '../../sample-data/interactions.csv?url';

export const SAMPLE_FILES: InputFile[] = [
  { table: 'orders', name: 'orders.csv', source: { url: ordersUrl } },
  { table: 'customers', name: 'customers.csv', source: { url: customersUrl } },
  { table: 'feedback', name: 'feedback.csv', source: { url: feedbackUrl } },
  { table: 'interactions', name: 'interactions.csv', source: { url: interactionsUrl } },
];

/** `onCrash` hears a worker that died (an error no request caught, e.g. memory exhausted mid-load). */
export function connectEngine(onCrash: (reason: string) => void = () => {}, o: { early?: boolean } = {}) {
  // The early worker first: its script is small and must be running when the first chart shows (the
  // first move comes then), not queued behind the engine's (DuckDB-WASM: megabytes to fetch and compile).
  let early: { worker: Worker; api: Comlink.Remote<EarlyApi>; sampleLoad: boolean; active: boolean } | null = o.early ? earlyWorker() : null;
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onCrash(e.message || 'the engine stopped');
  });
  const api = Comlink.wrap<EngineApi>(worker);
  let latest = 0;
  /** Resolves with the answer, or null when a newer request has been sent meanwhile. */
  async function latestOnly(run: (seq: number) => Promise<EngineResult<Snapshot> | null>): Promise<EngineResult<Snapshot> | null> {
    const seq = ++latest;
    const r = await run(seq);
    return seq === latest ? r : null;
  }
  /** The early worker: answers only once the page shows the baked sample (`startEarly`), until the engine has it. */
  function earlyWorker() {
    const w = new Worker(new URL('../../workers/early.worker.ts', import.meta.url), { type: 'module' });
    // A failing early worker only means the moves wait for the engine, as they would without it.
    w.addEventListener('error', (e) => { e.preventDefault(); if (early?.worker === w) endEarly(); });
    return { worker: w, api: Comlink.wrap<EarlyApi>(w), sampleLoad: false, active: false };
  }
  const endEarly = () => {
    early?.worker.terminate();
    early = null;
  };
  return {
    api,
    stop: () => { endEarly(); worker.terminate(); },
    /**
     * The page draws the bundled sample's baked snapshot and loads the sample next: until that load ends,
     * moves are answered by the early worker (workers/early.worker.ts) from the sample's baked columns.
     */
    startEarly() {
      early ??= earlyWorker();
      early.active = true;
    },
    load: async (files: InputFile[], config: unknown, onProgress?: (p: LoadProgress) => void) => {
      // The first load after startEarly is the sample's; any other load ends the early answers at once.
      const mine = early?.active && !early.sampleLoad ? early : null;
      if (mine) mine.sampleLoad = true;
      else endEarly();
      try {
        return await latestOnly((seq) => api.load(files, config, seq, onProgress ? Comlink.proxy(onProgress) : undefined));
      } finally {
        if (mine && early === mine) endEarly(); // the session has the sample now: it answers
      }
    },
    /**
     * `completed`: when the early worker answered first, the engine's own answer to the same move once it
     * comes, if no newer request was sent meanwhile. It has what only the engine counts (the movement from a
     * baseline date or a pinned config), the same numbers besides.
     */
    setConfig: (config: unknown, onBaseline?: (p: BaselineProgress) => void, completed?: (r: EngineResult<Snapshot>) => void) =>
      latestOnly(async (seq) => {
        noteMove();
        // The engine always hears the move: queued behind the sample's load, it keeps the session on the
        // config the page shows (skipped there when a newer move has come). Both give the same numbers;
        // the first to answer is drawn (the early worker, unless it cannot answer this config or failed).
        const engine: Promise<EngineResult<Snapshot>> = api.setConfig(config, seq, onBaseline ? Comlink.proxy(onBaseline) : undefined);
        if (!early?.active) return engine;
        const full = engine.then((r) => ({ r, early: false }));
        const quick = early.api.answer(config, seq).then((r) => (r ? { r, early: true } : full), () => full);
        const first = await Promise.race([quick, full]);
        if (first.early && completed) engine.then((r) => { if (seq === latest) completed(r); });
        return first.r;
      }),
    setFilter: (filter: Filter | null) => latestOnly((seq) => {
      noteMove();
      return api.setFilter(filter, seq);
    }),
    pinConfig: (config: unknown) => latestOnly((seq) => api.pinConfig(config, seq)),
    retryBaseline: (onBaseline: (p: BaselineProgress) => void) => latestOnly((seq) => api.retryBaseline(seq, Comlink.proxy(onBaseline))),
    /** The trend of a framework, its dates built first with progress (workers/api.ts `trend`). */
    trend: (framework: Framework, onProgress: (p: TrendProgress) => void) => api.trend(framework, Comlink.proxy(onProgress)),
    /** Wait for the running predicted-value fit with its progress (workers/api.ts `clvFit`). */
    clvFit: (onProgress: (p: FitProgress) => void) => api.clvFit(Comlink.proxy(onProgress)),
  };
}
