// Touch events cross to the recount unsorted and are ordered in JS: the order must be TOUCH_EVENTS_SQL's
// (days before as_of, then idx), or a window would count other touches.
import { describe, expect, test } from 'vitest';
import { countTouches, sortTouchEvents } from '../../src/engine/live/columns';

const bySql = (idx: number[], days: number[]) =>
  idx.map((i, k) => [days[k], i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('touch events ordered in JS as SQL orders them', () => {
  test.each([
    ['none', [], [], 0],
    ['one', [0], [5], 1],
    ['ties on both keys', [2, 1, 2, 0, 1], [3, 3, 3, 1, 3], 3],
    ['days far apart (a date in year 1)', [1, 0, 1], [739000, 2, 1], 2],
    ['descending input', [4, 3, 2, 1, 0], [50, 40, 30, 20, 10], 5],
  ])('%s', (_, idx, days, n) => {
    const got = sortTouchEvents(Int32Array.from(idx), Int32Array.from(days), n);
    expect([...got.daysBefore].map((d, k) => [d, got.idx[k]])).toEqual(bySql(idx, days).map(([d, i]) => [d, i]));
  });

  test('10,000 random events: same order, and the same touches in every window', () => {
    let seed = 7;
    const rand = (m: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % m);
    const idx = Array.from({ length: 10_000 }, () => rand(500));
    const days = Array.from({ length: 10_000 }, () => 1 + rand(900));
    const got = sortTouchEvents(Int32Array.from(idx), Int32Array.from(days), 500);
    const want = bySql(idx, days);
    expect([...got.daysBefore]).toEqual(want.map(([d]) => d));
    expect([...got.idx]).toEqual(want.map(([, i]) => i));
    const wantEvents = { idx: Int32Array.from(want.map(([, i]) => i)), daysBefore: Int32Array.from(want.map(([d]) => d)) };
    for (const w of [1, 30, 90, 365, 900]) expect(countTouches(got, 500, w)).toEqual(countTouches(wantEvents, 500, w));
  });
});
