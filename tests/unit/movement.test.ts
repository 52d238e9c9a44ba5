// SPEC §4a movement, live: the Session's matrices (baseline relabelled from its columns on every move)
// equal SQL's, i.e. the labels of the export at the baseline date joined with those at as_of, for every
// framework, after threshold moves in several sections, with a filter on, between two configs, and a cell's
// customers and their export equal the customers SQL puts in that cell.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultConfig, type Config } from '../../src/engine/config';
import type { Db } from '../../src/engine/db';
import { FRAMEWORKS, type Framework } from '../../src/engine/frameworks';
import { detectFormats } from '../../src/engine/formats';
import type { Mapping } from '../../src/engine/mapping';
import { labelsQuery, replayLabelsQuery } from '../../src/engine/pipeline';
import { guessRoles } from '../../src/engine/roles';
import { Session } from '../../src/engine/session';
import type { Summary } from '../../src/engine/session-types';
import { dimensionsOf, filterSql } from '../../src/engine/sql/dimensions';
import { addDays } from '../../src/engine/time/periods';
import { movementRows } from '../../src/engine/time/movement';
import { CANCELLED, notBeforeProblem } from '../../src/engine/movements';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';

let db: NodeDb;
let session: Session;
let asOf: string;
const statements: string[] = [];
const col = (fw: Framework) => (fw === 'rfm' ? 'rfm_segment' : fw);

beforeAll(async () => {
  db = await openNodeDb();
  let mapping = {} as Mapping;
  for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) {
    const { columns } = await loadRawFile(db, t, `sample-data/${t}.csv`, {});
    (mapping as Record<string, unknown>)[t] = { columns, roles: guessRoles(t, columns).roles };
  }
  mapping = (await detectFormats(db, mapping)).mapping;
  const counting: Db = { exec: (sql) => { statements.push(sql); return db.exec(sql); }, rows: (sql) => { statements.push(sql); return db.rows(sql); } };
  session = new Session(counting, (sql) => { statements.push(sql); return db.columns(sql); });
  const r = await session.load(mapping, { version: 1 });
  if (!r.ok) throw new Error(r.error);
  asOf = r.summary.asOf;
}, 60_000);
afterAll(() => db.close());

/** SQL's (from, to) counts: the baseline's labels (or a second config's at as_of) left-joined to the current ones. */
async function sqlMoves(config: Config, base: string, keep?: string): Promise<Record<Framework, Record<string, number>>> {
  const cur = labelsQuery(config, session.loaded!.model);
  const out = {} as Record<Framework, Record<string, number>>;
  for (const fw of FRAMEWORKS) {
    const rows = await db.rows<{ pair: string; n: number }>(`WITH b AS (${base}), c AS (${cur})
      SELECT coalesce(b.${col(fw)}, 'absent') || ' > ' || c.${col(fw)} AS pair, CAST(count(*) AS INTEGER) AS n
      FROM c LEFT JOIN b USING (customer_id) JOIN tb_metrics mt ON mt.customer_id = c.customer_id JOIN tb_attributes ca ON ca.idx = mt.idx
      ${keep ? `WHERE ${keep}` : ''} GROUP BY ALL`);
    out[fw] = Object.fromEntries(rows.map((r) => [r.pair, Number(r.n)]));
  }
  return out;
}

/** The live matrices as the same (from > to) → count maps, empty cells left out. */
function liveMoves(m: Summary['movement']): Record<Framework, Record<string, number>> {
  const out = {} as Record<Framework, Record<string, number>>;
  for (const fw of FRAMEWORKS) {
    const x = m!.frameworks![fw];
    out[fw] = {};
    x.from.forEach((a, r) => x.to.forEach((b, c) => { if (x.counts[r * x.to.length + c]) out[fw][`${a} > ${b}`] = x.counts[r * x.to.length + c]; }));
  }
  return out;
}

const tuned = (patch: (c: Config) => void, baselineAsOf: string | null): Config => {
  const c = structuredClone(defaultConfig());
  c.time.baselineAsOf = baselineAsOf;
  patch(c);
  return c;
};

// Threshold moves in several sections (each relabels one framework on both sides, no SQL).
const MOVES: [string, (c: Config) => void][] = [
  ['defaults', () => {}],
  ['ladder: loyal from 3 purchases', (c) => { c.ladder.loyalMinPurchases = 3; }],
  ['lifecycle: at risk after 120 days', (c) => { c.lifecycle.atRiskDays = 120; }],
  ['value: top 10% high, revenue share off', (c) => { c.value.high = 0.1; c.value.mid = 0.4; }],
  ['engagement: 30-day window', (c) => { c.engagement.windowDays = 30; c.engagement.frequentMin = 3; }],
  ['rfm: explicit cuts', (c) => { c.rfm.cuts = { r: [30, 90, 180, 365], f: [1, 2, 3, 5], m: [50, 100, 200, 500] }; }],
];

describe('movement since the baseline date, live, equals SQL', () => {
  test.each(MOVES)('%s', async (_, patch) => {
    const base = addDays(asOf, -90);
    const config = tuned(patch, base);
    const r = await session.apply(config);
    if (!r.ok) throw new Error(r.error);
    expect(r.summary.movement?.baselineAsOf).toBe(base);
    expect(r.summary.movement?.problem).toBeNull();
    const replay = session.movements.replay!;
    const expected = await sqlMoves(config, replayLabelsQuery(config, replay));
    expect(liveMoves(r.summary.movement)).toEqual(expected);
    // The same pairs as the command line's --movement file (src/engine/time/movement.ts), in its order.
    const file = await movementRows(db, session.loaded!.mapping, config, session.loaded!.model, replay);
    expect(file.map((x) => `${x.framework} ${x.from} > ${x.to} ${x.customers}`)).toEqual(FRAMEWORKS.flatMap((fw) => {
      const m = r.summary.movement!.frameworks![fw];
      const from = ['absent', ...m.from.filter((k) => k !== 'absent')];
      return from.flatMap((a) => m.to.map((b) => [a, b, m.counts[m.from.indexOf(a) * m.to.length + m.to.indexOf(b)]] as const))
        .filter(([, , n]) => n > 0).map(([a, b, n]) => `${col(fw)} ${a} > ${b} ${n}`);
    }));
    // Customers absent at the baseline are there, and counted as new.
    const absent = Object.entries(expected.ladder).filter(([k]) => k.startsWith('absent >')).reduce((a, [, n]) => a + n, 0);
    expect(absent).toBe(r.summary.customers - replay.customers);
    expect(absent).toBeGreaterThan(0);
    expect(r.summary.movement!.frameworks!.ladder.new).toBe(absent);
  }, 60_000);

  test('a threshold move relabels the baseline from its columns, without SQL', async () => {
    await session.apply(tuned(() => {}, addDays(asOf, -90)));
    statements.length = 0;
    const r = await session.apply(tuned((c) => { c.ladder.loyalMinPurchases = 6; }, addDays(asOf, -90)));
    expect(r.ok).toBe(true);
    expect(statements).toEqual([]);
  });

  test('with a filter on, only the kept customers are counted', async () => {
    const config = tuned((c) => { c.lifecycle.newDays = 60; }, addDays(asOf, -180));
    await session.apply(config);
    const dim = dimensionsOf(session.loaded!.mapping).find((x) => x.name === 'gender')!;
    const summary = await session.setFilter({ dimension: 'gender', values: ['F'] });
    const expected = await sqlMoves(config, replayLabelsQuery(config, session.movements.replay!), filterSql(dim, ['F']));
    expect(liveMoves(summary.movement)).toEqual(expected);
    await session.setFilter(null);
  }, 60_000);

  test('ups, downs, new and stayed add up to the customers, by SPEC direction', async () => {
    const r = await session.apply(tuned(() => {}, addDays(asOf, -365)));
    if (!r.ok) throw new Error(r.error);
    for (const fw of FRAMEWORKS) {
      const m = r.summary.movement!.frameworks![fw];
      expect(m.up + m.down + m.new + m.stayed + m.changed).toBe(r.summary.customers);
      if (fw === 'lifecycle' || fw === 'rfm') expect([m.up, m.down]).toEqual([0, 0]);
    }
    const ladder = r.summary.movement!.frameworks!.ladder;
    const at = (a: string, b: string) => ladder.counts[ladder.from.indexOf(a) * ladder.to.length + ladder.to.indexOf(b)];
    expect(ladder.up).toBeGreaterThanOrEqual(at('first_time', 'repeat'));
    expect(at('first_time', 'repeat')).toBeGreaterThan(0);
  }, 60_000);

  test('a baseline not before as_of is a problem in the cell; the rest of the config applies', async () => {
    const r = await session.apply(tuned((c) => { c.ladder.loyalMinPurchases = 2; }, asOf));
    if (!r.ok) throw new Error(r.error);
    expect(r.summary.movement).toEqual({ baselineAsOf: asOf, problem: notBeforeProblem(asOf), frameworks: null });
    expect(r.summary.counts.ladder.find((x) => x.key === 'loyal')!.customers).toBeGreaterThan(0);
    const off = await session.apply(tuned(() => {}, null));
    expect(off.ok && off.summary.movement).toBeUndefined();
  }, 60_000);
});

describe('building the baseline reports its steps and can be cancelled', () => {
  test('a cancel between steps leaves the movement `cancelled`, the rest applies, and a retry builds it', async () => {
    const base = addDays(asOf, -120);
    const steps: string[] = [];
    session.movements.hooks = {
      progress: (p) => steps.push(`${p.date} ${p.step} ${p.index + 1}/${p.of}`),
      checkpoint: async () => { throw new Error('cancelled'); },
    };
    const r = await session.apply(tuned((c) => { c.ladder.loyalMinPurchases = 5; }, base));
    if (!r.ok) throw new Error(r.error);
    expect(steps).toEqual([`${base} model 1/3`]);
    expect(r.summary.movement).toEqual({ baselineAsOf: base, problem: CANCELLED, frameworks: null });
    expect(r.summary.counts.ladder.find((x) => x.key === 'loyal')!.customers).toBeGreaterThan(0);
    // A threshold move does not build it again; a retry does, with every step reported.
    statements.length = 0;
    const moved = await session.apply(tuned((c) => { c.ladder.loyalMinPurchases = 4; }, base));
    expect(moved.ok && moved.summary.movement?.problem).toBe(CANCELLED);
    expect(statements).toEqual([]);
    steps.length = 0;
    session.movements.hooks = { progress: (p) => steps.push(`${p.date} ${p.step} ${p.index + 1}/${p.of}`) };
    const again = await session.retryBaseline();
    session.movements.hooks = {};
    expect(steps).toEqual(['model', 'columns', 'customers'].map((s, i) => `${base} ${s} ${i + 1}/3`));
    expect(again.ok && again.summary.movement?.problem).toBeNull();
    expect(again.ok && again.summary.movement?.frameworks?.ladder.new).toBeGreaterThan(0);
  }, 60_000);
});

describe('movement between a pinned config and the current one equals two SQL label runs', () => {
  test.each(MOVES.slice(1))('pinned defaults, current: %s', async (_, patch) => {
    const pinned = tuned(() => {}, null);
    session.pin(pinned);
    const config = tuned(patch, null);
    const r = await session.apply(config);
    if (!r.ok) throw new Error(r.error);
    expect(r.summary.pinnedMovement?.baselineAsOf).toBeNull();
    expect(liveMoves(r.summary.pinnedMovement)).toEqual(await sqlMoves(config, labelsQuery(pinned, session.loaded!.model)));
    session.pin(null);
    expect(session.relabel().pinnedMovement).toBeUndefined();
  }, 60_000);

  test('an invalid document is refused naming the field, and nothing is pinned', () => {
    const r = session.pin({ version: 1, ladder: { loyalMinPurchases: -3 } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/ladder\.loyalMinPurchases/);
    expect(session.relabel().pinnedMovement).toBeUndefined();
  });
});

describe("a movement cell's customers are those SQL puts in it", () => {
  test('lifecycle loyal → at_risk since 90 days back: list and campaign export', async () => {
    const config = tuned(() => {}, addDays(asOf, -90));
    const r = await session.apply(config);
    if (!r.ok) throw new Error(r.error);
    const m = r.summary.movement!.frameworks!.lifecycle;
    const count = m.counts[m.from.indexOf('loyal') * m.to.length + m.to.indexOf('at_risk')];
    const ids = (await db.rows<{ customer_id: string }>(`WITH b AS (${replayLabelsQuery(config, session.movements.replay!)}), c AS (${labelsQuery(config, session.loaded!.model)})
      SELECT customer_id FROM c JOIN b USING (customer_id) WHERE b.lifecycle = 'loyal' AND c.lifecycle = 'at_risk' ORDER BY customer_id`)).map((x) => x.customer_id);
    expect(ids.length).toBe(count);
    expect(count).toBeGreaterThan(0);
    const move = { framework: 'lifecycle' as const, from: 'loyal' };
    const list = await session.customers({ cell: [{ framework: 'lifecycle', label: 'at_risk' }], move, search: '', sort: 'customer_id', descending: false, limit: 1000 });
    expect(list.total).toBe(count);
    expect(list.rows.map((row) => row[0])).toEqual(ids.slice(0, 1000));
    const lines = await session.exportMovementLines(move, { framework: 'lifecycle', label: 'at_risk' });
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ids);
    expect(lines[0].startsWith('customer_id,')).toBe(true);
    // The campaign file is the SPEC §6 export of those customers: both labels in it, as the cell says.
    const header = lines[0].split(',');
    const pick = (name: string) => new Set(lines.slice(1).map((l) => l.split(',')[header.indexOf(name)]));
    expect([pick('lifecycle_baseline'), pick('lifecycle')]).toEqual([new Set(['loyal']), new Set(['at_risk'])]);
    // Absent customers are a row of their own: new customers now new.
    const fresh = await session.customers({ cell: [{ framework: 'lifecycle', label: 'new' }], move: { framework: 'lifecycle', from: 'absent' }, search: '', sort: 'customer_id', descending: false, limit: 1 });
    expect(fresh.total).toBe(m.counts[m.from.indexOf('absent') * m.to.length + m.to.indexOf('new')]);
    await expect(session.customers({ cell: [], move: { framework: 'lifecycle', from: 'gone' }, search: '', sort: 'customer_id', descending: false, limit: 1 })).rejects.toThrow(/"gone" is not a baseline lifecycle label/);
  }, 60_000);
});
