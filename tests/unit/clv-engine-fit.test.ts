// Predicted value with the real fit (SPEC §3a, §6) on the CDNOW sample through the Session (the page's
// engine): the export's four columns are the fit's own predictions as the export writes numbers, a horizon
// change re-predicts without refitting, value tiers follow predicted_clv, and the live recount agrees.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fitClv, formatPredicted, predictClv, type ClvFitted } from '../../src/engine/clv/api';
import { readClvInputs } from '../../src/engine/clv-model';
import { clvDistribution } from '../../src/engine/clv/view';
import { predictedColumnSql } from '../../src/engine/live/columns';
import type { Mapping } from '../../src/engine/mapping';
import type { Session } from '../../src/engine/session';
import { AS_OF_TABLES } from '../../src/engine/sql/tables';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { expectLiveAgrees, openSession, parseCsvLine } from './harness';
import { CDNOW, loadCdnow } from './helpers/cdnow';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let db: NodeDb;
let mapping: Mapping;
let session: Session;
const CONFIG = { version: 1, asOf: '1997-10-01' };

beforeAll(async () => {
  db = await openNodeDb();
  mapping = await loadCdnow(db);
  session = await openSession(db);
  const r = await session.load(mapping, CONFIG);
  if (!r.ok) throw new Error(r.error);
});
afterAll(() => db.close());

const table = (lines: string[]) => {
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [header[i], v])));
};
const PREDICTED = ['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv'] as const;

/** What the export must say: the pure fit's predictions over the inputs, formatted; empty for prospects. */
async function expected(horizonDays: number, annualDiscount: number): Promise<string[][]> {
  const { idx, inputs } = await readClvInputs(db, mapping, AS_OF_TABLES);
  const fit = fitClv(inputs) as ClvFitted;
  const p = predictClv(fit, inputs, { horizonDays, annualDiscount });
  const out: string[][] = Array.from({ length: session.loaded!.model.customers }, () => ['', '', '', '']);
  idx.forEach((i, k) => { out[i] = [p.pAlive[k], p.expectedPurchases[k], p.expectedOrderValue[k], p.predictedClv[k]].map(formatPredicted); });
  return out;
}

describe('the CDNOW sample at 1997-10-01 through the session', () => {
  test('the fit is made over the 2,349 buyers (946 repeat buyers) and shown with the horizon', () => {
    const s = session.predictions.summary();
    expect(s).toMatchObject({ ok: true, buyers: 2349, repeatBuyers: 946, horizonDays: 365, annualDiscount: 0 });
    if (!s.ok) return;
    // The published fit is in weeks over T to 1997-09-30; here T runs one day longer, in days (README).
    expect(s.bgnbd.r).toBeCloseTo(0.2426, 1);
    expect(s.gammaGamma.q).toBeGreaterThan(1);
  });

  test('every buyer\'s four columns are the fit\'s predictions as the export writes them; prospects empty', async () => {
    const rows = table(await session.exportLines());
    expect(rows.map((r) => PREDICTED.map((c) => r[c]))).toEqual(await expected(365, 0));
    expect(rows.filter((r) => r.purchases === '0').every((r) => PREDICTED.every((c) => r[c] === ''))).toBe(true);
    expect(rows.filter((r) => r.purchases === '1').every((r) => r.p_alive === '1')).toBe(true);
  });

  test('a horizon and discount change re-predicts without refitting: same fit, p_alive kept, the rest moved', async () => {
    const fit = session.loaded!.model.clv.fit;
    const before = table(await session.exportLines());
    expect((await session.apply({ ...CONFIG, clv: { horizonDays: 90, annualDiscount: 0.1 } })).ok).toBe(true);
    expect(session.loaded!.model.clv.fit).toBe(fit);
    const after = table(await session.exportLines());
    expect(after.map((r) => PREDICTED.map((c) => r[c]))).toEqual(await expected(90, 0.1));
    expect(after.map((r) => r.p_alive)).toEqual(before.map((r) => r.p_alive));
    // Every buyer's expected purchases moved, but those that round to 0 at both horizons.
    const kept = after.filter((r, i) => r.purchases !== '0' && r.expected_purchases === before[i].expected_purchases);
    expect(kept.map((r) => r.expected_purchases)).toEqual(Array(kept.length).fill('0'));
    expect(kept.length).toBeLessThan(10);
    expect(session.predictions.summary()).toMatchObject({ horizonDays: 90, annualDiscount: 0.1 });
    expect((await session.apply(CONFIG)).ok).toBe(true);
  });

  test('value tiers by predicted_clv (share mode): the top 20% and next 30% of buyers by predicted CLV; live agrees', async () => {
    const r = await session.apply({ ...CONFIG, value: { metric: 'predicted_clv' } });
    expect(r.ok).toBe(true);
    const rows = table(await session.exportLines());
    const buyers = rows.filter((x) => x.purchases !== '0');
    const clv = buyers.map((x) => Number(x.predicted_clv)).sort((a, b) => a - b);
    const high = buyers.filter((x) => x.value === 'high');
    // Every high customer's CLV is at least every mid's, every mid's at least every low's.
    const min = (t: string) => Math.min(...buyers.filter((x) => x.value === t).map((x) => Number(x.predicted_clv)));
    const max = (t: string) => Math.max(...buyers.filter((x) => x.value === t).map((x) => Number(x.predicted_clv)));
    expect(min('high')).toBeGreaterThanOrEqual(max('mid'));
    expect(min('mid')).toBeGreaterThanOrEqual(max('low'));
    expect(Math.abs(high.length - 0.2 * buyers.length)).toBeLessThan(5);
    expect(clv[clv.length - 1]).toBe(Math.max(...high.map((x) => Number(x.predicted_clv))));
    expectLiveAgrees(session, rows);
    // A horizon change moves predicted CLV, so the tiers are recounted live from the new column too.
    expect((await session.apply({ ...CONFIG, value: { metric: 'predicted_clv' }, clv: { horizonDays: 30 } })).ok).toBe(true);
    expectLiveAgrees(session, table(await session.exportLines()));
    // Tiers by monetary keep their labels through a horizon move (nothing relabelled); switching back to
    // predicted_clv after it cuts on the column at the new horizon.
    expect((await session.apply({ ...CONFIG, clv: { horizonDays: 3000 } })).ok).toBe(true);
    expectLiveAgrees(session, table(await session.exportLines()));
    expect((await session.apply({ ...CONFIG, value: { metric: 'predicted_clv' }, clv: { horizonDays: 3000 } })).ok).toBe(true);
    expectLiveAgrees(session, table(await session.exportLines()));
    expect((await session.apply(CONFIG)).ok).toBe(true);
  });

  test('the customer list shows the four predicted columns as the export has them, and sorts by each; other data or horizon re-reads them', async () => {
    const rows = table(await session.exportLines());
    const byId = new Map(rows.map((r) => [r.customer_id, r]));
    const cell = [{ framework: 'ladder', label: 'loyal' }];
    const ask = (sort: string, descending: boolean) => session.customers({ cell, search: '', sort: sort as never, descending, limit: 1000 });
    for (const [sort, descending] of [['p_alive', false], ['predicted_clv', true], ['expected_purchases', true], ['expected_order_value', false]] as const) {
      const list = await ask(sort, descending);
      expect(list.columns.slice(-4)).toEqual(['predicted_clv', 'p_alive', 'expected_purchases', 'expected_order_value']);
      const loyal = rows.filter((r) => r.ladder === 'loyal');
      expect(list.total).toBe(loyal.length);
      // Each shown value is the export's (to its 9 decimals), and the page is in the asked order, ties by id.
      const col = list.columns.indexOf(sort);
      for (const row of list.rows) {
        const e = byId.get(row[0] as string)!;
        for (const c of ['predicted_clv', 'p_alive', 'expected_purchases', 'expected_order_value']) expect(row[list.columns.indexOf(c)]).toBeCloseTo(Number(e[c]), 8);
      }
      const want = [...loyal].sort((a, b) => (Number(a[sort]) - Number(b[sort])) * (descending ? -1 : 1) || (a.customer_id < b.customer_id ? -1 : 1));
      expect(list.rows.map((r) => r[0])).toEqual(want.map((r) => r.customer_id));
      expect(list.rows.map((r) => r[col])).not.toEqual(list.rows.map((r) => r[col]).map(() => list.rows[0][col]));
    }
    // Another horizon: the list follows (no value read before it survives).
    const before = (await ask('expected_purchases', true)).rows[0];
    expect((await session.apply({ ...CONFIG, clv: { horizonDays: 30 } })).ok).toBe(true);
    const after = (await ask('expected_purchases', true)).rows[0];
    const at30 = table(await session.exportLines()).find((r) => r.customer_id === after[0])!;
    expect(after[after.length - 2]).toBeCloseTo(Number(at30.expected_purchases), 8);
    expect(after[after.length - 2]).toBeLessThan(before[before.length - 2] as number);
    expect((await session.apply(CONFIG)).ok).toBe(true);
  });

  test('a horizon move predicts the live column in JavaScript: it holds exactly what tb_clv holds once written', async () => {
    for (const clv of [{ horizonDays: 45 }, { horizonDays: 3000, annualDiscount: 0.35 }, {}]) {
      expect((await session.apply({ ...CONFIG, value: { metric: 'predicted_clv' }, clv })).ok).toBe(true);
      const live = Array.from(session.loaded!.cols.predicted_clv);
      await session.predictions.table();
      const written = Array.from((await db.columns(predictedColumnSql())).predicted_clv as Float64Array);
      expect(live).toEqual(written);
      expect(live.filter((v) => !Number.isNaN(v)).length).toBe(2349);
      expectLiveAgrees(session, table(await session.exportLines()));
    }
    expect((await session.apply(CONFIG)).ok).toBe(true);
  });

  test('the Predicted value cell\'s top customers are tb_clv\'s ten largest, with tb_clv\'s numbers, at each horizon (no wait for its write)', async () => {
    // The last case moves as_of: the ids (read once per data) must be the new model's, not the first one's.
    for (const [clv, asOf] of [[{ horizonDays: 45 }], [{ horizonDays: 3000, annualDiscount: 0.35 }], [{}], [{ horizonDays: 200 }, '1997-02-20']] as const) {
      expect((await session.apply({ ...CONFIG, clv, ...(asOf && { asOf }) })).ok).toBe(true);
      await session.predictions.ready();
      const panel = await session.predictions.panel();
      await session.predictions.table();
      const sql = await db.rows<Record<string, unknown>>(`SELECT m.customer_id, m.purchases, CAST(m.monetary AS DOUBLE) AS monetary, CAST(c.p_alive AS DOUBLE) AS p_alive, CAST(c.expected_purchases AS DOUBLE) AS expected_purchases,
        CAST(c.expected_order_value AS DOUBLE) AS expected_order_value, CAST(c.predicted_clv AS DOUBLE) AS predicted_clv
        FROM tb_clv c JOIN tb_metrics m USING (idx) ORDER BY c.predicted_clv DESC, m.customer_id LIMIT 10`);
      expect(panel.top.map((r) => [r.customer_id, r.purchases, r.monetary, ...PREDICTED.map((c) => r[c])])).toEqual(sql.map((r) => [r.customer_id, Number(r.purchases), r.monetary, ...PREDICTED.map((c) => r[c])]));
      // The distribution (drawn from the live column, in idx order) is that of tb_clv's values in idx order.
      const all = (await db.columns(`SELECT CAST(predicted_clv AS DOUBLE) AS v FROM tb_clv WHERE predicted_clv IS NOT NULL ORDER BY idx`)).v as Float64Array;
      expect(panel.distribution).toEqual(clvDistribution(all));
      if (!asOf) expect(panel.distribution.buyers).toBe(2349);
    }
    expect((await session.apply(CONFIG)).ok).toBe(true);
  });

  test('after another file is loaded the top customers carry that file\'s ids (the id column is read once per data)', async () => {
    await session.predictions.panel(); // the first data's ids read and kept
    const dir = mkdtempSync(join(tmpdir(), 'tb-clv-ids-'));
    const other = join(dir, 'renamed.txt');
    // Every customer renamed (a 9 before the id), the orders unchanged.
    writeFileSync(other, readFileSync(CDNOW, 'utf8').replace(/^(\s*\S+\s+)(\S+)/gm, '$19$2'));
    try {
      const r = await session.load(await loadCdnow(db, other), CONFIG);
      if (!r.ok) throw new Error(r.error);
      await session.predictions.ready();
      const panel = await session.predictions.panel();
      const sql = await db.rows<{ customer_id: string }>(`SELECT m.customer_id FROM tb_clv c JOIN tb_metrics m USING (idx) ORDER BY c.predicted_clv DESC, m.customer_id LIMIT 10`);
      expect(panel.top.map((t) => t.customer_id)).toEqual(sql.map((t) => t.customer_id));
      expect(panel.top.every((t) => t.customer_id.startsWith('9'))).toBe(true);
    } finally {
      expect((await session.load(mapping = await loadCdnow(db), CONFIG)).ok).toBe(true);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
