// The notebook as documents: what is autosaved (and restored at start-up), the config link (opened from the
// address, written back to it as the config moves), a config file, a saved notebook file. Each is applied
// whole or refused whole with the reason, and the workbench keeps its state.
import type { Config } from '../../engine/config';
import { parseConfig } from '../../engine/config';
import { configToFragment, fragmentToConfig } from '../../engine/config/link';
import { linkDimensionsOf, type LinkView } from '../../engine/config/view';
import { REVISION_1_SEGMENTS } from '../../engine/frameworks';
import { DICTS } from '../i18n';
import { addCell, holdQueries, type Cell } from '../notebook';
import { reconcile } from '../reconcile';
import type { Workbench } from '../workbench.svelte';
import { readAutosave, writeAutosave } from './autosave';
import { notebookDoc, notebookFromText, type FileMappingDoc, type Notebook } from './notebook-doc';

export class Documents {
  constructor(private host: Workbench) {}

  /** The notebook as plain data: what is autosaved and what "Save notebook" writes. */
  notebook(): Notebook {
    return { config: $state.snapshot(this.host.config) as Config, cells: $state.snapshot(this.host.cells) as Cell[], lang: this.host.lang, mapping: $state.snapshot(this.host.fileMappings) as FileMappingDoc[], pinned: $state.snapshot(this.host.pins.pinned) as Config | null };
  }

  private autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  private unsaved: Notebook | null = null;
  /** Written 250 ms after the last change, and at once when the page goes away (a reload loses nothing). */
  autosave(n: Notebook) {
    clearTimeout(this.autosaveTimer);
    this.unsaved = n;
    this.autosaveTimer = setTimeout(() => this.flushAutosave(), 250);
  }

  flushAutosave() {
    clearTimeout(this.autosaveTimer);
    if (!this.unsaved) return;
    const problem = writeAutosave(this.unsaved);
    this.unsaved = null;
    // The numbers that go with the autosaved config, shown at the next start while kept files load.
    void this.host.keptFiles.rememberView();
    if (problem) this.host.refusal = problem;
    // A config link in the address bar follows the config, so a reload shows what was on screen (not the
    // link's thresholds over the moves made since) and the address is always the current config's link.
    if (location.hash.length > 1 && !this.host.refusal) {
      const link = this.link();
      // A link shown as copied is the old config's once anything moved: show the current one, to copy again.
      if (this.host.sharedLink && this.host.sharedLink.link !== link) this.host.sharedLink = { link, copied: false };
    }
  }

  /**
   * A document refused whole: said, and a notice of an earlier success taken down, so that "Notebook
   * opened" never stands beside the refusal of the next file as if that one had opened.
   */
  refuse(message: string) {
    this.host.refusal = message;
    if (this.host.notice === 'notebookOpened' || this.host.notice === 'linkApplied') this.host.notice = null;
  }

  /** The autosaved notebook, if any: cells, config, language and mapping as they were. True when one was restored. */
  restore(): boolean {
    const saved = readAutosave();
    if (!saved) return false;
    if (!saved.ok) { this.host.refusal = `${DICTS.en.share.autosaveRefused}: ${saved.error}`; return false; }
    if (saved.rfmOrderChanged) this.host.rfmOrderNotice = 'autosave';
    this.use(saved.notebook);
    reconcile(this.host.config, saved.notebook.config);
    return true;
  }

  /** A notebook's cells, mapping and language (its config is applied by the caller: at once, or through the engine). */
  private use(n: Omit<Notebook, 'config'>) {
    this.host.cells = n.cells;
    this.host.pins.restore(n.pinned);
    this.host.fileMappings = n.mapping;
    if (n.lang !== this.host.lang) this.host.setLang(n.lang);
  }

  /**
   * A config link: applied at once when data is loaded, otherwise kept for the data; refused whole if invalid.
   * `restored`: the page started from its autosave. The address bar follows the config (`link`), so a reload
   * finds this page's own link there: the autosaved config again, which is no link from anyone (no notice).
   */
  openLink(hash: string, starting = false, restored = false) {
    if (!hash || hash === '#') return;
    const r = fragmentToConfig(hash);
    if (!r.ok) return this.refuse(`${DICTS.en.share.linkRefused}: ${r.error}`);
    if (starting && restored && JSON.stringify($state.snapshot(this.host.config)) === JSON.stringify(r.config)) return;
    this.host.refusal = null;
    this.host.rfmOrderNotice = r.rfmOrderChanged ? 'link' : null;
    if (r.view) this.useView(r.view);
    this.host.linkConfig = r.config;
    this.host.notice = starting || !this.host.hasData ? 'linkPending' : 'linkApplied';
    if (starting || !this.host.hasData) reconcile(this.host.config, r.config);
    else this.host.apply(r.config);
  }

  /** After the revision-2 notice: keep the segment order the document was made with (SPEC revision 1's list, explicit). */
  keepRevision1Order() {
    this.host.rfmOrderNotice = null;
    return this.host.set('rfm.segments', REVISION_1_SEGMENTS.map((s) => structuredClone(s)));
  }

  /** A link's view settings go to the first Dimensions cell (one is added if the notebook has none). */
  private useView(view: LinkView) {
    if (!view.dimensions) return;
    if (!this.host.cells.some((c) => c.kind === 'dimensions')) this.host.cells = addCell(this.host.cells, 'dimensions');
    const cell = this.host.cells.find((c) => c.kind === 'dimensions')!;
    this.host.update(cell.id, { dimensions: { ...$state.snapshot(cell.dimensions), ...view.dimensions } });
  }

  /** The address of the current config; also put in the address bar (without a reload or a history entry). */
  link(): string {
    const dims = this.host.cells.find((c) => c.kind === 'dimensions')?.dimensions;
    const view: LinkView = { dimensions: linkDimensionsOf($state.snapshot(dims)) };
    const fragment = configToFragment($state.snapshot(this.host.config) as Config, view);
    history.replaceState(null, '', `#${fragment}`);
    return location.href;
  }

  /** A config document (SPEC §5 JSON) from a file: applied whole or refused whole. */
  importConfig(text: string) {
    let doc: unknown;
    try { doc = JSON.parse(text); } catch { return this.refuse(`${DICTS.en.share.configRefused}: the file is not JSON`); }
    const r = parseConfig(doc);
    if (!r.ok) return this.refuse(`${DICTS.en.share.configRefused}: ${r.error}`);
    this.host.refusal = null;
    return this.host.apply(r.config);
  }

  /** A saved notebook file: cells, notes, config, language and mapping, or nothing if any part is wrong. */
  openNotebook(text: string): FileMappingDoc[] | null {
    const r = notebookFromText(text);
    if (!r.ok) { this.refuse(`${DICTS.en.share.notebookRefused}: ${r.error}`); return null; }
    this.host.refusal = null;
    this.host.rfmOrderNotice = r.rfmOrderChanged ? 'notebook' : null;
    this.use({ ...r.notebook, cells: holdQueries(r.notebook.cells) });
    this.host.apply(r.notebook.config);
    this.host.notice = 'notebookOpened';
    return r.notebook.mapping;
  }

  notebookJson(): string {
    return JSON.stringify(notebookDoc(this.notebook()), null, 2);
  }
}
