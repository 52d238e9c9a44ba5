// Why a fit was refused (SPEC §3a), as numbers: the page says it in the reader's language (i18n `clv.why`);
// `refusalDetail` is the English sentence: with plain digits, what the command line prints and the export
// bundle keeps; with the page's counts, the English page's.
export type ClvModelName = 'BG/NBD' | 'Gamma-Gamma';

export type RefusalWhy =
  | { kind: 'too_few_repeat_buyers'; repeatBuyers: number; needed: number }
  | { kind: 'not_finite'; model: ClvModelName }
  | { kind: 'ran_off'; model: ClvModelName; parameter: string; value: number; iterations: number }
  | { kind: 'not_converged'; model: ClvModelName; iterations: number; gradient: number }
  | { kind: 'q_not_above_one'; q: number };


/** How each kind writes its non-count numbers, in every language: the same digits everywhere. */
export const refusalNumber = {
  value: (v: number) => v.toExponential(2),
  gradient: (v: number) => v.toExponential(2),
  q: (v: number) => v.toPrecision(4),
};

/** The refusal in English; `n` writes a count (plain digits unless the page passes its own). */
export function refusalDetail(w: RefusalWhy, n: (v: number) => string = String): string {
  const plural = (k: number, word: string) => `${n(k)} ${word}${k === 1 ? '' : 's'}`;
  switch (w.kind) {
    case 'too_few_repeat_buyers':
      return `${plural(w.repeatBuyers, 'buyer')} with repeat purchases; at least ${n(w.needed)} are needed`;
    case 'not_finite':
      return `the ${w.model} log-likelihood is not finite at the starting point`;
    case 'ran_off':
      return `${w.model} has no finite maximum: ${w.parameter} ran off to ${refusalNumber.value(w.value)} after ${plural(w.iterations, 'iteration')}`;
    case 'not_converged':
      return `${w.model} did not converge after ${plural(w.iterations, 'iteration')} (largest gradient ${refusalNumber.gradient(w.gradient)} per buyer)`;
    case 'q_not_above_one':
      return `Gamma-Gamma q = ${refusalNumber.q(w.q)} is not above 1, so the mean order value is not finite`;
  }
}
