// The page's side of the files kept in this browser (kept-data.ts stores them): which are shown, which
// failed or stopped the page at start-up, and the user's moves on them (keep, try again, forget).
import { tick } from 'svelte';
import type { InputFile } from '../../../workers/api';
import { SAMPLE_FILES } from '../engine-client';
import type { Summary } from '../../engine/session-types';
import { forgetData, keepData, keepView, keptData, keptOpeningUnfinished, keptView, markKeptOpening, type Kept } from './kept-data';
import type { FileMappingDoc } from './notebook-doc';
import { noteMove, whenQuiet } from './quiet';

/** The workbench as the kept files see it: how files are loaded, where an error shows, the files' mapping. */
export interface KeptHost {
  load(files: InputFile[], status: { key: 'loadingSample' | 'loadingKept' } | { text: string }): Promise<boolean>;
  error: string | null;
  fileMappings: FileMappingDoc[];
  /** Draw the view kept from the last visit while the files load (the engine's first answer replaces it). */
  showKeptView(summary: Summary): void;
  /** The last answer drawn, as plain data; null while the kept view (not an answer) is on screen. */
  lastAnswer(): Summary | null;
}

export class KeptFiles {
  /** The user's files kept in this browser (null: the sample, or nothing kept). */
  kept = $state<{ names: string[]; bytes: number } | null>(null);
  /** Kept files that were not shown at start-up (they failed, or stopped the page last time): the sample is shown instead. */
  problem = $state<{ names: string[]; reason: 'failed' | 'unfinished'; error?: string } | null>(null);

  /** The user's files on screen that are not kept: waiting (written as the moves rest) or failed (no storage, a full disk: the error says which). */
  unkept = $state<{ names: string[]; why: 'waiting' | 'failed' } | null>(null);

  /** Counts what replaced the kept files (Forget, other files kept): an opening or a keep they overtook stands down. */
  private generation = 0;
  /** The keep writing now: what overtakes it waits for it to stop before touching the storage. */
  private writing: Promise<void> = Promise.resolve();
  /** The user's files on screen, kept or not (an engine restart loads them again): null for the sample. */
  private onScreen: InputFile[] | null = null;

  constructor(private host: KeptHost) {}

  /**
   * The kept files to open at start-up, or null: none are kept, or opening them stopped the page last
   * time (then that is said, and the sample is shown instead).
   */
  async atStart(): Promise<Kept | null> {
    const kept = await keptData();
    if (!kept || !keptOpeningUnfinished()) return kept;
    this.problem = { names: kept.names, reason: 'unfinished' };
    markKeptOpening(false);
    return null;
  }

  /**
   * Keep the files just loaded in the browser, a step at a time whenever the moves rest (quiet.ts); a full
   * disk is reported. Another load or Forget overtakes it: it stops at its next step, keeping nothing.
   */
  async keep(files: InputFile[]) {
    const generation = ++this.generation;
    this.onScreen = files;
    // Said at once: the keep it overtakes may wait for the moves to rest before it stops.
    this.kept = null;
    this.unkept = { names: files.filter((f) => !('url' in f.source)).map((f) => f.name), why: 'waiting' };
    await this.writing;
    if (generation !== this.generation) return;
    // A load just drawn counts as a move: its user is about to look and drag.
    noteMove();
    const run = keepData(files, { pause: () => whenQuiet(), stale: () => generation !== this.generation });
    this.writing = run.then(() => undefined, () => undefined);
    const r = await run;
    if (generation !== this.generation) return;
    if (r.ok) { this.kept = { names: r.kept.names, bytes: r.kept.bytes }; this.unkept = null; }
    else if ('error' in r) { this.unkept = { names: this.unkept?.names ?? [], why: 'failed' }; this.host.error = r.error; }
    await this.rememberView();
  }

  /** The numbers on screen kept beside the kept files (after a load, and with every autosave). */
  async rememberView() {
    const kept = this.kept;
    const summary = kept && this.host.lastAnswer();
    if (kept && summary) await keepView({ names: kept.names, bytes: kept.bytes, summary });
  }

  /**
   * Load the kept files; true once they are on screen. A failure is said (with Try again and Forget),
   * never forgotten silently; the caller shows the sample.
   */
  async open(kept: Kept): Promise<boolean> {
    const generation = ++this.generation;
    markKeptOpening(true);
    // The notebook as it was left, at once: a large file takes seconds to load again (the tour of 2026-12-02
    // found a blank page meanwhile). Its numbers are replaced by the engine's first answer.
    const view = await keptView<Summary>(kept);
    if (view) {
      this.kept = { names: kept.names, bytes: kept.bytes };
      this.host.showKeptView(view);
    }
    const ok = await this.host.load(kept.files, { key: 'loadingKept' });
    // Forgotten (or replaced by other files) while loading, which the kept view's Forget button allows: what
    // replaced them is on screen, or on its way; this opening says nothing more.
    if (generation !== this.generation) {
      markKeptOpening(false);
      return true;
    }
    if (ok) {
      this.kept = { names: kept.names, bytes: kept.bytes };
      this.problem = null;
      // Cleared only once the charts have been drawn: a page that dies drawing them never gets here.
      await tick();
      requestAnimationFrame(() => markKeptOpening(false));
      void this.rememberView();
      return true;
    }
    markKeptOpening(false);
    this.kept = null;
    this.problem = { names: kept.names, reason: 'failed', error: this.host.error ?? undefined };
    this.host.error = null;
    return false;
  }

  /** Try the kept files again (after a failure at start-up). */
  async retry() {
    const kept = await keptData();
    if (!kept) { this.problem = null; return; }
    this.problem = null;
    await this.open(kept);
  }

  /** Forget the kept files and go back to the bundled sample. */
  async forget() {
    this.generation++;
    this.onScreen = null;
    this.unkept = null;
    await this.writing;
    await forgetData();
    this.kept = null;
    this.problem = null;
    this.host.fileMappings = [];
    await this.host.load(SAMPLE_FILES, { key: 'loadingSample' });
  }

  /**
   * Load again what was shown (into a new engine): the kept files; else the user's files still waiting to be
   * kept, or that could not be (in memory); else the sample.
   */
  async reload() {
    const kept = this.kept ? await keptData() : null;
    if (kept) await this.host.load(kept.files, { key: 'loadingKept' });
    else if (this.onScreen) await this.host.load(this.onScreen, { text: this.onScreen.map((f) => f.name).join(', ') });
    else await this.host.load(SAMPLE_FILES, { key: 'loadingSample' });
  }
}
