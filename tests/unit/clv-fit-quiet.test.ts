// The page's fit gives way to a drag (docs/clv.md): between slices it waits until no threshold move came
// for QUIET_MS, so on two cores the moves get the CPU; it resumes when the drag rests, and a hurry (an
// export, predicted_clv tiers) or a cancel ends the wait at once. Real timers, short quiet spans.
import { describe, expect, test } from 'vitest';
import { FitJob, pauseUntilQuiet, QUIET_MS } from '../../src/engine/clv-fit-job';
import { simulate } from '../reference/clv';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Buyers drawn from the models' own story (seeded): a fit finds its maximum on them. */
function inputs() {
  const d = simulate(1, 1500, { r: 0.5, alpha: 30, a: 0.8, b: 2.5, p: 6, q: 4, v: 20 });
  const idx = Int32Array.from(d.x, (_, i) => i);
  return { idx, inputs: { x: Float64Array.from(d.x), tx: Float64Array.from(d.tx), T: Float64Array.from(d.T), mx: Float64Array.from(d.mx), idx } };
}

/** A drag: a move every `every` ms for `forMs`, setting the last move's time. */
async function drag(moved: { at: number; stop?: boolean }, forMs: number, every = 10) {
  const end = performance.now() + forMs;
  while (performance.now() < end && !moved.stop) {
    moved.at = performance.now();
    await sleep(every);
  }
}

describe('the fit gives way while moves come', () => {
  test('a pause ends once the last move is quietMs old, not before', async () => {
    const moved = { at: performance.now() };
    const quiet = 60;
    const t0 = performance.now();
    const paused = pauseUntilQuiet(() => moved.at, quiet).then(() => performance.now());
    await drag(moved, 100);
    const lastMove = moved.at;
    const ended = await paused;
    expect(ended - lastMove).toBeGreaterThanOrEqual(quiet - 1);
    expect(ended - t0).toBeGreaterThanOrEqual(100);
  });

  test('without a recent move a pause is one turn of the message loop', async () => {
    const t0 = performance.now();
    await pauseUntilQuiet(() => -Infinity);
    expect(performance.now() - t0).toBeLessThan(QUIET_MS / 2);
  });

  test('during a drag the fit does not start; it lands after the drag rests', async () => {
    const moved = { at: performance.now() };
    // Moves every 10 ms against a quiet span of 150: only a timer late by over 140 ms (a very busy
    // machine) could let a slice run during the drag.
    const job = new FitJob(async () => inputs(), () => pauseUntilQuiet(() => moved.at, 150), 0);
    let landedAt = NaN;
    void job.done.then(() => (landedAt = performance.now()));
    await drag(moved, 400);
    const rested = moved.at;
    expect(job.progress).toBeNull();
    expect(Number.isNaN(landedAt)).toBe(true);
    const model = await job.done;
    expect(model?.fit.ok).toBe(true);
    expect(landedAt - rested).toBeGreaterThanOrEqual(149);
  });

  test.each([
    { how: 'hurried (an export waits for it)', act: (job: FitJob) => job.hurry(), lands: true },
    { how: 'cancelled (a new load)', act: (job: FitJob) => job.cancel(), lands: false },
  ])('a fit waiting for a drag to rest, $how, does not wait for it', async ({ act, lands }) => {
    const moved = { at: performance.now(), stop: false };
    const job = new FitJob(async () => inputs(), () => pauseUntilQuiet(() => moved.at, 40), 0);
    // A long drag: waiting for it to rest, the fit would end after it; hurried or cancelled, it ends
    // while the moves still come (a count of events, not a clock's bound on the fit).
    let dragEnded = false;
    const dragging = drag(moved, 3000).then(() => (dragEnded = true));
    await sleep(50);
    act(job);
    const model = await job.done;
    expect(dragEnded).toBe(false);
    expect(model !== null && model.fit.ok).toBe(lands);
    moved.stop = true;
    await dragging;
  });
});
