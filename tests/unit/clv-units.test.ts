// tb_clv holds exactly the export's predicted numbers (SPEC §6): each double rounded half away from zero
// to 9 places, as formatPredicted writes it. The predictions reach DuckDB as integer parts (clv/units.ts)
// and become DECIMAL(38,9) in SQL; here adversarial doubles go through every loader and come back as text.
import { describe, expect, test } from 'vitest';
import { formatPredicted } from '../../src/engine/clv/api';
import { nanoParts } from '../../src/engine/clv/units';
import type { Db } from '../../src/engine/db';
import { writeValuesAsPredictions } from './helpers/clv-parts';
import { AS_OF_TABLES } from '../../src/engine/sql/tables';
import { plainUnits, units } from '../../src/engine/time/decimal';
import { openNodeDb } from '../../src/node/duckdb';
import { openWasmDb } from './helpers/wasm-db';

/** A seeded generator, so a failure names the same value every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const ADVERSARIAL: [string, number][] = [
  ['zero', 0],
  ['negative zero', -0],
  ['exactly half at the 10th place (1/1024 = 0.0009765625): away from zero', 1 / 1024],
  ['the same, negative', -1 / 1024],
  ['an odd multiple of 1/1024 with a whole part', 12345 + 3 / 1024],
  ['1023/1024 = 0.9990234375', 1023 / 1024],
  ['eleven places ending in 125: below half', 2 ** -11],
  ['1e-10: rounds to 0', 1e-10],
  ['4.9999999999e-10: rounds to 0', 4.9999999999e-10],
  ['5e-10 (its double is just above): rounds to 1e-9', 5e-10],
  ['the smallest subnormal', 5e-324],
  ['0.9999999995: carries into the whole part', 0.9999999995],
  ['0.99999999949999', 0.99999999949999],
  ['1 − 2⁻⁵³: carries to 1', 1 - 2 ** -53],
  ['999999999.9999999995: carries', 999999999.9999999995],
  ['1.0000000005 (just below half in binary)', 1.0000000005],
  ['2.0000000005', 2.0000000005],
  ['0.1 + 0.2', 0.1 + 0.2],
  ['123.456', 123.456],
  ['near 2⁵³/1e9: 9007199.254740991', 9007199.254740991],
  ['near 2⁵³/1e9: 9007199.254740992', 9007199.254740992],
  ['near 2⁵³/1e9: 9007199.2547409925', 9007199.2547409925],
  ['2⁵³/1e9 computed', 2 ** 53 / 1e9],
  ['just past it: 9007199.254740993', 9007199.254740993],
  ['16777216.0000000005', 16777216.0000000005],
  ['2⁵³', 2 ** 53],
  ['2⁵³ + 2', 2 ** 53 + 2],
  ['2⁶³', 2 ** 63],
  ['1e20 (formatPredicted writes it as a whole number)', 1e20],
  ['1.5e20', 1.5e20],
  ['123456789012345678901234 (1.2e23)', 123456789012345678901234],
  ['9.9e28, near DECIMAL(38,9)\'s limit', 9.9e28],
  ['−7.5e-10', -7.5e-10],
  ['−123456.7890123455', -123456.7890123455],
];

/** Seeded values across magnitudes, and doubles next to m.5e-9 (where a rounding slip would show). */
function randomValues(n: number): number[] {
  const r = lcg(16);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const mag = 10 ** Math.floor(r() * 26 - 12);
    out.push(r() * mag);
    const m = Math.floor(r() * 1e12);
    out.push((m + 0.5) / 1e9);
  }
  return out;
}

describe('nanoParts: the export\'s rounding as integers', () => {
  test.each(ADVERSARIAL)('%s', (_, v) => {
    const { whole, nano } = nanoParts(v);
    expect(Number.isInteger(whole) && Number.isInteger(nano) && Math.abs(nano) < 1e9).toBe(true);
    expect(plainUnits(BigInt(whole) * 1_000_000_000n + BigInt(nano))).toBe(formatPredicted(v));
  });
  test('100,000 seeded values agree with formatPredicted', () => {
    const wrong = randomValues(50_000).filter((v) => {
      const { whole, nano } = nanoParts(v);
      return plainUnits(BigInt(whole) * 1_000_000_000n + BigInt(nano)) !== formatPredicted(v);
    });
    expect(wrong).toEqual([]);
  });
});

describe('tb_clv holds formatPredicted(v) exactly, through each loader', () => {
  const values = [...ADVERSARIAL.map(([, v]) => v), NaN, Infinity, ...randomValues(5_000)];
  const expected = values.map((v) => (Number.isFinite(v) ? formatPredicted(v) : null));
  async function check(db: Db): Promise<void> {
    // The same values in all four columns, as writePredictions writes them.
    await writeValuesAsPredictions(db, values);
    const rows = await db.rows<Record<string, string | null>>(
      `SELECT CAST(p_alive AS VARCHAR) AS a, CAST(expected_purchases AS VARCHAR) AS b, CAST(expected_order_value AS VARCHAR) AS c, CAST(predicted_clv AS VARCHAR) AS d, typeof(predicted_clv) AS t FROM ${AS_OF_TABLES.clv} ORDER BY idx`);
    const plain = (t: string | null) => (t === null ? null : plainUnits(units(t)));
    expect(rows.map((r) => r.t)).toEqual(values.map(() => 'DECIMAL(38,9)'));
    for (const k of ['a', 'b', 'c', 'd']) {
      const got = rows.map((r) => plain(r[k]));
      const diff = got.flatMap((g, i) => (g === expected[i] ? [] : [`${values[i]}: ${g} ≠ ${expected[i]}`]));
      expect(diff).toEqual([]);
    }
  }
  test('native (the appender)', async () => {
    const db = await openNodeDb();
    try { await check(db); } finally { db.close(); }
  });
  test('the worker\'s DuckDB-WASM (a registered CSV buffer)', async () => {
    await check(await openWasmDb());
  });
  test('a Db without a bulk load (INSERT batches)', async () => {
    const db = await openNodeDb();
    try { await check({ exec: (s) => db.exec(s), rows: (s) => db.rows(s) }); } finally { db.close(); }
  });
});
