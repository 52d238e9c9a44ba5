// A quasi-Newton minimiser (BFGS, Nocedal & Wright, Numerical Optimization, 2nd ed., algorithm 6.1) with a
// backtracking Armijo line search. Written here because no maintained npm package offers BFGS with a
// user-supplied gradient: `fmin` (2016) has only Nelder–Mead and conjugate gradients. The objectives are
// smooth, four or three dimensional, and supply analytic gradients, so this short loop converges in tens
// of iterations where Nelder–Mead needs hundreds of evaluations.
import { toEnd } from './steps';

export interface Objective {
  /** Value at θ, writing the gradient into `grad`; may return a non-finite value where undefined. */
  (theta: Float64Array, grad: Float64Array): number;
}

export interface MinimiseResult {
  theta: Float64Array;
  value: number;
  iterations: number;
  /** Largest gradient component at the end. */
  gradNorm: number;
  converged: boolean;
  /** The inverse Hessian approximation at the end (row-major): a warm start for a related problem. */
  hessian: Float64Array;
}

export interface MinimiseOptions {
  /** Stop when every gradient component is below this. */
  gradTol: number;
  maxIterations: number;
  /** Largest step in any coordinate in one iteration (θ are log-parameters: e^3 ≈ 20-fold). */
  maxStep: number;
}

/** Relative change of the objective indistinguishable from rounding (a few hundred ulps of a sum over groups). */
const NOISE = 1e-13;

/** Iterations in a row without any decrease, away from a stationary point, after which the minimiser stops. */
export const STALLED = 5;

const maxAbs = (v: Float64Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const dot = (u: Float64Array, v: Float64Array) => u.reduce((s, x, i) => s + x * v[i], 0);

/** Minimise f from `start`, all at once. */
export function minimise(f: Objective, start: Float64Array, opts: MinimiseOptions, hessian?: Float64Array): MinimiseResult {
  return toEnd(minimiseSteps(f, start, opts, hessian));
}

/**
 * Minimise f from `start`, yielding the number of iterations done after each iteration and between the
 * line search's evaluations (a caller may pause there: the fit runs in slices between the worker's
 * messages). `hessian`: an inverse Hessian to start from (that of a fit on a subsample), instead of the
 * identity scaled by the first step.
 */
export function* minimiseSteps(f: Objective, start: Float64Array, opts: MinimiseOptions, hessian?: Float64Array): Generator<number, MinimiseResult> {
  const n = start.length;
  let theta = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = f(theta, grad);
  // Inverse Hessian approximation, row-major; identity until the first step sets its scale.
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let first = true;
  if (hessian && hessian.length === n * n && hessian.every(Number.isFinite)) {
    H.set(hessian);
    first = false;
  }
  const result = (iterations: number, converged: boolean): MinimiseResult => ({ theta, value, iterations, gradNorm: maxAbs(grad), converged, hessian: Float64Array.from(H) });
  if (!Number.isFinite(value) || !grad.every(Number.isFinite)) return result(0, false);
  let stalled = 0;
  for (let it = 1; it <= opts.maxIterations; it++) {
    if (it > 1) yield it - 1;
    if (maxAbs(grad) < opts.gradTol) return result(it - 1, true);
    const dir = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) dir[i] -= H[i * n + j] * grad[j];
    let slope = dot(dir, grad);
    if (!(slope < 0)) {
      // Not a descent direction (the approximation went bad): restart from steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        dir[i] = -grad[i];
      }
      slope = dot(dir, grad);
    }
    let step = Math.min(1, opts.maxStep / maxAbs(dir));
    const next = new Float64Array(n);
    const nextGrad = new Float64Array(n);
    let nextValue = NaN;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) next[i] = theta[i] + step * dir[i];
      nextValue = f(next, nextGrad);
      if (Number.isFinite(nextValue) && nextGrad.every(Number.isFinite)) {
        if (nextValue <= value + 1e-4 * step * slope) break;
        // Near the optimum the decrease is below the value's rounding noise and the Armijo test cannot
        // see it: a step there counts when the gradient shrinks (else halving wastes tens of evaluations).
        if (Math.abs(nextValue - value) <= NOISE * Math.abs(value) && maxAbs(nextGrad) < maxAbs(grad)) break;
      }
      nextValue = NaN;
      step /= 2;
      // A pause point between evaluations: near the optimum one iteration's line search can take tens.
      yield it - 1;
    }
    // No decrease found along a descent direction: at the limit of double precision, or lost.
    if (Number.isNaN(nextValue)) return result(it, maxAbs(grad) < opts.gradTol * 1e3);
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = next[i] - theta[i];
      y[i] = nextGrad[i] - grad[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (first) {
        const scale = sy / dot(y, y);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        first = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const Hy = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Hy[i] += H[i * n + j] * y[j];
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
        }
      }
    }
    const unchanged = value - nextValue <= 1e-15 * Math.abs(value);
    theta = next;
    grad = nextGrad;
    value = nextValue;
    if (unchanged && maxAbs(grad) < opts.gradTol * 1e3) return result(it, true);
    // Far from a stationary point yet no decrease: the line search only finds steps too small to change
    // the value (e.g. along a ridge to infinity, where the log-likelihood is flat to rounding). More
    // iterations would each cost tens of evaluations for nothing.
    stalled = unchanged ? stalled + 1 : 0;
    if (stalled >= STALLED) return result(it, false);
  }
  return result(opts.maxIterations, maxAbs(grad) < opts.gradTol);
}
