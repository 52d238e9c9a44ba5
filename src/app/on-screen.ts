// Whether a chart or a cell is on screen, and what waits while it is not: a drag repaints what the user
// sees within its frame; charts and cells off screen catch up once the moves rest, or as they scroll in.
import { getContext, onDestroy, setContext } from 'svelte';

/** After a change, what is off screen waits this long without a further change before it catches up. */
export const CATCH_UP_MS = 250;

/** One observer for the page: whether each watched element is on screen, or within 200 px of it. */
const watchers = new Map<Element, (on: boolean) => void>();
let observer: IntersectionObserver | null = null;

export function watchOnScreen(el: Element, on: (visible: boolean) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => undefined;
  observer ??= new IntersectionObserver((entries) => { for (const e of entries) watchers.get(e.target)?.(e.isIntersecting); }, { rootMargin: '200px 0px' });
  watchers.set(el, on);
  observer.observe(el);
  return () => {
    watchers.delete(el);
    observer?.unobserve(el);
  };
}

/**
 * Work that follows every change, run at once while its owner is on screen (taken to be until told
 * otherwise). Off screen only the latest waits, until the changes rest for CATCH_UP_MS or the owner
 * scrolls into view.
 */
export class CatchUp {
  private onScreen = true;
  private pending: { work: () => void; key?: string } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `mark`: a performance mark set whenever the work runs (the tests and the bench read when). */
  constructor(private mark?: string) {}

  /**
   * `now`: run even off screen (the owner shows nothing of this data yet). `key`: the same change asked
   * again while it waits keeps its place in the wait.
   */
  run(work: () => void, now = false, key?: string): void {
    if (!this.onScreen && !now && key !== undefined && this.pending?.key === key) return;
    clearTimeout(this.timer);
    if (this.onScreen || now) {
      this.pending = null;
      this.start(work);
      return;
    }
    this.pending = { work, key };
    this.timer = setTimeout(() => this.flush(), CATCH_UP_MS);
  }

  /** Whether a change waits now. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  private start(work: () => void): void {
    if (this.mark) performance.mark(this.mark);
    work();
  }

  visible(on: boolean): void {
    this.onScreen = on;
    if (on) this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    const p = this.pending;
    this.pending = null;
    if (p) this.start(p.work);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.pending = null;
  }
}

const CELL = Symbol('cell on screen');
interface CellView { on: boolean; listeners: Set<(on: boolean) => void> }

/** For a cell's frame (at its creation): returns what watches the frame's element for the cell inside. */
export function provideCellView(): (el: Element) => () => void {
  const view: CellView = { on: true, listeners: new Set() };
  setContext(CELL, view);
  return (el) => watchOnScreen(el, (on) => {
    view.on = on;
    for (const l of view.listeners) l(on);
  });
}

/**
 * For a cell (at its creation): its asks of the worker after a threshold move, deferred while its frame is
 * off screen, so a drag costs neither the worker nor the page anything for it. Outside a frame: at once.
 * Each ask sets the mark `tierbook:ask:<name>`.
 */
export function cellCatchUp(name: string): CatchUp {
  const later = new CatchUp(`tierbook:ask:${name}`);
  const view = getContext<CellView | undefined>(CELL);
  if (view) {
    later.visible(view.on);
    const listen = (on: boolean) => later.visible(on);
    view.listeners.add(listen);
    onDestroy(() => view.listeners.delete(listen));
  }
  onDestroy(() => later.stop());
  return later;
}
