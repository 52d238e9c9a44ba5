// What follows a change off screen (src/app/on-screen.ts): on screen it runs at once; off screen only the
// latest runs, once the changes rest for CATCH_UP_MS or the owner scrolls in; asked to, it runs at once anyway.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CATCH_UP_MS, CatchUp } from '../../src/app/on-screen';

describe('CatchUp', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const runs = () => {
    const ran: number[] = [];
    return { ran, work: (k: number) => () => ran.push(k) };
  };

  it('on screen, every change runs at once', () => {
    const later = new CatchUp();
    const { ran, work } = runs();
    for (const k of [1, 2, 3]) later.run(work(k));
    expect(ran).toEqual([1, 2, 3]);
  });

  it('off screen, a drag of changes runs once, the latest, when they rest', () => {
    const later = new CatchUp();
    later.visible(false);
    const { ran, work } = runs();
    for (const k of [1, 2, 3, 4]) {
      later.run(work(k));
      vi.advanceTimersByTime(CATCH_UP_MS - 10);
    }
    expect(ran).toEqual([]);
    expect(later.waiting).toBe(true);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual([4]);
    expect(later.waiting).toBe(false);
    vi.advanceTimersByTime(CATCH_UP_MS * 4);
    expect(ran).toEqual([4]);
  });

  it('scrolling in runs what waits at once; a flush (a download) too', () => {
    const later = new CatchUp();
    later.visible(false);
    const { ran, work } = runs();
    later.run(work(1));
    later.visible(true);
    expect(ran).toEqual([1]);
    later.visible(false);
    later.run(work(2));
    later.flush();
    expect(ran).toEqual([1, 2]);
    vi.advanceTimersByTime(CATCH_UP_MS);
    expect(ran).toEqual([1, 2]);
  });

  it('"now" runs off screen at once (nothing of the data shown yet) and drops what waited', () => {
    const later = new CatchUp();
    later.visible(false);
    const { ran, work } = runs();
    later.run(work(1));
    later.run(work(2), true);
    vi.advanceTimersByTime(CATCH_UP_MS);
    expect(ran).toEqual([2]);
  });

  it('stopped (the owner gone), nothing runs', () => {
    const later = new CatchUp();
    later.visible(false);
    const { ran, work } = runs();
    later.run(work(1));
    later.stop();
    vi.advanceTimersByTime(CATCH_UP_MS);
    later.visible(true);
    expect(ran).toEqual([]);
  });
});

describe('CatchUp with a key', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  it('off screen, the same change asked again keeps its place in the wait; another one restarts it', () => {
    const later = new CatchUp();
    later.visible(false);
    const ran: string[] = [];
    later.run(() => ran.push('a1'), false, 'a');
    vi.advanceTimersByTime(CATCH_UP_MS - 10);
    later.run(() => ran.push('a2'), false, 'a');
    vi.advanceTimersByTime(10);
    expect(ran).toEqual(['a1']);
    later.run(() => ran.push('b'), false, 'b');
    vi.advanceTimersByTime(CATCH_UP_MS - 10);
    later.run(() => ran.push('c'), false, 'c');
    vi.advanceTimersByTime(CATCH_UP_MS - 10);
    expect(ran).toEqual(['a1']);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual(['a1', 'c']);
  });
});
