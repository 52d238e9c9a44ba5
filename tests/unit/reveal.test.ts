// The page's first screen first (src/app/reveal.svelte.ts): on load the data cell and the ladder mount
// before the first paint, the cells below a couple per painted frame, and then every cell at once.
import { describe, expect, it } from 'vitest';
import { BUSY_FRAMES, FIRST_CELLS, Reveal } from '../../src/app/reveal.svelte';

function run(total: () => number) {
  const reveal = new Reveal();
  const frames: (() => void)[] = [];
  reveal.start(total, (next) => frames.push(next));
  const counts = [reveal.count];
  while (frames.length) {
    frames.shift()!();
    counts.push(reveal.count);
  }
  return counts;
}

describe('Reveal', () => {
  it('the first screen (data and ladder), then two cells a frame, then all: the default notebook of 12', () => {
    expect(FIRST_CELLS).toBe(2);
    expect(run(() => 12)).toEqual([2, 4, 6, 8, 10, Infinity]);
  });
  it('a notebook no longer than the first screen mounts at once, without waiting for a frame', () => {
    expect(run(() => 2)).toEqual([Infinity]);
    expect(run(() => 1)).toEqual([Infinity]);
  });
  it('cells added while it reveals are revealed too', () => {
    let total = 5;
    const reveal = new Reveal();
    const frames: (() => void)[] = [];
    reveal.start(() => total, (next) => frames.push(next));
    frames.shift()!();
    expect(reveal.count).toBe(4);
    total = 9;
    frames.shift()!();
    expect(reveal.count).toBe(6);
    while (frames.length) frames.shift()!();
    expect(reveal.count).toBe(Infinity);
  });
  it('no batch mounts while a move is in flight, nor in the frame after its answer: the move repaints first', () => {
    let pending = false;
    const reveal = new Reveal();
    const frames: (() => void)[] = [];
    reveal.start(() => 12, (next) => frames.push(next), () => pending);
    const counts = () => { frames.shift()!(); return reveal.count; };
    expect(counts()).toBe(4);
    pending = true;
    expect([counts(), counts()]).toEqual([4, 4]);
    pending = false;
    // The frame after the answer is the move's; the reveal goes on at the one after.
    expect([counts(), counts(), counts()]).toEqual([4, 6, 8]);
    while (frames.length) frames.shift()!();
    expect(reveal.count).toBe(Infinity);
  });
  it('a change in flight for long (one the engine answers once DuckDB-WASM has started) holds each batch at most BUSY_FRAMES frames', () => {
    const reveal = new Reveal();
    const frames: (() => void)[] = [];
    reveal.start(() => 12, (next) => frames.push(next), () => true);
    let painted = 0;
    while (frames.length) {
      frames.shift()!();
      painted++;
    }
    expect(reveal.count).toBe(Infinity);
    // Five batches after the first screen (4, 6, 8, 10, all), each after BUSY_FRAMES frames of waiting.
    expect(painted).toBe(5 * (BUSY_FRAMES + 1));
  });
});
