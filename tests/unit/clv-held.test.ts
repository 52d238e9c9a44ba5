// The page's predictions computed in JavaScript (src/engine/live/predicted.ts) are the doubles SQL reads
// back from tb_clv: heldValue(v) is Number of the export's text of v, and DuckDB's CAST of the stored
// DECIMAL(38,9) to DOUBLE; the cell's top customers are the largest values, ties by idx.
import { describe, expect, test } from 'vitest';
import { formatPredicted, predictClv, type ClvFitted, type ClvHorizon } from '../../src/engine/clv/api';
import { topIndices } from '../../src/engine/clv/panel';
import { heldValue, predictedColumnInto } from '../../src/engine/live/predicted';
import { openNodeDb } from '../../src/node/duckdb';
import { writeValuesAsPredictions } from './helpers/clv-parts';
import { prng as mulberry32 } from '../reference/clv';

const CASES: [string, number][] = [
  ['zero', 0], ['a half-way nano rounds away from zero', 0.0000000005], ['just below half a nano', 0.00000000049999999],
  ['a carry into the whole part', 2.9999999995], ['a negative value', -123.4567890125], ['P(alive) one', 1],
  ['just under 2^53 nanos', 9_007_199.254740991], ['just over 2^53 nanos (the text path)', 9_007_199.254740993],
  ['ten million', 1e7 + 0.123456789], ['a large lifetime value', 123_456_789.987654321], ['1e20', 1e20], ['a tiny value', 1e-12],
];

describe('heldValue(v) is the export\'s text of v read back as a double', () => {
  test.each(CASES)('%s', (_, v) => {
    expect(heldValue(v)).toBe(Number(formatPredicted(v)));
  });
  test('20,000 seeded values over twelve orders of magnitude, both signs', () => {
    const rnd = mulberry32(17);
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = (rnd() < 0.1 ? -1 : 1) * rnd() * 10 ** Math.floor(rnd() * 12 - 3);
      if (heldValue(v) !== Number(formatPredicted(v))) bad.push(String(v));
    }
    expect(bad).toEqual([]);
  });
  test('values a hair either side of a half nano, at every magnitude the fast path takes (and past it)', () => {
    const rnd = mulberry32(23);
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const whole = Math.floor(rnd() * 10 ** Math.floor(rnd() * 8));
      const half = whole + (Math.floor(rnd() * 1e9) + 0.5) / 1e9;
      for (const v of [half, nextAfter(half, Infinity), nextAfter(half, -Infinity), -half, 8_999_999.9999999995, 9_000_000.0000000005]) {
        if (heldValue(v) !== Number(formatPredicted(v))) bad.push(String(v));
      }
    }
    expect(bad).toEqual([]);
  });
  test('and DuckDB\'s CAST of the stored DECIMAL(38,9) to DOUBLE gives the same doubles', async () => {
    const rnd = mulberry32(5);
    const values = Float64Array.from([...CASES.map(([, v]) => v).filter((v) => Math.abs(v) < 1e19), ...Array.from({ length: 5000 }, () => rnd() * 10 ** Math.floor(rnd() * 9 - 2))]);
    const db = await openNodeDb();
    try {
      await writeValuesAsPredictions(db, values);
      const got = Array.from((await db.columns(`SELECT CAST(predicted_clv AS DOUBLE) AS v FROM tb_clv ORDER BY idx`)).v);
      expect(got).toEqual(Array.from(values, heldValue));
    } finally {
      db.close();
    }
  });
});

describe('the live column holds heldValue of every buyer\'s prediction (predictedColumnInto\'s own fast path)', () => {
  // CDNOW's published parameters in days; order values from ordinary to huge (predictions of 9e6 and over
  // take heldValue's exact path) and negative (returns outweighing purchases); every other customer a prospect.
  const fit: ClvFitted = {
    ok: true, bgnbd: { r: 0.2425945, alpha: 4.4136019 * 7, a: 0.7929199, b: 2.4258881 }, gammaGamma: { p: 6.2488, q: 3.7446, v: 15.4477 },
    logLik: { bgnbd: 0, gammaGamma: 0 }, buyers: 0, repeatBuyers: 0, ms: 0,
  };
  test.each<[string, ClvHorizon]>([
    ['a year, no discount', { horizonDays: 365, annualDiscount: 0 }],
    ['two years at 10% a year', { horizonDays: 730, annualDiscount: 0.1 }],
  ])('4,000 seeded buyers, %s', (_, horizon) => {
    const rnd = mulberry32(31);
    const n = 4000;
    const x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n), mx = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      T[i] = 1 + Math.floor(rnd() * 1000);
      x[i] = Math.floor(rnd() * 20);
      tx[i] = x[i] ? Math.floor(rnd() * T[i]) : 0;
      const kind = rnd();
      mx[i] = !x[i] ? NaN : kind < 0.1 ? 1e6 + rnd() * 1e9 : kind < 0.15 ? -rnd() * 50 : 1 + rnd() * 500;
    }
    const idx = Int32Array.from({ length: n }, (_, i) => 2 * i + 1);
    const purchases = new Int32Array(2 * n + 1);
    idx.forEach((c, i) => { purchases[c] = x[i] + 1; });
    const model = { fit, idx, inputs: { x, tx, T, mx }, written: null };
    const { column, buyers } = predictedColumnInto(model, new Float64Array(2 * n + 1), horizon, purchases);
    const predicted = predictClv(fit, model.inputs, horizon).predictedClv;
    const want = new Float64Array(2 * n + 1).fill(NaN);
    idx.forEach((c, i) => { if (Number.isFinite(predicted[i])) want[c] = heldValue(predicted[i]); });
    expect(Array.from(column)).toEqual(Array.from(want));
    expect(buyers).toBe(Array.from(predicted).filter(Number.isFinite).length);
    // Both of the pass's paths were taken.
    expect(Array.from(predicted).filter((v) => v >= 9e6).length).toBeGreaterThan(100);
    expect(Array.from(predicted).filter((v) => v < 0).length).toBeGreaterThan(100);
    expect(Array.from(predicted).filter((v) => v >= 0 && v < 9e6).length).toBeGreaterThan(3000);
  });
});

/** The adjacent double towards `to`. */
function nextAfter(x: number, to: number): number {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] += (to > x) === (x >= 0) ? 1n : -1n;
  return b[0];
}

describe('topIndices: the k largest values, ties by idx, NaN and filtered-out rows never', () => {
  const reference = (values: number[], k: number, keep?: Uint8Array) =>
    values.map((_, i) => i).filter((i) => !Number.isNaN(values[i]) && (!keep || keep[i])).sort((a, b) => values[b] - values[a] || a - b).slice(0, k);
  test.each([
    ['fewer values than k', [3, 1, 2], 10],
    ['ties keep idx order', [5, 7, 7, 1, 7, 5], 4],
    ['NaN is never shown', [NaN, 2, NaN, 9, -1], 3],
    ['k of zero', [1, 2], 0],
    ['negative values', [-5, -1, -3], 2],
  ] as [string, number[], number][])('%s', (_, values, k) => {
    expect(topIndices(values, k)).toEqual(reference(values, k));
  });
  test('10,000 seeded columns with repeats, NaN and a filter', () => {
    const rnd = mulberry32(3);
    for (let run = 0; run < 200; run++) {
      const n = Math.floor(rnd() * 60);
      const values = Array.from({ length: n }, () => (rnd() < 0.1 ? NaN : Math.floor(rnd() * 8)));
      const keep = rnd() < 0.5 ? Uint8Array.from(values, () => (rnd() < 0.7 ? 1 : 0)) : undefined;
      const k = Math.floor(rnd() * 12);
      expect(topIndices(values, k, keep)).toEqual(reference(values, k, keep));
    }
  });
});
