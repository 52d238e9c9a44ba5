// The page's side of the files kept in this browser (kept-data.ts stores them): which are shown, which
// failed or stopped the page at start-up, and the user's moves on them (keep, try again, forget).
import { tick } from 'svelte';
import type { InputFile } from '../../../workers/api';
import { SAMPLE_FILES } from '../engine-client';
import { forgetData, keepData, keptData, keptOpeningUnfinished, markKeptOpening, type Kept } from './kept-data';
import type { FileMappingDoc } from './notebook-doc';

/** The workbench as the kept files see it: how files are loaded, where an error shows, the files' mapping. */
export interface KeptHost {
  load(files: InputFile[], status: { key: 'loadingSample' | 'loadingKept' }): Promise<boolean>;
  error: string | null;
  fileMappings: FileMappingDoc[];
}

export class KeptFiles {
  /** The user's files kept in this browser (null: the sample, or nothing kept). */
  kept = $state<{ names: string[]; bytes: number } | null>(null);
  /** Kept files that were not shown at start-up (they failed, or stopped the page last time): the sample is shown instead. */
  problem = $state<{ names: string[]; reason: 'failed' | 'unfinished'; error?: string } | null>(null);

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

  /** Keep the files just loaded in the browser; a full disk is reported. */
  async keep(files: InputFile[]) {
    const r = await keepData(files);
    if (r.ok) this.kept = { names: r.kept.names, bytes: r.kept.bytes };
    else { this.kept = null; this.host.error = r.error; }
  }

  /**
   * Load the kept files; true once they are on screen. A failure is said (with Try again and Forget),
   * never forgotten silently; the caller shows the sample.
   */
  async open(kept: Kept): Promise<boolean> {
    markKeptOpening(true);
    const ok = await this.host.load(kept.files, { key: 'loadingKept' });
    if (ok) {
      this.kept = { names: kept.names, bytes: kept.bytes };
      this.problem = null;
      // Cleared only once the charts have been drawn: a page that dies drawing them never gets here.
      await tick();
      requestAnimationFrame(() => markKeptOpening(false));
      return true;
    }
    markKeptOpening(false);
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
    await forgetData();
    this.kept = null;
    this.problem = null;
    this.host.fileMappings = [];
    await this.host.load(SAMPLE_FILES, { key: 'loadingSample' });
  }

  /** Load again what was shown (into a new engine): the kept files, or the sample when none are kept. */
  async reload() {
    const kept = this.kept ? await keptData() : null;
    await this.host.load(kept?.files ?? SAMPLE_FILES, { key: kept ? 'loadingKept' : 'loadingSample' });
  }
}
