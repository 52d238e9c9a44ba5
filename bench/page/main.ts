// Drives the real engine worker from a page so the benchmark measures what users get.
import * as Comlink from 'comlink';
import type { EngineApi, Snapshot } from '../../workers/api';

const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' });
const api = Comlink.wrap<EngineApi>(worker);
/** The threshold moves sent while the fit a load left runs (a drag of about a second). */
const DRAG_MOVES = 30;
let seq = 0;

function unwrap(r: { ok: true; value: Snapshot } | { ok: false; error: string }): Snapshot {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

Object.assign(window, {
  bench: {
    init: () => api.init(),
    /** As in the app (which loads the sample first), the engine has run once before the measured load. */
    async warmUp(rows = 20_000) {
      let csv = 'customer_id,order_date,amount\n';
      for (let i = 0; i < rows; i++) csv += `W${i % 2000},2024-0${1 + (i % 9)}-1${i % 10},${(i % 97) + 0.5}\n`;
      unwrap(await api.load([{ table: 'orders', name: 'warm-up.csv', source: { bytes: new TextEncoder().encode(csv) } }], { version: 1 }, ++seq));
    },
    async load() {
      const input = document.getElementById('files') as HTMLInputElement;
      const files = [...(input.files ?? [])].map((file) => ({ table: 'orders' as const, name: file.name, source: { file } }));
      const t0 = performance.now();
      const s = unwrap(await api.load(files, { version: 1 }, ++seq));
      return { totalMs: performance.now() - t0, ...s.loadTimings, customers: s.customers, asOf: s.asOf, recountMs: s.recountMs };
    },
    /** One threshold move: the worker relabels and counts every framework. */
    async move(loyalMinPurchases: number) {
      const t0 = performance.now();
      const s = unwrap(await api.setConfig({ version: 1, ladder: { loyalMinPurchases } }, ++seq));
      return { roundTripMs: performance.now() - t0, recountMs: s.recountMs };
    },
    /** Any config document; the worker relabels what changed. */
    async apply(config: object) {
      const s = unwrap(await api.setConfig(config, ++seq));
      return { recountMs: s.recountMs, relabelled: s.relabelled };
    },
    /** time.baselineAsOf set: the worker replays the model at that date and reads its columns (issue 15). */
    async baseline(baselineAsOf: string) {
      const t0 = performance.now();
      const s = unwrap(await api.setConfig({ version: 1, time: { baselineAsOf } }, ++seq));
      return { ms: performance.now() - t0, problem: s.movement ? s.movement.problem : 'no movement in the snapshot' };
    },
    /** The ladder's trend over config.time.trendPeriod: every date not yet built is replayed and read first. */
    async trend() {
      let built = 0;
      const t0 = performance.now();
      const r = await api.trend('ladder', Comlink.proxy((p: { built: number }) => { built = p.built; }));
      if (!r.ok) throw new Error(r.error);
      return { ms: performance.now() - t0, dates: r.value.dates.length, bytes: r.value.bytes, customerDates: r.value.customerDates, built };
    },
    /** A move's worker answers for the time cells: the trend recount and the cohorts query (each asked once). */
    async timeCellsOnMove(loyalMinPurchases: number) {
      unwrap(await api.setConfig({ version: 1, ladder: { loyalMinPurchases } }, ++seq));
      let t0 = performance.now();
      const tr = await api.trend('ladder');
      const trendMs = performance.now() - t0;
      t0 = performance.now();
      const co = await api.cohorts();
      if (!tr.ok || !co.ok) throw new Error(!tr.ok ? tr.error : !co.ok ? co.error : '');
      return { trendMs, cohortsMs: performance.now() - t0 };
    },
    /**
     * The predicted-value fit the load left running in the worker (issue 16): threshold moves are sent while
     * it runs, as a user drags, each timed; then a horizon change (re-predicted, no refit), timed.
     */
    /** Wait for the fit a load left running, whatever its outcome (the warm-up file's may be refused). */
    async settleFit() {
      await api.clvFit();
    },
    async clvFit() {
      // The main thread's longest gap between two ticks of a 4 ms timer while the fit runs: what a user's
      // input would have waited for (the worker's work never blocks it; this shows that it does not).
      let lastTick = performance.now(), mainMaxGapMs = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        mainMaxGapMs = Math.max(mainMaxGapMs, now - lastTick);
        lastTick = now;
      }, 4);
      const t0 = performance.now();
      let done = false;
      let progressReports = 0;
      const fit = api.clvFit(Comlink.proxy(() => { progressReports++; })).then((r) => { done = true; return r; });
      const trips: number[] = [];
      let last = 3;
      // A drag of at most DRAG_MOVES moves: the fit gives way while moves come (QUIET_MS), so an endless
      // drag would hold it; it resumes once the drag rests.
      for (let v = 3; !done && trips.length < DRAG_MOVES; v = v === 3 ? 4 : 3) {
        const t = performance.now();
        unwrap(await api.setConfig({ version: 1, ladder: { loyalMinPurchases: v } }, ++seq));
        last = v;
        trips.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 16));
      }
      const dragMs = performance.now() - t0;
      const landed = await fit;
      const landedMs = performance.now() - t0;
      clearInterval(ticker);
      const c = await api.clv();
      if (!landed.ok) throw new Error(landed.error);
      if (!c.ok) throw new Error(c.error);
      if (!c.value.ok) throw new Error(c.value.detail);
      // The cell is open before its horizon can move: its first panel (which reads the ids once per data).
      const opened = await api.clvPanel();
      if (!opened.ok) throw new Error(opened.error);
      // A horizon move as the cell makes it: the config (the live column re-predicted), then the cell's panel.
      const horizons: { horizonDays: number; configMs: number; panelMs: number }[] = [];
      for (const horizonDays of [730, 180, 365, 730, 180, 365, 730, 180, 365]) {
        const t1 = performance.now();
        // On top of the drag's last threshold: a horizon move, not also a ladder move back to the default.
        unwrap(await api.setConfig({ version: 1, ladder: { loyalMinPurchases: last }, clv: { horizonDays } }, ++seq));
        const configMs = performance.now() - t1;
        const p = await api.clvPanel();
        if (!p.ok) throw new Error(p.error);
        horizons.push({ horizonDays, configMs, panelMs: performance.now() - t1 });
      }
      const horizonMs = Math.max(...horizons.map((h) => h.panelMs));
      return {
        landedMs, dragMs, fitMs: c.value.ms, buyers: c.value.buyers, moves: trips.length, maxMoveMs: Math.max(0, ...trips), horizonMs,
        horizonConfigMs: Math.max(...horizons.map((h) => h.configMs)), horizons, mainMaxGapMs, progressReports, timings: c.value.timings ?? null,
      };
    },
    /** DuckDB's own accounting of its memory in the worker (bytes), or NaN when the SQL cell refuses it. */
    async duckdbBytes() {
      const r = await api.query('SELECT CAST(sum(memory_usage_bytes) AS DOUBLE) AS b FROM duckdb_memory()', ++seq);
      return r.kind === 'rows' ? Number(r.rows[0][0]) : NaN;
    },
    async exportCsv() {
      const t0 = performance.now();
      const r = await api.exportCsv();
      if (!r.ok) throw new Error(r.error);
      return { ms: performance.now() - t0, bytes: r.value.byteLength };
    },
  },
});
