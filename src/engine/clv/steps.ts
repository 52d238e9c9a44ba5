// Step-wise computations (generators whose yields are pause points): the fit and its groupings run this way
// so the page's worker can pause between steps and serve threshold moves; the command line runs them to the end.

/** A generator driven to its value (the all-at-once form of a step-wise computation). */
export function toEnd<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** A step-wise computation's pause points, each said as `at` (the fit's progress does not move there). */
export function* pausesAs<P, T>(steps: Generator<unknown, T, void>, at: P): Generator<P, T, void> {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    yield at;
  }
}

/**
 * One pass over the rows [0, n), `step` rows at a time, pausing after each: `pass(from, to)` does a
 * step's work. A pass that returns false ends it early; the result says whether every step ran.
 */
export function* inSteps(n: number, step: number, pass: (from: number, to: number) => void | boolean): Generator<void, boolean, void> {
  for (let from = 0; from < n; from += step) {
    if (pass(from, Math.min(n, from + step)) === false) return false;
    yield;
  }
  return true;
}
