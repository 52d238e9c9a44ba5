// The page's fit runs in slices between threshold moves (docs/clv.md): a slice can only end at a pause
// point, so the work between two pause points is what a move may wait for. These cases bound it by what
// it does, not by a clock: the optimiser evaluates the likelihood at most once between pause points (its
// line search can take tens near the optimum), the grouping makes at most one pass over the rows, and the
// repeat buyers' sort pauses between buckets. The step-wise forms give the same results as at once.
import { describe, expect, test } from 'vitest';
import { minimiseSteps } from '../../src/engine/clv/bfgs';
import { groupRows, groupRowsSteps, ROWS_PER_STEP } from '../../src/engine/clv/group';
import { groupRepeatBuyers, groupRepeatBuyersSteps } from '../../src/engine/clv/group-repeat';
import { toEnd } from '../../src/engine/clv/steps';
import { prng } from '../reference/clv';

/** Runs `steps` to the end; per stretch between two pause points, what `count()` grew by. */
function stretches<T>(steps: Generator<unknown, T, void>, count: () => number): { value: T; work: number[] } {
  const work: number[] = [];
  let before = count();
  for (;;) {
    const s = steps.next();
    work.push(count() - before);
    before = count();
    if (s.done) return { value: s.value, work };
  }
}

/** An array whose element reads are counted. */
function counted(values: number[]): { array: ArrayLike<number>; reads: () => number } {
  let reads = 0;
  const array = new Proxy(values, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key);
    },
  });
  return { array, reads: () => reads };
}

describe('pause points of the fit', () => {
  test('the minimiser evaluates the objective at most once between two pause points, line searches included', () => {
    let evaluations = 0;
    let halvings = 0;
    // A narrow valley (Rosenbrock): from far away, full steps overshoot and the line search halves them.
    const f = (t: Float64Array, g: Float64Array) => {
      evaluations++;
      const [x, y] = t;
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const { value, work } = stretches(minimiseSteps(f, Float64Array.of(-3, 8), { gradTol: 1e-9, maxIterations: 500, maxStep: 3 }), () => evaluations);
    halvings = evaluations - work.length;
    expect(value.converged).toBe(true);
    expect(value.theta[0]).toBeCloseTo(1, 6);
    // The first stretch holds the evaluation at the start and the first trial step.
    expect(work[0]).toBeLessThanOrEqual(2);
    expect(Math.max(...work.slice(1))).toBe(1);
    // The case exercises the line search: some iterations needed more than one evaluation.
    expect(evaluations).toBeGreaterThan(value.iterations + 1);
    expect(halvings).toBeLessThan(evaluations);
  });

  test.each([
    { keep: false, perRow: 1 },
    // Kept rows are copied first, their three values read in one pass.
    { keep: true, perRow: 3 },
  ])('grouping in steps (keep: $keep): the same groups as at once, at most one pass over `step` rows between pause points', ({ keep, perRow }) => {
    const r = prng(11);
    const n = 3000;
    const step = 256;
    const cols = [0, 1, 2].map(() => [] as number[]);
    for (let i = 0; i < n; i++) {
      const T = Math.floor(r() * 400);
      const x = Math.floor(r() ** 3 * 12);
      cols[0].push(x);
      cols[1].push(x ? Math.floor(r() * T) : 0);
      cols[2].push(T);
    }
    const kept = keep ? Uint8Array.from(cols[0], (x, i) => (x > 0 || i % 3 === 0 ? 1 : 0)) : undefined;
    const reads = cols.map(counted);
    const { value, work } = stretches(groupRowsSteps(reads[0].array, reads[1].array, reads[2].array, kept, step), () => reads.reduce((s, c) => s + c.reads(), 0));
    expect(value).toEqual(groupRows(cols[0], cols[1], cols[2], kept));
    expect(Math.max(...work)).toBeLessThanOrEqual(perRow * step);
    // Every input value is read: a column ranked in place three times (its largest value, the values
    // present, each row's rank); with `keep`, a kept row's three values once (the copies are ranked).
    const total = work.reduce((a, b) => a + b, 0);
    expect(total).toBe(keep ? 3 * kept!.reduce((a, b) => a + b, 0) : 9 * n);
    // The sort's and the groups' passes pause too: more pauses than the stretches that read the input.
    expect(work.length).toBeGreaterThan(work.filter((w) => w > 0).length + 3 * Math.floor(n / step));
  });

  test('the default step is a small share of a million rows', () => {
    expect(ROWS_PER_STEP).toBeLessThanOrEqual(1 << 16);
  });

  test('the repeat buyers\' grouping pauses between passes over `step` rows and between the sorts of its buckets, and groups as at once', () => {
    const r = prng(5);
    const n = 150_000;
    const x = Float64Array.from({ length: n }, () => Math.floor(r() * 6));
    const m = Float64Array.from({ length: n }, () => Math.round(r() * 1e5) / 100);
    const steps = groupRepeatBuyersSteps(x, m);
    let pauses = 0;
    let s = steps.next();
    for (; !s.done; s = steps.next()) pauses++;
    const once = groupRepeatBuyers(x, m);
    expect(Buffer.from(s.value.count.buffer).equals(Buffer.from(once.count.buffer))).toBe(true);
    expect(Buffer.from(s.value.cols[1].values.buffer).equals(Buffer.from(once.cols[1].values.buffer))).toBe(true);
    expect(Array.from(s.value.cols[0].values)).toEqual(Array.from(once.cols[0].values));
    // Three passes over 150,000 rows in steps of 32,768 (5 each), the buckets' sorts, the groups written.
    expect(pauses).toBeGreaterThanOrEqual(3 * 5 + 3);
    expect(Buffer.from(toEnd(groupRepeatBuyersSteps(x, m)).count.buffer).equals(Buffer.from(once.count.buffer))).toBe(true);
  });

  test.each([
    { case: 'counts and amounts', nan: false },
    { case: 'a NaN amount (the fall-back to groupRows)', nan: true },
  ])('the repeat buyers\' grouping reads at most one pass over `step` rows between pause points: $case', ({ nan }) => {
    const r = prng(8);
    const n = 2000;
    const step = 128;
    const xs = Array.from({ length: n }, () => Math.floor(r() * 5));
    const ms = Array.from({ length: n }, () => Math.round(r() * 1e4) / 100);
    if (nan) {
      xs[n - 7] = 2;
      ms[n - 7] = NaN;
    }
    const [cx, cm] = [counted(xs), counted(ms)];
    const { value, work } = stretches(groupRepeatBuyersSteps(cx.array, cm.array, step), () => cx.reads() + cm.reads());
    const once = groupRepeatBuyers(Float64Array.from(xs), Float64Array.from(ms));
    expect(Array.from(value.count)).toEqual(Array.from(once.count));
    expect(Array.from(value.cols[1].values)).toEqual(Array.from(once.cols[1].values));
    // Per row at most three reads (a repeat buyer's x twice and its amount when its amount is placed).
    expect(Math.max(...work)).toBeLessThanOrEqual(3 * step);
  });
});
