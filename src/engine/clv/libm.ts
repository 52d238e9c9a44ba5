// The elementary functions of the fit and the predictions, in plain JavaScript arithmetic (stdlib's ports of
// FreeBSD's msun). Math.exp, log, log1p, expm1 and pow are not the same in every engine: Chromium's and
// Node's differ in the last bit on most arguments (measured), so the page's and the command line's fits
// ended ~1e-8 apart and their exports differed. These give the same bits everywhere.
export { default as exp } from '@stdlib/math-base-special-exp';
export { default as ln } from '@stdlib/math-base-special-ln';
export { default as log1p } from '@stdlib/math-base-special-log1p';
export { default as expm1 } from '@stdlib/math-base-special-expm1';
