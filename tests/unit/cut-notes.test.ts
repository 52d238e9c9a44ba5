// SPEC §4 rfm, "ties and skew are said, not hidden": which scores no buyer can hold, which cuts tie and
// how many buyers sit on them, and the value-tier shares obtained next to those asked. Case by case on
// native DuckDB through the session; the buyers per score must also be the export's own r, f, m counts.
import { describe, expect, test } from 'vitest';
import type { ScoreCuts, ValueShares } from '../../src/engine/live/cut-notes';
import { run, type Row } from './harness';

/** One buyer per value of `purchases` (one order a day, 10 each) and `recency` (days before as_of 2024-06-01). */
function buyers(spec: { id: string; purchases?: number; recency?: number; amount?: number }[]): Row[] {
  const rows: Row[] = [];
  const asOf = Date.UTC(2024, 5, 1);
  for (const b of spec) {
    const last = (b.recency ?? 1);
    for (let k = 0; k < (b.purchases ?? 1); k++) {
      const day = new Date(asOf - (last + k) * 86_400_000).toISOString().slice(0, 10);
      rows.push({ customer_id: b.id, order_date: day, amount: String(k === 0 ? (b.amount ?? 10) : 10) });
    }
  }
  return rows;
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i).padStart(2, '0')}`);

interface Case {
  name: string;
  orders: Row[];
  config?: object;
  /** Expected notes per score (only the keys given are compared). */
  scores?: Partial<Record<'r' | 'f' | 'm', Partial<ScoreCuts>>>;
  value?: Partial<ValueShares> | null;
}

const cases: Case[] = [
  {
    name: 'most buyers bought once: F cuts 1 · 1 · 1.4 · 3.4, F = 2 and F = 3 cannot occur, 60% bought once',
    // purchases 1,1,1,1,1,1,2,3,5,8: quintile positions 1.8, 3.6, 5.4, 7.2
    orders: buyers(ids(10).map((id, i) => ({ id, purchases: [1, 1, 1, 1, 1, 1, 2, 3, 5, 8][i], recency: i + 1 }))),
    config: { asOf: '2024-06-01' },
    scores: {
      f: { metric: 'purchases', source: 'quintiles', levels: [0.2, 0.4, 0.6, 0.8], cuts: [1, 1, 1.4, 3.4], buyers: [6, 0, 0, 2, 2], empty: [2, 3], ties: [{ value: 1, cuts: [1, 2], buyers: 6, share: 0.6 }] },
      r: { metric: 'recency_days', cuts: [2.8, 4.6, 6.4, 8.2], buyers: [2, 2, 2, 2, 2], empty: [], ties: [] },
    },
  },
  {
    name: 'half the buyers last bought 5 days ago: R cuts 5 · 5 · 6.4 · 8.2, R = 5 and R = 4 cannot occur; everyone bought once',
    orders: buyers(ids(10).map((id, i) => ({ id, recency: [5, 5, 5, 5, 5, 6, 7, 8, 9, 10][i] }))),
    config: { asOf: '2024-06-01' },
    scores: {
      r: { cuts: [5, 5, 6.4, 8.2], buyers: [2, 2, 6, 0, 0], empty: [4, 5], ties: [{ value: 5, cuts: [1, 2], buyers: 5, share: 0.5 }] },
      f: { cuts: [1, 1, 1, 1], buyers: [10, 0, 0, 0, 0], empty: [2, 3, 4, 5], ties: [{ value: 1, cuts: [1, 2, 3, 4], buyers: 10, share: 1 }] },
    },
  },
  {
    name: 'explicit cuts above every buyer: M = 4 and M = 5 hold no buyer, no quantile levels',
    orders: buyers(ids(4).map((id, i) => ({ id, amount: [10, 20, 30, 40][i] }))),
    config: { asOf: '2024-06-01', rfm: { cuts: { r: [1, 2, 3, 4], f: [1, 2, 3, 4], m: [15, 25, 100, 200] } } },
    scores: { m: { source: 'explicit', levels: null, cuts: [15, 25, 100, 200], buyers: [1, 1, 2, 0, 0], empty: [4, 5], ties: [] } },
  },
  {
    name: 'value tiers without ties: asked 20% / 30%, got 20% / 30% of 10 buyers',
    orders: buyers(ids(10).map((id, i) => ({ id, amount: (i + 1) * 10 }))),
    config: { asOf: '2024-06-01' },
    value: { base: 10, asked: { high: 0.2, mid: 0.3 }, got: { high: 0.2, mid: 0.3 }, tiedAtCut: { high: false, mid: false } },
  },
  {
    name: 'value tiers with ties at both cuts: asked 20% / 30%, got 30% / 70%',
    orders: buyers(ids(10).map((id, i) => ({ id, amount: [10, 10, 10, 10, 10, 10, 10, 50, 50, 100][i] }))),
    config: { asOf: '2024-06-01' },
    value: { base: 10, got: { high: 0.3, mid: 0.7 }, tiedAtCut: { high: true, mid: true } },
  },
  {
    name: 'value shares are over buyers with a value: a prospect is not in the base',
    orders: [...buyers(ids(5).map((id, i) => ({ id, amount: (i + 1) * 10 }))), { customer_id: 'p', order_date: '2024-05-01', amount: '-5' }],
    config: { asOf: '2024-06-01', value: { high: 0.4, mid: 0.2 } },
    value: { base: 5, asked: { high: 0.4, mid: 0.2 }, got: { high: 0.4, mid: 0.2 } },
  },
  {
    name: 'absolute mode asks for no share: nothing to compare',
    orders: buyers(ids(3).map((id, i) => ({ id, amount: (i + 1) * 10 }))),
    config: { asOf: '2024-06-01', value: { mode: 'absolute', high: 25, mid: 15 } },
    value: null,
  },
];

describe('cut notes, case by case', () => {
  test.each(cases)('$name', async (c) => {
    const r = await run({ orders: c.orders }, c.config);
    const s = r.session.relabel();
    for (const [score, want] of Object.entries(c.scores ?? {})) {
      const got = s.rfmScores.find((x) => x.score === score)!;
      for (const [k, v] of Object.entries(want)) if (v !== undefined) expect(got[k as keyof ScoreCuts], `${score}.${k}`).toEqual(v);
    }
    // Buyers per score are exactly the export's scores, for every score of every case.
    for (const sc of s.rfmScores) {
      const fromExport = [1, 2, 3, 4, 5].map((k) => r.rows.filter((x) => x[sc.score] === String(k)).length);
      expect(sc.buyers, `${sc.score} buyers per score = export`).toEqual(fromExport);
    }
    if (c.value === null) expect(s.valueShares).toBeNull();
    else if (c.value) {
      expect(s.valueShares).toMatchObject(c.value);
      // The shares obtained are the export's tiers over the buyers with a value.
      const n = s.valueShares!.base;
      expect(s.valueShares!.got.high).toBeCloseTo(r.rows.filter((x) => x.value === 'high').length / n, 12);
      expect(s.valueShares!.got.mid).toBeCloseTo(r.rows.filter((x) => x.value === 'mid').length / n, 12);
    }
  });
});
