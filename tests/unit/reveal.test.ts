// The page's first screen first (src/app/reveal.svelte.ts): on load the data cell and the ladder mount
// before the first paint, the cells below a couple per painted frame, and then every cell at once.
import { describe, expect, it } from 'vitest';
import { FIRST_CELLS, Reveal } from '../../src/app/reveal.svelte';

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
});
