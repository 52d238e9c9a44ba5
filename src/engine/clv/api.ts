// Predicted value (SPEC §3a): the contract between the model fitting (pure TypeScript numerics) and the
// engine that feeds it per-customer columns and writes its predictions. Times are in days.
import type { ClvModelName, RefusalWhy } from './refusal';

export type { ClvModelName, RefusalWhy } from './refusal';

/** One entry per buyer (purchases > 0), in customer idx order. */
export interface ClvInputs {
  /** Repeat purchases: purchases − 1. */
  x: ArrayLike<number>;
  /** Days from first_purchase to last_purchase. */
  tx: ArrayLike<number>;
  /** tenure_days: days from first_purchase to as_of. */
  T: ArrayLike<number>;
  /** Mean value of the x purchases other than the first (SPEC §3a); NaN where x = 0. */
  mx: ArrayLike<number>;
}

export interface BgNbdParams { r: number; alpha: number; a: number; b: number }
export interface GammaGammaParams { p: number; q: number; v: number }

export type ClvRefusal = 'too_few_repeat_buyers' | 'q_not_above_one' | 'no_convergence';

interface FitCommon {
  /** Buyers used by BG/NBD, and those with x >= 1 used by Gamma-Gamma. */
  buyers: number;
  repeatBuyers: number;
  /** Wall time of the fit. */
  ms: number;
}
/** Where a running fit is: which model, the subsample's warm start or the polish on all buyers, the iteration. */
export interface FitProgress { model: ClvModelName; stage: 'warm' | 'full'; iteration: number }

export type ClvFit =
  | (FitCommon & { ok: true; bgnbd: BgNbdParams; gammaGamma: GammaGammaParams; logLik: { bgnbd: number; gammaGamma: number } })
  /** `detail`: the English sentence (command line, export bundle); `why`: its numbers, for the page's languages. */
  | (FitCommon & { ok: false; reason: ClvRefusal; detail: string; why?: RefusalWhy })
  /** Not fitted yet: the page's session fits after the load has answered (docs/clv.md); never exported. */
  | (FitCommon & { ok: false; reason: 'fitting'; detail: string; progress: FitProgress | null });
export type ClvFitted = Extract<ClvFit, { ok: true }>;

export interface ClvHorizon { horizonDays: number; annualDiscount: number }

/** Per input row, SPEC §3a's four numbers (unrounded). */
export interface ClvPredictions {
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedOrderValue: Float64Array;
  predictedClv: Float64Array;
}

/** Holdout check rows (SPEC §3a): buckets '0'…'6', '7+', then 'all'; actual and predicted are totals over the bucket. */
export interface HoldoutRow { bucket: string; customers: number; actual: number; predicted: number }

/** Maximum-likelihood fits of BG/NBD and Gamma-Gamma, or the SPEC's refusal. */
export { fitClv, fitSteps } from './fit';

/** The four per-customer predictions at a horizon and discount, from a fit (no refit). */
export { predictClv } from './predict';

/** A predicted number as the export writes it (SPEC §6): half away from zero to at most 9 places, plain. */
export { formatPredicted } from './format';

/**
 * The holdout check: a fit made at the holdout date D over the buyers at D, their actual purchases in
 * [D, as_of), and the window's length in days; predicted = E[X(window) | x, t_x, T].
 */
export { holdoutRows } from './predict';

/** E[X(t)] of a new customer (FHL 2005 eq. 9), P(alive), and 2F1, for views and checks. */
export { expectedPurchasesNew, pAlive } from './bgnbd';
export { hyp2f1 } from './hyp2f1';
