// Grouping the fit's rows (src/engine/clv/group.ts): the groups are the distinct (a, b, c) triples of the
// kept rows in ascending order, each with its count, and every kept row points at its own; checked against
// a plain sort on seeded data of every shape the fit gives it (small integers, amounts, one value, a filter).
import { describe, expect, test } from 'vitest';
import { groupRows } from '../../src/engine/clv/group';
import { groupRepeatBuyers } from '../../src/engine/clv/group-repeat';
import { prng } from '../reference/clv';

/** The reference: sort the kept rows by (a, b, c), split where the triple changes. */
function reference(a: number[], b: number[], c: number[], keep?: number[]) {
  const rows = a.map((_, i) => i).filter((i) => !keep || keep[i]);
  const distinct = (v: number[]) => [...new Set(rows.map((i) => v[i]))].sort((x, y) => x - y);
  const [da, db, dc] = [distinct(a), distinct(b), distinct(c)];
  rows.sort((i, j) => a[i] - a[j] || b[i] - b[j] || c[i] - c[j]);
  const groups: { t: [number, number, number]; count: number }[] = [];
  const groupOf = a.map(() => -1);
  for (const i of rows) {
    const last = groups.at(-1);
    if (!last || last.t[0] !== a[i] || last.t[1] !== b[i] || last.t[2] !== c[i]) groups.push({ t: [a[i], b[i], c[i]], count: 0 });
    groups.at(-1)!.count++;
    groupOf[i] = groups.length - 1;
  }
  return { values: [da, db, dc], triples: groups.map((g) => g.t), counts: groups.map((g) => g.count), groupOf };
}

const shapes: [string, (r: () => number) => [number, number, number]][] = [
  ['(x, t_x, T) day counts', (r) => { const T = Math.floor(r() * 400); const x = Math.floor(r() ** 3 * 12); return [x, x ? Math.floor(r() * T) : 0, T]; }],
  ['(x, m_x, 0) amounts', (r) => [1 + Math.floor(r() * 5), Math.round(r() * 1e4) / 100, 0]],
  ['heavy ties', (r) => [Math.floor(r() * 3), Math.floor(r() * 2), Math.floor(r() * 2)]],
  ['one value everywhere', () => [2, 7, 9]],
];

describe('groupRows equals a plain sort of the kept rows', () => {
  test.each(shapes.flatMap(([name, f]) => [1, 37, 5000].flatMap((n) => [false, true].map((filtered) => [name, n, filtered, f] as const))))(
    '%s, %d rows, filtered: %s', (_, n, filtered, f) => {
      const r = prng(n * 7 + (filtered ? 1 : 0));
      const rows = Array.from({ length: n }, () => f(r));
      const [a, b, c] = [rows.map((t) => t[0]), rows.map((t) => t[1]), rows.map((t) => t[2])];
      const keep = filtered ? rows.map(() => (r() < 0.6 ? 1 : 0)) : undefined;
      const got = groupRows(Float64Array.from(a), Float64Array.from(b), Float64Array.from(c), keep && Uint8Array.from(keep));
      const want = reference(a, b, c, keep);
      expect(got.cols.map((col) => Array.from(col.values))).toEqual(want.values);
      expect(Array.from(got.count)).toEqual(want.counts);
      expect(Array.from(got.count, (_, g) => got.cols.map((col) => col.values[col.of[g]]))).toEqual(want.triples);
      expect(Array.from(got.groupOf)).toEqual(want.groupOf);
      // Plain arrays (as the tests pass them) group the same.
      expect(Array.from(groupRows(a, b, c, keep && Uint8Array.from(keep)).groupOf)).toEqual(want.groupOf);
    });
});

describe('groupRepeatBuyers gives the Gamma-Gamma groups of groupRows(x, m, 0, x ≥ 1), in the same order', () => {
  const spends: [string, (r: () => number) => [number, number]][] = [
    ['counts 0–11, amounts in cents', (r) => { const x = Math.floor(r() ** 3 * 12); return [x, x ? Math.round(r() * 1e4) / 100 : 0]; }],
    ['heavy ties', (r) => [Math.floor(r() * 4), Math.floor(r() * 3)]],
    ['one buyer shape', () => [3, 12.5]],
    ['a fractional count (falls back)', (r) => [r() < 0.01 ? 1.5 : 1 + Math.floor(r() * 3), Math.floor(r() * 5)]],
    ['a missing amount (falls back)', (r) => [1 + Math.floor(r() * 3), r() < 0.01 ? NaN : Math.floor(r() * 5)]],
  ];
  test.each(spends.flatMap(([name, f]) => [0, 1, 37, 5000].map((n) => [name, n, f] as const)))('%s, %d rows', (_, n, f) => {
    const r = prng(n * 13 + 5);
    const rows = Array.from({ length: n }, () => f(r));
    const [x, m] = [Float64Array.from(rows, (t) => t[0]), Float64Array.from(rows, (t) => t[1])];
    const want = groupRows(x, m, new Float64Array(n), Uint8Array.from(x, (v) => (v >= 1 ? 1 : 0)));
    const got = groupRepeatBuyers(x, m);
    const triples = (g: typeof got) => Array.from(g.count, (_, k) => g.cols.map((col) => col.values[col.of[k]]));
    expect(triples(got)).toEqual(triples(want));
    expect(Array.from(got.count)).toEqual(Array.from(want.count));
    expect(Array.from(got.cols[0].values)).toEqual(Array.from(want.cols[0].values));
  });
});
