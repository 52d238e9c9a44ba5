// When the user last moved a threshold or a filter. Work the page does in the background (keeping a loaded
// file in the browser's storage) waits for the moves to rest: at a million customers, streaming the file to
// storage while the user dragged made the moves right after a load repaint in up to ~50 ms instead of ~20
// (bench/RESULTS.md, session 31).

let lastMove = -Infinity;

/** A move was made (the engine client notes every threshold and filter change; a keep notes the load it follows). */
export const noteMove = (): void => {
  lastMove = performance.now();
};

/** How long the moves must rest before background work resumes. */
export const QUIET_MS = 1000;

/** Resolves once no move has come for `quietMs`. */
export async function whenQuiet(quietMs = QUIET_MS): Promise<void> {
  for (let wait = lastMove + quietMs - performance.now(); wait > 0; wait = lastMove + quietMs - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
