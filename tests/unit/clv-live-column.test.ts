// The live predicted_clv column is re-predicted when something reads it, not on every horizon move: under
// value tiers by another metric a horizon move answers without the pass over every buyer (src/engine/session.ts
// `relabel`). Every reader must then see the horizon in force, as a session loaded at that horizon does.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Mapping } from '../../src/engine/mapping';
import type { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openSession } from './harness';
import { loadCdnow } from './helpers/cdnow';
import { predictedColumnSql } from '../../src/engine/live/columns';

const CONFIG = { version: 1, asOf: '1997-10-01' };
const AT_90 = { ...CONFIG, clv: { horizonDays: 90, annualDiscount: 0.1 } };
const BY_CLV = { metric: 'predicted_clv' };

interface Opened { db: NodeDb; session: Session; mapping: Mapping }
async function loaded(config: object): Promise<Opened> {
  const db = await openNodeDb();
  const mapping = await loadCdnow(db);
  const session = await openSession(db);
  const r = await session.load(mapping, config);
  if (!r.ok) throw new Error(r.error);
  return { db, session, mapping };
}

const byClvList = (s: Session) => s.customers({ cell: [], search: '', sort: 'predicted_clv', descending: true, limit: 25 });

describe('a horizon move under value tiers by monetary, then each reader of the predictions (CDNOW, as_of 1997-10-01)', () => {
  let moved: Opened; // loaded at 365 days, then moved to 90 days at a 10% discount
  let fresh: Opened; // loaded at 90 days at a 10% discount
  beforeAll(async () => {
    moved = await loaded(CONFIG);
    fresh = await loaded(AT_90);
  });
  afterAll(() => {
    moved.db.close();
    fresh.db.close();
  });

  test('the move answers with the same labels and counts (value tiers by monetary do not read predictions)', async () => {
    const before = moved.session.relabel();
    const r = await moved.session.apply(AT_90);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary.counts).toEqual(before.counts);
    expect(r.summary.counts).toEqual(fresh.session.relabel().counts);
  });

  test('…and re-predicts nothing: the column still holds what its last reader left (the pass is for readers)', async () => {
    await moved.session.apply(CONFIG);
    await moved.session.predictions.panel(); // read at 365 days
    const held = Float64Array.from(moved.session.loaded!.cols.predicted_clv);
    await moved.session.apply(AT_90);
    expect(Float64Array.from(moved.session.loaded!.cols.predicted_clv)).toEqual(held);
  });

  test('a config pinned with value tiers by predicted_clv after the move is cut on the 90-day predictions', async () => {
    await moved.session.apply(CONFIG);
    await moved.session.predictions.panel(); // the column left at 365 days
    await moved.session.apply(AT_90);
    const a = moved.session.pin({ ...AT_90, value: BY_CLV });
    const b = fresh.session.pin({ ...AT_90, value: BY_CLV });
    moved.session.pin(null);
    fresh.session.pin(null);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.summary.pinnedMovement!.frameworks!.value).toEqual(b.summary.pinnedMovement!.frameworks!.value);
  });

  test('an export after the move writes tb_clv at 90 days, and the live column holds exactly what tb_clv holds', async () => {
    await moved.session.apply(CONFIG);
    await moved.session.predictions.panel(); // the column left at 365 days
    await moved.session.apply(AT_90);
    const lines = await moved.session.exportLines();
    expect(lines).toEqual(await fresh.session.exportLines());
    const read = Float64Array.from((await moved.db.columns(predictedColumnSql())).predicted_clv as ArrayLike<number>);
    expect(Float64Array.from(moved.session.loaded!.cols.predicted_clv)).toEqual(read);
  });

  test('the Predicted value cell shows the 90-day predictions: distribution and top ten as loaded at 90 days', async () => {
    const [a, b] = [await moved.session.predictions.panel(), await fresh.session.predictions.panel()];
    expect(a.distribution).toEqual(b.distribution);
    expect(a.top).toEqual(b.top);
  });

  test('a customer list sorted by predicted CLV is in the 90-day order, its values descending', async () => {
    await moved.session.apply(CONFIG);
    await moved.session.predictions.panel(); // the column read at 365 days
    await moved.session.apply(AT_90); // and moved to 90, with no reader in between
    const [a, b] = [await byClvList(moved.session), await byClvList(fresh.session)];
    expect(a.rows).toEqual(b.rows);
    const at = a.columns.indexOf('predicted_clv');
    const shown = a.rows.map((r) => r[at] as number);
    expect(shown).toEqual([...shown].sort((x, y) => y - x));
  });

  test('value tiers switched to predicted_clv after the move are cut on the 90-day predictions', async () => {
    await moved.session.apply(CONFIG);
    await moved.session.predictions.panel();
    await moved.session.apply(AT_90);
    const r = await moved.session.apply({ ...AT_90, value: BY_CLV });
    const f = await fresh.session.apply({ ...AT_90, value: BY_CLV });
    expect(r.ok && f.ok).toBe(true);
    if (!r.ok || !f.ok) return;
    expect(r.summary.value).toEqual(f.summary.value);
    expect(r.summary.counts.value).toEqual(f.summary.counts.value);
    expect(r.summary.matrix).toEqual(f.summary.matrix);
    // And the cut itself differs from the 365-day one: the case would pass with a stale column otherwise.
    const at365 = await moved.session.apply({ ...CONFIG, value: BY_CLV });
    expect(at365.ok && at365.summary.value.highCut).not.toBe(r.summary.value.highCut);
    await fresh.session.apply(AT_90);
  });
});
