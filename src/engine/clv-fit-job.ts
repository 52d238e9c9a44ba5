// The page's predicted-value fit out of the load path (docs/clv.md): the load answers with tb_clv empty,
// then the fit runs in slices, pausing at its pause points (optimiser iterations, line-search evaluations,
// the grouping's passes) so the worker serves other messages (threshold moves) meanwhile. A new load or
// as_of cancels it; an export or predicted_clv tiers hurry it (no more pauses) and wait for it.
import { fitSteps, type ClvFit, type FitProgress } from './clv/api';
import { keepPredictor, predictorSteps } from './clv/predict';
import type { ClvModel } from './clv-model';

/**
 * Fitting without a pause for longer than this would hold the worker's other messages. Small: a move
 * arriving mid-slice waits for the slice's end, and a pause costs a MessageChannel round trip (~0.1 ms).
 */
export const SLICE_MS = 6;

export class FitJob {
  progress: FitProgress | null = null;
  /** How long reading the inputs took (one SQL statement: the fit's one part not in slices). */
  readMs = 0;
  cancelled = false;
  /** Set when someone waits for the fit: it runs to the end without pausing. */
  hurried = false;
  /** The fitted model, or null when cancelled. */
  readonly done: Promise<ClvModel | null>;
  private listeners = new Set<(p: FitProgress) => void>();
  /** Ends a pause at once: a cancel or a hurry does not wait for the message loop's turn. */
  private wake: () => void = () => undefined;
  private woken = new Promise<void>((r) => (this.wake = r));

  cancel(): void {
    this.cancelled = true;
    this.wake();
  }

  hurry(): void {
    this.hurried = true;
    this.wake();
  }

  constructor(read: () => Promise<Pick<ClvModel, 'idx' | 'inputs'>>, pause: () => Promise<void>, private sliceMs = SLICE_MS) {
    this.done = this.run(read, pause);
  }

  private since = 0;
  private pauseFn: () => Promise<void> = () => Promise.resolve();

  /** Run steps to their value, pausing whenever a slice has run its time; null when cancelled meanwhile. */
  private async sliced<T>(steps: Generator<unknown, T, void>): Promise<T | null> {
    for (;;) {
      const s = steps.next();
      if (s.done) return this.cancelled ? null : s.value;
      if (!this.hurried && performance.now() - this.since >= this.sliceMs) {
        await this.pauseFn();
        if (this.cancelled) return null;
        this.since = performance.now();
      }
    }
  }

  /** The fit's steps, each reported to the watchers as progress. */
  private *reported(steps: Generator<FitProgress, ClvFit, void>): Generator<FitProgress, ClvFit, void> {
    for (;;) {
      const s = steps.next();
      if (s.done) return s.value;
      // Said once per change: a pause point inside an iteration repeats the iteration's progress.
      const p = this.progress;
      if (!p || p.model !== s.value.model || p.stage !== s.value.stage || p.iteration !== s.value.iteration) {
        this.progress = s.value;
        for (const l of this.listeners) l(s.value);
      }
      yield s.value;
    }
  }

  /** Progress reports until the job ends; returns the unsubscribe. */
  watch(listener: (p: FitProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async run(read: () => Promise<Pick<ClvModel, 'idx' | 'inputs'>>, slice: () => Promise<void>): Promise<ClvModel | null> {
    const pause = () => Promise.race([slice(), this.woken]);
    this.pauseFn = pause;
    // The load's answer goes out before any of the fit's work.
    if (!this.hurried) await pause();
    if (this.cancelled) return null;
    const t0 = performance.now();
    const inputs = await read();
    this.readMs = performance.now() - t0;
    if (this.cancelled) return null;
    this.since = performance.now();
    const fit = await this.sliced(this.reported(fitSteps(inputs.inputs)));
    if (!fit) return null;
    if (fit.ok) {
      // What every horizon shares (P(alive), the order values, the 2F1 groups) in slices too: the landing
      // and every horizon move then predict in milliseconds.
      const shared = await this.sliced(predictorSteps(fit, inputs.inputs));
      if (!shared) return null;
      keepPredictor(fit, inputs.inputs, shared);
    }
    return { ...inputs, fit, written: null };
  }
}

/** A MessageChannel round trip: a task boundary without setTimeout's clamp (where MessageChannel exists). */
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * After a threshold move, the fit waits this long without another before it resumes: on two cores a fit
 * running beside a drag takes the CPU the page's redraw needs (at a million customers the moves made
 * while it ran repainted two to three times slower than those after it).
 */
export const QUIET_MS = 200;

/**
 * The worker's pause between slices: its message loop gets a turn, then the fit gives way while the user
 * moves (until `lastMove()` is `quietMs` old). A hurry or cancel ends the wait at once (FitJob races it).
 */
export async function pauseUntilQuiet(lastMove: () => number, quietMs = QUIET_MS): Promise<void> {
  await yieldToMessages();
  for (let wait = lastMove() + quietMs - performance.now(); wait > 0; wait = lastMove() + quietMs - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
