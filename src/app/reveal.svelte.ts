// The first screen first. On page load the notebook's cells mount a couple at a time, top first, each batch
// after the frame before it has been painted: mounting the whole default notebook in one task took ~1.7 s
// on the bench machine, and the first chart waited for all of it (bench/RESULTS.md, "first chart").
// Cells added later, or a notebook opened later, mount at once.

/** Cells mounted before the first paint: the data cell and the ladder (at 1280 × 800 the ladder starts at ~690 px). */
export const FIRST_CELLS = 2;
const PER_FRAME = 2;

export class Reveal {
  /** Cells (from the top) mounted so far; Infinity once the page has caught up. */
  count = $state(FIRST_CELLS);

  /** Mount the rest, PER_FRAME a frame, until `total()` are; `afterPaint` schedules the next batch. */
  start(total: () => number, afterPaint: (next: () => void) => void = paintedThen): void {
    const step = () => {
      this.count += PER_FRAME;
      if (this.count >= total()) this.count = Infinity;
      else afterPaint(step);
    };
    if (this.count >= total()) this.count = Infinity;
    else afterPaint(step);
  }
}

/** After the next frame is painted: a task queued from requestAnimationFrame runs after that frame. */
function paintedThen(next: () => void): void {
  requestAnimationFrame(() => setTimeout(next, 0));
}
