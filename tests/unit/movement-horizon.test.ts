// Movement under value tiers by predicted_clv (SPEC §3a, §4a): each side's tiers are cut on predictions at
// its config's horizon and discount, whatever moved before. A pinned config keeps its own horizon; a
// baseline date follows the config in force, as the export's value_baseline does. Every matrix is held to a
// cross-tabulation of exports made by sessions loaded fresh at each config (SQL, tb_clv), customer by customer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrameworkMovement } from '../../src/engine/live/movement';
import type { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openSession, parseCsvLine } from './harness';
import { loadCdnow } from './helpers/cdnow';

const BY_CLV = { metric: 'predicted_clv' };
const AT_365 = { version: 1, asOf: '1997-10-01', value: BY_CLV };
const AT_90 = { ...AT_365, clv: { horizonDays: 90, annualDiscount: 0.1 } };
const BASELINE = { baselineAsOf: '1997-07-01' };

interface Opened { db: NodeDb; session: Session }
const opened: Opened[] = [];
async function loaded(config: object): Promise<Session> {
  const db = await openNodeDb();
  const mapping = await loadCdnow(db);
  const session = await openSession(db);
  opened.push({ db, session });
  const r = await session.load(mapping, config);
  if (!r.ok) throw new Error(r.error);
  return session;
}
afterAll(() => opened.forEach((o) => o.db.close()));

/** customer_id → the export's column `name`. */
async function column(s: Session, name: string): Promise<Map<string, string>> {
  const [head, ...rows] = (await s.exportLines()).map(parseCsvLine);
  const id = head.indexOf('customer_id'), at = head.indexOf(name);
  expect(at).toBeGreaterThanOrEqual(0);
  return new Map(rows.map((r) => [r[id], r[at]]));
}

/** The matrix as { "from→to": customers }, zero cells left out. */
function cells(m: FrameworkMovement): Record<string, number> {
  const out: Record<string, number> = {};
  m.from.forEach((a, r) => m.to.forEach((b, c) => {
    const n = m.counts[r * m.to.length + c];
    if (n) out[`${a}→${b}`] = n;
  }));
  return out;
}

function crossTab(from: Map<string, string>, to: Map<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, b] of to) {
    const key = `${from.get(id) ?? 'absent'}→${b}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('movement between configs: the pinned config keeps its own horizon (CDNOW)', () => {
  let at365: Map<string, string>;
  let at90: Map<string, string>;
  beforeAll(async () => {
    at365 = await column(await loaded(AT_365), 'value');
    at90 = await column(await loaded(AT_90), 'value');
    // The two horizons must tier someone differently, or these cases could not fail.
    expect([...at90].some(([id, v]) => at365.get(id) !== v)).toBe(true);
  });

  test('pinned at 365 days, then the horizon moved to 90: the customers the move re-tiered, no more, no fewer', async () => {
    const s = await loaded(AT_365);
    expect(s.pin(AT_365).ok).toBe(true);
    const r = await s.apply(AT_90);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(cells(r.summary.pinnedMovement!.frameworks!.value)).toEqual(crossTab(at365, at90));
  });

  test('pinned at 365 days while the 90-day column is in force (the pin names its own horizon)', async () => {
    const s = await loaded(AT_90);
    const r = s.pin(AT_365);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(cells(r.summary.pinnedMovement!.frameworks!.value)).toEqual(crossTab(at365, at90));
  });

  test('a pin made before the deferred fit landed is cut on the predictions once it lands', async () => {
    const db = await openNodeDb();
    const mapping = await loadCdnow(db);
    const s = await openSession(db);
    opened.push({ db, session: s });
    s.predictions.deferFit = true;
    const monetary = { ...AT_90, value: { metric: 'monetary' } };
    const r0 = await s.load(mapping, monetary);
    expect(r0.ok).toBe(true);
    s.pin(AT_365);
    await s.predictions.ready();
    const r = await s.apply(AT_90);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(cells(r.summary.pinnedMovement!.frameworks!.value)).toEqual(crossTab(at365, at90));
  });
});

describe('the current tiers and a pin that lands later (CDNOW)', () => {
  const MONEY = { ...AT_365, value: { metric: 'monetary' } };

  test('pinned (by predicted_clv) before the deferred fit landed, current by monetary: recounted when it lands, list and matrix agree', async () => {
    const at365 = await column(await loaded(AT_365), 'value');
    const db = await openNodeDb();
    const mapping = await loadCdnow(db);
    const s = await openSession(db);
    opened.push({ db, session: s });
    s.predictions.deferFit = true;
    expect((await s.load(mapping, MONEY)).ok).toBe(true);
    expect(s.pin(AT_365).ok).toBe(true); // cut by monetary: no predictions yet
    await s.predictions.ready();
    // A move that changes no current value label: the pinned side's counts must still be redone.
    const r = await s.apply({ ...MONEY, ladder: { loyalMinPurchases: 3 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const want = crossTab(at365, await column(s, 'value'));
    const matrix = r.summary.pinnedMovement!.frameworks!.value;
    expect(cells(matrix)).toEqual(want);
    // The movement cell's customer list counts the same customers as the matrix cell.
    const d = s.loaded!;
    const where = s.movements.where(d, { framework: 'value', from: 'high', pinned: true });
    let listed = 0;
    for (let i = 0; i < d.cols.n; i++) if (where.labels[i] === where.index && d.out.labels.value[i] === 0) listed++;
    expect(listed).toBe(want['high→high']);
  });

  test('a pinned config\'s campaign file: the cell\'s customers, every one in the cell\'s current tier, and no baseline date\'s columns', async () => {
    const s = await loaded({ ...AT_365, time: BASELINE }); // a baseline date too: its columns must stay out
    expect(s.pin(AT_365).ok).toBe(true);
    const r = await s.apply({ ...AT_90, time: BASELINE });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.summary.pinnedMovement!.frameworks!.value;
    const want = m.counts[m.from.indexOf('high') * m.to.length + m.to.indexOf('mid')];
    expect(want).toBeGreaterThan(0);
    const [head, ...rows] = (await s.exportMovementLines({ framework: 'value', from: 'high', pinned: true }, { framework: 'value', label: 'mid' })).map(parseCsvLine);
    expect(rows).toHaveLength(want);
    expect(head.filter((h) => h.endsWith('_baseline') || h === 'baseline_as_of')).toEqual([]);
    expect(new Set(rows.map((row) => row[head.indexOf('value')]))).toEqual(new Set(['mid']));
  });

  test('a pin at another horizon leaves the current tiers on their own column (a later cut move recounts them right)', async () => {
    const AT_90_25 = { ...AT_90, value: { ...BY_CLV, high: 0.25 } };
    const fresh = await (await loaded(AT_90_25)).relabel();
    const s = await loaded(AT_90);
    expect(s.pin(AT_365).ok).toBe(true);
    const r = await s.apply(AT_90_25);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary.counts.value).toEqual(fresh.counts.value);
    expect(r.summary.value).toEqual(fresh.value);
  });
});

describe('movement since a baseline date follows the horizon in force (CDNOW, baseline 1997-07-01)', () => {
  let fresh90: { from: Map<string, string>; to: Map<string, string> };
  beforeAll(async () => {
    const s = await loaded({ ...AT_90, time: BASELINE });
    fresh90 = { from: await column(s, 'value_baseline'), to: await column(s, 'value') };
  });

  test('built at 365 days, then the horizon moved to 90: the matrix is the 90-day export\'s', async () => {
    const s = await loaded({ ...AT_365, time: BASELINE });
    const r = await s.apply({ ...AT_90, time: BASELINE });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(cells(r.summary.movement!.frameworks!.value)).toEqual(crossTab(fresh90.from, fresh90.to));
    // …and the page's export after the move says the same.
    expect(crossTab(await column(s, 'value_baseline'), await column(s, 'value'))).toEqual(crossTab(fresh90.from, fresh90.to));
  });

  test('the movement file after a horizon move is the one a session loaded at that horizon writes', async () => {
    const want = await (await loaded({ ...AT_90, time: BASELINE })).movementFileLines();
    const s = await loaded({ ...AT_365, time: BASELINE });
    expect(await s.movementFileLines()).not.toEqual(want); // the horizons tier differently
    expect((await s.apply({ ...AT_90, time: BASELINE })).ok).toBe(true);
    expect(await s.movementFileLines()).toEqual(want);
  });

  test('built under tiers by monetary, then switched to predicted_clv: the baseline is cut on its own fit', async () => {
    const s = await loaded({ ...AT_90, value: { metric: 'monetary' }, time: BASELINE });
    const r = await s.apply({ ...AT_90, time: BASELINE });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(cells(r.summary.movement!.frameworks!.value)).toEqual(crossTab(fresh90.from, fresh90.to));
  });
});
