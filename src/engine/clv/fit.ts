// Maximum-likelihood fits of BG/NBD and Gamma-Gamma over grouped inputs, or the SPEC's refusal (§3a).
import type { BgNbdParams, ClvFit, ClvInputs, ClvRefusal, FitProgress, GammaGammaParams } from './api';
import { minimiseSteps, type MinimiseResult } from './bfgs';
import { bgnbdLogLik } from './bgnbd';
import { gammaGammaLogLik } from './gammagamma';
import { groupRowsSteps, type Groups } from './group';
import { groupRepeatBuyersSteps } from './group-repeat';
import { pausesAs, toEnd } from './steps';
import { exp, ln } from './libm';
import { refusalDetail, type ClvModelName, type RefusalWhy } from './refusal';

export const MIN_REPEAT_BUYERS = 20;

/**
 * The optimiser works on log-parameters (every parameter is > 0) and on the mean log-likelihood per buyer,
 * so the tolerance does not depend on the number of customers. Starting points scale with the data's
 * units (α with time, v with money), which makes the fit unit-free: the same data in weeks or in days
 * takes the same path and gives α × 7 (SPEC §3a).
 */
export const FIT_OPTIONS = { gradTol: 1e-9, maxIterations: 500, maxStep: 3 };
/** A log-parameter this far from its start means the likelihood has no interior maximum (e.g. no spread). */
const RUNAWAY = 30;

/**
 * A log-parameter this far from its start, in a minimisation that stopped short of converging, says why it
 * stopped: the likelihood rises towards a limit at infinity (the minimiser stalls on the flat ridge there).
 */
const STALLED_FAR = 10;

const PARAMETERS = { 'BG/NBD': ['r', 'alpha', 'a', 'b'], 'Gamma-Gamma': ['p', 'q', 'v'] } as const;

export interface FitOptions {
  /** Start each model from a fit on a subsample of its groups (default); false: from the fixed start only. */
  warmStart?: boolean;
}


/** Maximum-likelihood fits of both models, all at once. */
export function fitClv(inputs: ClvInputs, options: FitOptions = {}): ClvFit {
  return toEnd(fitSteps(inputs, options));
}

/**
 * Groups in a warm start's subsample, about: a fit over this many groups costs a few milliseconds and lands
 * close enough to the full optimum that the polish on all groups takes a handful of iterations.
 */
export const WARM_GROUPS = 4096;

/**
 * Every k-th group in the sorted group order (k so that about WARM_GROUPS remain), or null when there are
 * too few groups for a subsample to save anything. Sorted order does not depend on row order, so neither
 * does the subsample, nor the fit.
 */
export function subsample(g: Groups): { groups: Groups; buyers: number } | null {
  const k = Math.floor(g.count.length / WARM_GROUPS);
  if (k < 4) return null;
  const m = Math.ceil(g.count.length / k);
  const count = new Float64Array(m);
  const ofs = g.cols.map(() => new Uint32Array(m));
  let buyers = 0;
  for (let j = 0, i = 0; j < m; j++, i += k) {
    count[j] = g.count[i];
    buyers += g.count[i];
    for (let c = 0; c < 3; c++) ofs[c][j] = g.cols[c].of[i];
  }
  const cols = g.cols.map((c, i) => ({ values: c.values, of: ofs[i] })) as Groups['cols'];
  return { groups: { cols, count, groupOf: new Int32Array(0) }, buyers };
}

/**
 * Minimise the mean negative log-likelihood per buyer over `g`: first over a subsample of its groups
 * (a deterministic warm start: its optimum and inverse Hessian), then over all groups from there. The
 * warm start only changes the path: the result is the full data's optimum to the same tolerance. Should
 * the subsample's fit fail, the full fit starts from `start` as without one.
 */
function* fitModel(
  model: FitProgress['model'],
  logLik: (theta: Float64Array, g: Groups, grad: Float64Array) => number,
  g: Groups,
  buyers: number,
  start: Float64Array,
  warmStart: boolean,
): Generator<FitProgress, MinimiseResult> {
  const objective = (d: Groups, n: number) => (t: Float64Array, grad: Float64Array) => {
    const ll = logLik(t, d, grad);
    for (let i = 0; i < grad.length; i++) grad[i] = -grad[i] / n;
    return -ll / n;
  };
  let from = start;
  let hessian: Float64Array | undefined;
  const sub = warmStart ? subsample(g) : null;
  // A pause point after the grouping, before the first iteration.
  yield { model, stage: sub ? 'warm' : 'full', iteration: 0 };
  if (sub) {
    const warm = yield* progress(model, 'warm', minimiseSteps(objective(sub.groups, sub.buyers), start, WARM_OPTIONS));
    if (Number.isFinite(warm.value) && warm.theta.every((t, i) => Math.abs(t - start[i]) <= RUNAWAY)) {
      from = warm.theta;
      hessian = warm.hessian;
    }
  }
  return yield* progress(model, 'full', minimiseSteps(objective(g, buyers), from, FIT_OPTIONS, hessian));
}

function* progress(model: FitProgress['model'], stage: FitProgress['stage'], steps: Generator<number, MinimiseResult>): Generator<FitProgress, MinimiseResult> {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    yield { model, stage, iteration: s.value };
  }
}

/** The warm start stops early: the polish on all groups decides convergence. */
const WARM_OPTIONS = { ...FIT_OPTIONS, gradTol: 1e-6, maxIterations: 200 };

/**
 * The fit as steps: it yields its progress after each optimiser iteration, so a caller can pause there
 * (the worker serves messages between slices) or stop driving it (a cancel), and returns the fit.
 */
export function* fitSteps(inputs: ClvInputs, { warmStart = true }: FitOptions = {}): Generator<FitProgress, ClvFit> {
  let ms = 0;
  let slice = performance.now();
  // Wall time spent fitting, without the pauses between slices.
  const pause = function* <T>(steps: Generator<FitProgress, T>): Generator<FitProgress, T> {
    for (;;) {
      const s = steps.next();
      if (s.done) return s.value;
      ms += performance.now() - slice;
      yield s.value;
      slice = performance.now();
    }
  };
  const n = inputs.x.length;
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) if (inputs.x[i] >= 1) repeatBuyers++;
  const common = () => ({ buyers: n, repeatBuyers, ms: ms + performance.now() - slice });
  const refuse = (reason: ClvRefusal, why: RefusalWhy): ClvFit => ({ ...common(), ok: false, reason, detail: refusalDetail(why), why });
  if (repeatBuyers < MIN_REPEAT_BUYERS) return refuse('too_few_repeat_buyers', { kind: 'too_few_repeat_buyers', repeatBuyers, needed: MIN_REPEAT_BUYERS });

  const d = yield* pause(pausesAs(groupRowsSteps(inputs.x, inputs.tx, inputs.T), { model: 'BG/NBD', stage: 'full', iteration: 0 }));
  let sumX = 0;
  let sumT = 0;
  for (let g = 0; g < d.count.length; g++) {
    sumX += d.count[g] * d.cols[0].values[d.cols[0].of[g]];
    sumT += d.count[g] * d.cols[2].values[d.cols[2].of[g]];
  }
  const bgParams = (t: Float64Array): BgNbdParams => ({ r: exp(t[0]), alpha: exp(t[1]), a: exp(t[2]), b: exp(t[3]) });
  // r = a = b = 1 and α = r / (mean repeat purchase rate).
  const bgStart = Float64Array.of(0, ln(sumT / sumX), 0, 0);
  const bg = yield* pause(fitModel('BG/NBD', (t, g, grad) => bgnbdLogLik(bgParams(t), g, grad), d, n, bgStart, warmStart));
  const bgFail = failure('BG/NBD', bg, bgStart);
  if (bgFail) return refuse('no_convergence', bgFail);

  const s = yield* pause(pausesAs(groupRepeatBuyersSteps(inputs.x, inputs.mx), { model: 'Gamma-Gamma', stage: 'full', iteration: 0 }));
  let sumM = 0;
  for (let g = 0; g < s.count.length; g++) sumM += s.count[g] * s.cols[1].values[s.cols[1].of[g]];
  const ggParams = (t: Float64Array): GammaGammaParams => ({ p: exp(t[0]), q: exp(t[1]), v: exp(t[2]) });
  // p = 1, q = 2 and v so that the population mean order value p v / (q − 1) is the observed mean.
  const ggStart = Float64Array.of(0, ln(2), ln(sumM / repeatBuyers));
  const gg = yield* pause(fitModel('Gamma-Gamma', (t, g, grad) => gammaGammaLogLik(ggParams(t), g, grad), s, repeatBuyers, ggStart, warmStart));
  const ggFail = failure('Gamma-Gamma', gg, ggStart);
  if (ggFail) return refuse('no_convergence', ggFail);
  const gammaGamma = ggParams(gg.theta);
  if (gammaGamma.q <= 1) {
    return refuse('q_not_above_one', { kind: 'q_not_above_one', q: gammaGamma.q });
  }
  const bgnbd = bgParams(bg.theta);
  return {
    ...common(),
    ok: true,
    bgnbd,
    gammaGamma,
    logLik: { bgnbd: -bg.value * n, gammaGamma: -gg.value * repeatBuyers },
  };
}

/** Why a minimisation does not count as a fit, naming the parameter that ran off; null when it does. */
function failure(model: ClvModelName, res: MinimiseResult, start: Float64Array): RefusalWhy | null {
  if (!Number.isFinite(res.value)) return { kind: 'not_finite', model };
  const moved = res.theta.map((t, i) => Math.abs(t - start[i]));
  const far = moved.indexOf(Math.max(...moved));
  if (moved[far] > RUNAWAY || (!res.converged && moved[far] > STALLED_FAR)) {
    return { kind: 'ran_off', model, parameter: PARAMETERS[model][far], value: exp(res.theta[far]), iterations: res.iterations };
  }
  if (!res.converged) return { kind: 'not_converged', model, iterations: res.iterations, gradient: res.gradNorm };
  return null;
}
