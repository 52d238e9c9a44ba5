// The first screen first. On page load the notebook's cells mount a couple at a time, top first, each batch
// after the frame before it has been painted: mounting the whole default notebook in one task took ~1.7 s
// on the bench machine, and the first chart waited for all of it (bench/RESULTS.md, "first chart").
// Cells added later, or a notebook opened later, mount at once.

/** Cells mounted before the first paint: the data cell and the ladder (at 1280 × 800 the ladder starts at ~690 px). */
export const FIRST_CELLS = 2;
const PER_FRAME = 2;
/** The most frames in a row a batch waits for a move in flight (~200 ms): the early worker answers in tens of ms. */
export const BUSY_FRAMES = 12;

export class Reveal {
  /** Cells (from the top) mounted so far; Infinity once the page has caught up. */
  count = $state(FIRST_CELLS);

  /**
   * Mount the rest, PER_FRAME a frame, until `total()` are; `afterPaint` schedules the next batch. While
   * `busy()` (a move made on the first screen, in flight) no batch mounts, and none in the frame after it
   * ends (the move's repaint goes first), for up to BUSY_FRAMES frames in a row: a batch of cold cells holds
   * the main thread for tens of milliseconds, and the move's answer waited behind it; a change the engine
   * answers only once DuckDB-WASM has started (a link's analysis date) must not hold the cells below for
   * seconds.
   */
  start(total: () => number, afterPaint: (next: () => void) => void = paintedThen, busy: () => boolean = () => false): void {
    let held = 0;
    let wasBusy = false;
    const step = () => {
      const now = busy();
      // In flight, or answered just before this frame (its repaint goes first): the batch waits.
      if ((now || wasBusy) && held < BUSY_FRAMES) {
        wasBusy = now;
        held++;
        return afterPaint(step);
      }
      held = 0;
      wasBusy = false;
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
