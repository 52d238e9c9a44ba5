// The page's state. Components read it and send intents; all data work is the worker's.
import { tick } from 'svelte';
import type { EngineResult, Snapshot } from '../../workers/api';
import type { InputFile, LoadProgress } from '../../workers/api';
import { defaultConfig, parseConfig, type Config } from '../engine/config';
import type { Filter, Summary } from '../engine/session';
import sampleSnapshot from './sample-snapshot.json';
import { setParam } from './config-path';
import { withoutStaleCells } from '../engine/playbook/matrix';
import { reconcile } from './reconcile';
import { connectEngine, SAMPLE_FILES } from './engine-client';
import { DICTS, type Lang } from './i18n';
import { addCell, defaultCells, moveCell, removeCell, updateCell, type Cell, type CellKind } from './notebook';

const LANG_KEY = 'tierbook.lang';

export class Workbench {
  readonly engine = connectEngine();
  config = $state<Config>(defaultConfig());
  snapshot = $state<Snapshot | null>(null);
  error = $state<string | null>(null);
  /** What the page is waiting for: a message key (shown in the current language) or a file name. */
  status = $state<{ key: 'loadingDuckdb' | 'loadingSample' } | { text: string } | null>(null);
  /** Bytes and rows read so far by a large load (null when none runs or the file is small). */
  progress = $state<LoadProgress | null>(null);
  /** A config change is in flight (cells show "updating" without flashing). */
  pending = $state(false);
  cells = $state<Cell[]>(defaultCells());
  lang = $state<Lang>(readLang());
  dimensions = $state<string[]>([]);
  dict = $derived(DICTS[this.lang]);

  async start() {
    // The bundled sample's first snapshot was computed at build time by the same engine: draw it now,
    // while DuckDB-WASM starts. Moves made meanwhile wait in the worker's queue behind the load.
    this.snapshot = { ...(sampleSnapshot as Summary), seq: 0 };
    this.engine.api.init().then(() => performance.mark('tierbook:duckdb-ready'));
    // Requested at once, so a file the user opens while DuckDB starts comes later and wins.
    await this.load(SAMPLE_FILES, { key: 'loadingDuckdb' });
    performance.mark('tierbook:sample-loaded');
  }

  /** Load files; resolves true when they are loaded (on failure the error is shown and the data before stays). */
  async load(files: InputFile[], status: NonNullable<Workbench['status']>): Promise<boolean> {
    this.status = status;
    this.progress = null;
    const r = await this.engine.load(files, $state.snapshot(this.config), (p) => (this.progress = p));
    this.status = null;
    this.progress = null;
    if (r && !r.ok && r.error === 'cancelled') {
      this.error = this.dict.app.loadCancelled;
      return false;
    }
    this.dimensions = await this.engine.api.dimensions();
    if (r) this.show(r); // else a move made during the load answers for it
    return r?.ok ?? true;
  }

  /** Draw an answer from the worker, or show its error and keep what is drawn. */
  private show(r: EngineResult<Snapshot>): void {
    if (r.ok) {
      if (this.snapshot) reconcile(this.snapshot, r.value);
      else this.snapshot = r.value;
      this.error = null;
    } else this.error = r.error;
  }

  /** Move one parameter: the newest move wins; an invalid combination is refused and shown. */
  set(path: string, value: unknown) {
    return this.apply(setParam($state.snapshot(this.config), path, value));
  }

  /** Apply an edited config (assigned cells that no longer exist are dropped); refused whole if invalid. */
  async apply(next: Config) {
    const check = parseConfig(withoutStaleCells(next));
    if (!check.ok) {
      this.error = check.error;
      return;
    }
    reconcile(this.config, check.config);
    this.pending = true;
    const r = await this.engine.setConfig(check.config);
    if (!r) return; // a newer move is on its way
    this.pending = false;
    this.show(r);
    if (r.ok) markPainted(r.value.seq);
  }

  /** Count only customers with these dimension values, in every cell; null shows everyone. */
  async filter(filter: Filter | null) {
    this.pending = true;
    const r = await this.engine.setFilter(filter);
    if (!r) return;
    this.pending = false;
    this.show(r);
  }

  cancelLoad() {
    this.engine.api.cancelLoad();
  }

  setLang(lang: Lang) {
    this.lang = lang;
    try { localStorage.setItem(LANG_KEY, lang); } catch { /* storage may be off */ }
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }

  add(kind: CellKind) { this.cells = addCell(this.cells, kind); }
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

function readLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'en' || v === 'zh') return v;
  } catch { /* storage may be off */ }
  return navigator.language?.startsWith('zh') ? 'zh' : 'en';
}
