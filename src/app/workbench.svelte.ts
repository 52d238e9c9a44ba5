// The page's state. Components read it and send intents; all data work is the worker's.
import { tick } from 'svelte';
import type { EngineResult, Snapshot } from '../../workers/api';
import type { InputFile, LoadProgress } from '../../workers/api';
import { defaultConfig, parseConfig, type Config } from '../engine/config';
import type { Filter, Summary } from '../engine/session-types';
import type { BaselineProgress } from '../engine/movements';
import { addDays } from '../engine/time/periods';
import sampleSnapshot from './sample-snapshot.json';
import { setParam } from './config-path';
import { withoutStaleCells } from '../engine/playbook/matrix';
import { reconcile, reconcileFrom } from './reconcile';
import { connectEngine, SAMPLE_FILES } from './engine-client';
import { untilAnswered } from './until-answered';
import { DICTS, type Lang } from './i18n';
import { addCell, defaultCells, moveCell, removeCell, updateCell, type Cell, type CellKind } from './notebook';
import { Documents } from './persist/documents.svelte';
import { KeptFiles } from './persist/kept-files.svelte';
import { Pins } from './pins.svelte';
import type { FileMappingDoc } from './persist/notebook-doc';

const LANG_KEY = 'tierbook.lang';
const CSV_EXCEL_KEY = 'tierbook.csvForExcel';

export class Workbench {
  engine = connectEngine((reason) => this.crashed(reason), { early: true });
  /** Why the engine stopped, while it is stopped (the page offers a restart; the notebook stays). */
  crash = $state<string | null>(null);
  config = $state<Config>(defaultConfig());
  snapshot = $state<Snapshot | null>(null);
  /** A plain copy of what `snapshot` holds (the last answer drawn): answers are diffed against it, not the state. */
  private shown: Snapshot | null = null;
  error = $state<string | null>(null);
  /** A document the user gave that was refused (link, config, notebook, autosave): stays until dismissed or
   * replaced by one that applies; the engine's next answer does not clear it as it clears `error`. */
  refusal = $state<string | null>(null);
  /** What the page is waiting for: a message key (shown in the current language) or a file name. */
  status = $state<{ key: 'startingBehindSample' | 'loadingSample' | 'loadingKept' } | { text: string } | null>(null);
  /** Bytes and rows read so far by a large load (null when none runs or the file is small). */
  progress = $state<LoadProgress | null>(null);
  /** A config change is in flight (cells show "updating" without flashing). */
  pending = $state(false);
  cells = $state<Cell[]>(defaultCells());
  lang = $state<Lang>(readLang());
  dimensions = $state<string[]>([]);
  dict = $derived(DICTS[this.lang]);
  /** How the loaded files were read and mapped (empty for the bundled sample): saved with the notebook. */
  fileMappings = $state<FileMappingDoc[]>([]);
  /** Something the user should know that is not an error (a link applied or waiting for data). */
  notice = $state<'linkPending' | 'linkApplied' | 'notebookOpened' | null>(null);
  /** The user's files kept in this browser, and what went wrong opening them at start-up. */
  readonly keptFiles = new KeptFiles(this);
  /** True once a load has succeeded: a config link opened before that waits for the data. */
  hasData = $state(false);
  /** The numbers on screen are the kept files' view from the last visit, until the engine has loaded them. */
  keptView = $state(false);
  /** Whose data the engine holds: the bundled sample's or files the user opened (kept or not). */
  private holds: 'sample' | 'files' | null = null;
  /** A link, notebook or autosave made before SPEC revision 2 with the default RFM segments: their order changed. */
  rfmOrderNotice = $state<'link' | 'notebook' | 'autosave' | null>(null);
  /** Counts successful loads: an answer asked about one dataset is never shown over another. */
  dataset = $state(0);
  /** A dimension filter that new data cleared (the new data is shown unfiltered): said, not silent. */
  filterCleared = $state<Filter | null>(null);
  /** The config link just made (shown to copy by hand when the clipboard refused it). */
  sharedLink = $state<{ link: string; copied: boolean } | null>(null);
  /** A baseline date being built (SPEC §4a), step by step; null when none is. */
  baselineProgress = $state<BaselineProgress | null>(null);
  /** The config pinned as the baseline of movement between configs, and where it came from. */
  readonly pins = new Pins(this);
  /** The config of the last config link opened (it can be pinned as the baseline of movement between configs). */
  linkConfig = $state<Config | null>(null);
  /** CSV downloads start with a UTF-8 byte-order mark, so Excel reads Chinese text right; remembered. */
  csvForExcel = $state(readCsvForExcel());
  /** The notebook as documents: autosave, config links, config and notebook files. */
  readonly documents = new Documents(this);

  async start() {
    const restored = this.documents.restore();
    this.documents.openLink(location.hash, true, restored);
    addEventListener('hashchange', () => this.documents.openLink(location.hash));
    addEventListener('pagehide', () => this.documents.flushAutosave());
    $effect.root(() => {
      $effect(() => {
        this.documents.autosave(this.documents.notebook());
      });
      // The page's language for assistive technology and CJK glyph choice, from the first render (a
      // reload in Chinese, a notebook opened in Chinese), not only from the language button.
      $effect(() => {
        document.documentElement.lang = this.lang === 'zh' ? 'zh-CN' : 'en';
      });
    });
    const kept = await this.keptFiles.atStart();
    if (kept) {
      this.engine.api.init();
      if (await this.keptFiles.open(kept)) return;
    }
    this.keptView = false;
    // The bundled sample's first snapshot was computed at build time by the same engine: draw it now,
    // while DuckDB-WASM starts. Moves made meanwhile are recounted in a small worker from the sample's
    // baked columns (workers/early.worker.ts); only a move to another analysis date waits for the engine.
    this.snapshot = { ...(sampleSnapshot as unknown as Summary), seq: 0 };
    this.shown = { ...(sampleSnapshot as unknown as Summary), seq: 0 };
    this.engine.startEarly();
    this.engine.api.init().then(() => performance.mark('tierbook:duckdb-ready'));
    // Requested at once, so a file the user opens while DuckDB starts comes later and wins.
    const loaded = this.load(SAMPLE_FILES, { key: 'startingBehindSample' });
    // A config link or an autosaved config: the baked snapshot is the default config's, so it is recounted now.
    if (JSON.stringify($state.snapshot(this.config)) !== JSON.stringify(defaultConfig())) this.apply($state.snapshot(this.config) as Config);
    await loaded;
    performance.mark('tierbook:sample-loaded');
  }

  private crashed(reason: string) {
    this.crash = reason;
    this.status = null;
    this.progress = null;
    this.pending = false;
  }

  /** A new engine, loaded with the kept data (or the sample) under the current config; the notebook is untouched. */
  async restart() {
    this.engine.stop();
    this.engine = connectEngine((reason) => this.crashed(reason));
    this.crash = null;
    this.engine.api.init();
    await this.keptFiles.reload();
  }

  /** Load files; resolves true when they are loaded (on failure the error is shown and the data before stays). */
  async load(files: InputFile[], status: NonNullable<Workbench['status']>): Promise<boolean> {
    this.status = status;
    this.progress = null;
    // A filter in the kept view is the last visit's, not one this load clears.
    const filterBefore = this.keptView ? null : $state.snapshot(this.snapshot?.filter ?? null);
    performance.mark('tierbook:load-asked');
    const r = await this.engine.load(files, $state.snapshot(this.config), (p) => (this.progress = p));
    // The worker's own times of the load, beside the page's (bench:load reads both).
    performance.mark('tierbook:load-answered', { detail: r?.ok ? r.value.loadTimings ?? null : null });
    this.status = null;
    this.progress = null;
    if (r && !r.ok && r.error === 'cancelled') {
      this.error = DICTS.en.app.loadCancelled;
      return false;
    }
    this.dimensions = await this.engine.api.dimensions();
    if (r) this.show(r); // else a move made during the load answers for it
    // The frame that shows the loaded data (bench:load times ask → this mark in the page's own clock).
    if (r?.ok) tick().then(() => requestAnimationFrame(() => performance.mark('tierbook:load-painted')));
    const ok = r?.ok ?? true;
    if (ok) {
      this.dataset++;
      if (r?.ok) this.holds = files === SAMPLE_FILES ? 'sample' : 'files';
      // New data starts unfiltered (its dimensions may differ): a filter that was on is named as cleared.
      this.filterCleared = filterBefore;
      // A baseline date kept from other data that is not before this data's analysis date would leave the
      // time cells with only a refusal: it moves to the default, 90 days before the analysis date.
      const b = this.config.time.baselineAsOf, asOf = this.snapshot?.asOf;
      if (b !== null && asOf && !(b < asOf)) this.set('time.baselineAsOf', addDays(asOf, -90));
    }
    if (ok && !this.hasData) {
      this.hasData = true;
      if (this.notice === 'linkPending') this.notice = 'linkApplied';
    }
    if (ok) await this.pins.afterLoad();
    return ok;
  }

  /** Draw an answer from the worker, or show its error and keep what is drawn. */
  show(r: EngineResult<Snapshot>): void {
    if (r.ok) {
      // Every answer is counted under the current config: a link's settings are on screen from the first
      // one, which may come from the early recount while DuckDB-WASM still starts.
      if (this.notice === 'linkPending') this.notice = 'linkApplied';
      if (this.snapshot && this.shown) reconcileFrom(this.snapshot, this.shown, r.value);
      else if (this.snapshot) reconcile(this.snapshot, r.value);
      else this.snapshot = r.value;
      // Svelte keeps state in its own signals and never writes into the objects it wraps: r.value stays
      // what the page now shows, so the next answer is compared with it as a plain object (fast).
      this.shown = r.value;
      this.keptView = false;
      this.error = null;
    } else this.error = r.error;
  }

  showKeptView(summary: Summary): void {
    this.snapshot = { ...summary, seq: 0 };
    this.shown = { ...summary, seq: 0 };
    this.keptView = true;
  }

  lastAnswer(): Summary | null {
    // Only the user's files have a view to keep: never the sample's numbers under a kept file's name.
    if (this.keptView || !this.shown || this.holds !== 'files') return null;
    const { seq: _seq, loadTimings: _timings, ...summary } = this.shown;
    return summary;
  }

  /** Move one parameter: the newest move wins; an invalid combination is refused and shown. */
  set(path: string, value: unknown) {
    return this.apply(setParam($state.snapshot(this.config), path, value));
  }

  /**
   * Move one parameter if the config stays valid, and say whether it did: a slider move validates once
   * here (the box shows its own words for a refused value, src/app/Param.svelte). Nothing changes if not.
   */
  setIfValid(path: string, value: unknown): boolean {
    const check = parseConfig(withoutStaleCells(setParam($state.snapshot(this.config), path, value)));
    if (check.ok) this.applyValid(check.config);
    return check.ok;
  }

  /** Apply an edited config (assigned cells that no longer exist are dropped); refused whole if invalid. */
  async apply(next: Config) {
    const check = parseConfig(withoutStaleCells(next));
    if (!check.ok) {
      this.error = check.error;
      return;
    }
    return this.applyValid(check.config);
  }

  /** A config already validated: drawn in the controls at once, counted by the worker. */
  private async applyValid(config: Config) {
    // Only a move that may build a baseline date hears its steps (a slider move sends no callback).
    const building = !!config.time.baselineAsOf && (config.time.baselineAsOf !== this.config.time.baselineAsOf || config.asOf !== this.config.asOf);
    reconcile(this.config, config);
    this.pending = true;
    const progress = untilAnswered<BaselineProgress>((p) => (this.baselineProgress = p));
    // An early answer (the sample's baked columns, before DuckDB-WASM has the sample) lacks the movement a
    // baseline date or a pinned config gives: the engine's answer to the same move completes it.
    const r = await this.engine.setConfig(config, building ? progress.report : undefined, (full) => this.show(full));
    progress.done();
    if (building) this.baselineProgress = null;
    if (!r) return; // a newer move is on its way
    // For the bench: the answer is here (input → this is the worker's part; this → 'drawn' the page's).
    if (r.ok) performance.mark('tierbook:answered', { detail: { seq: r.value.seq, recountMs: r.value.recountMs } });
    this.pending = false;
    this.show(r);
    if (r.ok) markPainted(r.value.seq);
  }

  /** Count only customers with these dimension values, in every cell; null shows everyone. */
  async filter(filter: Filter | null) {
    this.filterCleared = null;
    // A plain copy: a cell may hand over its own state (a numeric dimension's edges), which the worker
    // cannot be sent (postMessage cannot clone Svelte's proxies; the age chips broke on it).
    filter = filter && $state.snapshot(filter);
    // Only this data's dimensions: a filter left from other data is cleared with a notice, never sent.
    if (filter && !this.dimensions.includes(filter.dimension)) { this.filterCleared = filter; filter = null; }
    this.pending = true;
    let r: EngineResult<Snapshot> | null;
    try {
      r = await this.engine.setFilter(filter);
    } catch (e) {
      // Never a silent "updating" for good: the filter is not applied, and the page says why.
      this.pending = false;
      this.error = String((e as Error)?.message ?? e);
      return;
    }
    if (!r) return;
    this.pending = false;
    this.show(r);
  }

  cancelLoad() {
    this.engine.api.cancelLoad();
  }

  setCsvForExcel(on: boolean) {
    this.csvForExcel = on;
    try { localStorage.setItem(CSV_EXCEL_KEY, on ? '1' : '0'); } catch { /* storage may be off */ }
  }

  setLang(lang: Lang) {
    this.lang = lang;
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* storage may be off */ }
  }

  add(kind: CellKind) {
    this.cells = addCell(this.cells, kind);
    // SPEC §4a: the Movement cell starts 90 days before the analysis date unless a baseline is set.
    if (kind === 'movement' && !this.config.time.baselineAsOf && this.snapshot) this.set('time.baselineAsOf', addDays(this.snapshot.asOf, -90));
  }

  cancelBaseline() {
    this.engine.api.cancelBaseline();
  }

  async retryBaseline() {
    const progress = untilAnswered<BaselineProgress>((p) => (this.baselineProgress = p));
    const r = await this.engine.retryBaseline(progress.report);
    progress.done();
    this.baselineProgress = null;
    if (r) this.show(r);
  }

  /** What a cell that needs the engine says while it is busy: the load under way (e.g. DuckDB starting), or "updating". */
  get waiting(): string {
    const s = this.status;
    return s ? `${'key' in s ? this.dict.app[s.key] : s.text} ${this.dict.app.cellFollows}` : `${this.dict.app.updating}…`;
  }

  remove(id: string) { this.cells = removeCell(this.cells, id); }
  move(id: string, delta: number) { this.cells = moveCell(this.cells, id, delta); }
  update(id: string, patch: Partial<Cell>) { this.cells = updateCell(this.cells, id, patch); }
}

/**
 * Two marks for the bench: 'drawn' once every chart is in the DOM and laid out (the layout is forced
 * here, where the browser would do it anyway before the frame), and 'painted' at the next frame.
 */
function markPainted(seq: number): void {
  tick().then(() => {
    document.body.getBoundingClientRect();
    performance.mark('tierbook:drawn', { detail: seq });
    requestAnimationFrame(() => performance.mark('tierbook:painted', { detail: seq }));
  });
}

function readCsvForExcel(): boolean {
  try { return localStorage.getItem(CSV_EXCEL_KEY) === '1'; } catch { return false; }
}

function readLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'en' || v === 'zh') return v;
  } catch { /* storage may be off */ }
  return navigator.language?.startsWith('zh') ? 'zh' : 'en';
}
