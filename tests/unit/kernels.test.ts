// The WebAssembly passes (src/engine/kernels) answer as the plain JavaScript loops they replace, written
// out here as the reference; and the bytes the app loads are kernels.wat's, compiled now.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ifAliveGroupsPass, keptStatsPass, predictedColumnPass } from '../../src/engine/kernels';
import { atTenure, expectedIfAliveAt } from '../../src/engine/clv/bgnbd';
import { compileKernels, kernelsModule } from '../../scripts/compile-kernels';
import { prng } from '../reference/clv';

interface Bars { start: number; step: number; counts: Float64Array }

/** keptStats as a loop reads: kept non-null values counted, summed in row order, ranged; rows ≥ bound; the rest barred. */
function reference(values: Float64Array, keep: Uint8Array | undefined, bound: number, bars?: Bars) {
  let n = 0, total = 0, min = Infinity, max = -Infinity, over = false;
  const rows: number[] = [];
  const counts = bars ? Float64Array.from(bars.counts) : undefined;
  values.forEach((x, i) => {
    if (Number.isNaN(x) || (keep && !keep[i])) return;
    n++;
    total += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
    if (bound < Infinity && x >= bound) rows.push(i);
    else if (bars && counts) {
      const last = counts.length - 1;
      const k = Math.floor((x - bars.start) / bars.step);
      if (k >= 0 && k < last) counts[k]++;
      else {
        counts[last]++;
        if (k !== last) over = true;
      }
    }
  });
  return { n, total, min, max, rows: Int32Array.from(rows), over, counts };
}

function check(values: number[] | Float64Array, keep: Uint8Array | undefined, bound: number, bars?: Bars) {
  const v = Float64Array.from(values);
  const mine = bars && { ...bars, counts: Float64Array.from(bars.counts) };
  const got = keptStatsPass(v, keep, bound, mine);
  const want = reference(v, keep, bound, bars);
  expect({ ...got, counts: mine?.counts }).toEqual(want);
  // -0 and 0 differ to toEqual through Object.is; the sum's sign is checked too.
  expect(Object.is(got.total, want.total)).toBe(true);
}

describe('keptStatsPass: the WebAssembly pass answers as the loop', () => {
  const bars = (start: number, step: number, count: number): Bars => ({ start, step, counts: new Float64Array(count) });
  test.each<[string, number[], (number | undefined)[] | undefined, number, Bars | undefined]>([
    ['nothing', [], undefined, Infinity, undefined],
    ['only NaN (prospects)', [NaN, NaN], undefined, Infinity, undefined],
    ['sum in row order, min and max', [3, -1.5, 1e-300, 7], undefined, Infinity, undefined],
    ['the filter drops rows', [1, 2, 3, 4], [1, 0, 0, 1], Infinity, undefined],
    ['rows at or above the bound, in row order', [5, 9, 2, 9, 10], undefined, 9, undefined],
    ['infinities are values', [Infinity, -Infinity, 1], undefined, 2, undefined],
    ['a negative zero alone sums to zero', [-0], undefined, Infinity, undefined],
    ['bars: each below the bound into its bar', [0, 0.99, 1, 2.5, 3.999], undefined, 100, bars(0, 1, 5)],
    ['bars: beyond the last bar goes into it, and says so', [0, 7, 50], undefined, 100, bars(0, 1, 4)],
    ['bars: exactly at the last bar is not "over"', [3, 3.5], undefined, 100, bars(0, 1, 4)],
    ['bars: below the start goes into the last bar, over', [-0.5, 1], undefined, 100, bars(0, 1, 4)],
    ['bars: a negative start and a fractional step', [-3, -2.9, 0.1, 0.3], undefined, Infinity, bars(-3, 0.2, 30)],
    ['bars and bound and filter together', [1, 20, 2, NaN, 3, 30], [1, 1, 0, 1, 1, 1], 20, bars(0, 1, 3)],
  ])('%s', (_, values, keep, bound, b) => {
    check(values, keep && Uint8Array.from(keep, (k) => k ?? 0), bound, b);
  });
  test('a filter shorter than the values keeps none past its end', () => {
    const got = keptStatsPass(Float64Array.from([1, 2, 3]), Uint8Array.from([1]), Infinity);
    expect([got.n, got.total]).toEqual([1, 1]);
  });
  test('300 seeded columns with prospects, ties, a filter, a bound and guessed bars', () => {
    const next = prng(11);
    for (let run = 0; run < 300; run++) {
      const n = Math.floor(next() * 5000);
      const scale = 10 ** Math.floor(next() * 8 - 2);
      const values = Float64Array.from({ length: n }, () => (next() < 0.1 ? NaN : next() < 0.1 ? Math.floor(next() * 4) * scale : (next() - 0.1) * scale));
      const keep = next() < 0.5 ? Uint8Array.from({ length: n }, () => (next() < 0.7 ? 1 : 0)) : undefined;
      const bound = next() < 0.3 ? Infinity : next() * scale;
      const b = next() < 0.7 ? bars(next() < 0.5 ? 0 : -0.1 * scale, scale / 20, 1 + Math.floor(next() * 40)) : undefined;
      check(values, keep, bound, b);
    }
  });
});

describe('predictedColumnPass keeps each fit\'s inputs apart', () => {
  /** A model's rows: P(alive), order values, 2F1 groups and customers, seeded. */
  function rows(seed: number, m: number, n: number) {
    const next = prng(seed);
    const idx = Int32Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
    return {
      pAlive: Float64Array.from({ length: m }, () => next()),
      expectedOrderValue: Float64Array.from({ length: m }, () => next() * 300),
      groupOf: Int32Array.from({ length: m }, () => Math.floor(next() * 5)),
      idx,
    };
  }
  const want = (r: ReturnType<typeof rows>, perGroup: Float64Array, k: number, n: number) => {
    const out = new Float64Array(n).fill(NaN);
    r.idx.forEach((c, i) => { out[c] = Math.floor(r.pAlive[i] * perGroup[r.groupOf[i]] * r.expectedOrderValue[i] * k * 1e9 + 0.5) / 1e9; });
    return out;
  };
  test('two models of the same size in turn, and a larger pass between them, each get their own column', () => {
    const n = 3000, m = 2000;
    const a = rows(1, m, n), b = rows(2, m, n);
    const purchases = new Int32Array(n).fill(1);
    const perGroup = Float64Array.from([0.5, 1, 1.5, 2, 2.5]);
    for (const [r, k] of [[a, 1], [b, 0.9], [a, 0.8]] as const) {
      const out = new Float64Array(n);
      const { later, buyers } = predictedColumnPass(r, purchases, perGroup, k, out);
      // Rows near half a nano go to `later`, written by the caller: the rest must be the rounded products.
      const expected = want(r, perGroup, k, n);
      for (const i of later) out[r.idx[i]] = expected[r.idx[i]];
      expect(Array.from(out)).toEqual(Array.from(expected));
      expect(buyers).toBe(m - later.length);
      // A pass that grows the memory past the kept inputs must leave them as they were.
      keptStatsPass(new Float64Array(200_000).fill(1), undefined, Infinity);
    }
  });
});

describe('ifAliveGroupsPass: the 2F1 series per (x, T) group gives expectedIfAliveAt\'s doubles', () => {
  const CDNOW_DAYS = { r: 0.2425945, alpha: 4.4136019 * 7, a: 0.7929199, b: 2.4258881 };
  const XS = [0, 1, 2, 3, 7, 20, 50, 400, 2000];
  const TS = [0, 1, 30, 365, 1096, 5000];
  test.each<[string, { r: number; alpha: number; a: number; b: number }, number]>([
    ['CDNOW\'s parameters in days, a year ahead', CDNOW_DAYS, 365],
    ['a day ahead', CDNOW_DAYS, 1],
    ['ten years ahead (z near 1)', CDNOW_DAYS, 3650],
    ['a = 1 (B = 0)', { ...CDNOW_DAYS, a: 1 }, 365],
    ['a large r and small alpha', { r: 40, alpha: 0.5, a: 3.5, b: 0.2 }, 90],
    ['seeded parameters', { r: 1.7, alpha: 12.3, a: 0.31, b: 8.9 }, 730],
  ])('%s', (_, p, t) => {
    const xs = Float64Array.from(XS.flatMap((x) => TS.map(() => x)));
    const tenureOf = Uint32Array.from(XS.flatMap(() => TS.map((_, j) => j)));
    const atT = TS.map((T) => atTenure(p, T, t));
    const tenures = { z: Float64Array.from(atT, (v) => v.z), first: Float64Array.from(atT, (v) => v.first), scale: Float64Array.from(atT, (v) => v.scale), growth: Float64Array.from(atT, (v) => v.growth) };
    const got = ifAliveGroupsPass(p, xs, tenureOf, tenures);
    const want = Array.from(xs, (x, g) => expectedIfAliveAt(p, x, atT[tenureOf[g]]));
    expect(Array.from(got)).toEqual(want);
    expect(want.every(Number.isFinite)).toBe(true);
  });
});

test('the module the app loads is kernels.wat compiled (npm run kernels)', async () => {
  const dir = new URL('../../src/engine/kernels/', import.meta.url);
  const bytes = await compileKernels(readFileSync(new URL('kernels.wat', dir), 'utf8'));
  expect(readFileSync(new URL('kernels-wasm.ts', dir), 'utf8')).toBe(kernelsModule(bytes));
});
