// The moves the page makes before DuckDB-WASM has the sample are answered in the worker from the
// sample's columns baked at build time (workers/early.ts). Every answer must be the engine's: the
// baked columns are the Session's own, bit for bit, and a Session on the sample (native DuckDB) gives
// the same summary as the early recount for every config below, move after move.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultConfig, type Config } from '../../src/engine/config';
import { decodeBaked, encodeBaked } from '../../src/engine/live/baked';
import { INT_COLUMNS, METRIC_COLUMNS } from '../../src/engine/live/columns';
import { applyPreset } from '../../src/engine/playbook/presets';
import { factsOf, type Session } from '../../src/engine/session';
import type { Summary } from '../../src/engine/session-types';
import { SAMPLE_COLUMNS_PATH, sampleSession } from '../../src/node/sample-snapshot';
import type { NodeDb } from '../../src/node/duckdb';
import { earlyRecount, type EarlyRecount } from '../../workers/early';
import type { Table } from 'apache-arrow';
import { TABLES } from '../../src/engine/mapping';
import type { InputFile } from '../../workers/api';
import { loadFiles } from '../../workers/load-files';
import { Session as EngineSession } from '../../src/engine/session';
import { openWasmDb } from './helpers/wasm-db';

const columnsOf = (t: Table) => Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!.toArray() as Float64Array | Int32Array]));

let db: NodeDb;
let session: Session;
const bakedBytes = readFileSync(SAMPLE_COLUMNS_PATH);

beforeAll(async () => {
  ({ db, session } = await sampleSession());
});
afterAll(() => db.close());

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('the baked sample columns (run `npm run sample:snapshot` after changing the sample or the engine)', () => {
  test('are the columns, touch events and facts the engine holds after loading the sample, bit for bit', () => {
    const baked = decodeBaked(bakedBytes);
    const d = session.loaded!;
    expect(baked.facts).toEqual(factsOf(d));
    expect(baked.cols.n).toBe(6000);
    for (const c of [...METRIC_COLUMNS, 'purchasesValue'] as const) {
      expect(baked.cols[c].constructor, c).toBe(d.cols[c].constructor);
      expect(bytesOf(baked.cols[c]).equals(bytesOf(d.cols[c])), `${c} differs`).toBe(true);
    }
    expect(INT_COLUMNS.every((c) => baked.cols[c] instanceof Int32Array)).toBe(true);
    expect(baked.events.idx.length).toBeGreaterThan(40_000);
    expect(bytesOf(baked.events.idx).equals(bytesOf(d.events.idx))).toBe(true);
    expect(bytesOf(baked.events.daysBefore).equals(bytesOf(d.events.daysBefore))).toBe(true);
  });

  test("are what the page's worker holds after loading the sample its own way (formats decided, roles guessed)", async () => {
    const wasm = await openWasmDb();
    const engine = new EngineSession(wasm, async (sql) => columnsOf(wasm.arrow(sql)));
    const files: InputFile[] = TABLES.map((t) => ({ table: t, name: `${t}.csv`, source: { bytes: readFileSync(`sample-data/${t}.csv`) } }));
    const r = await loadFiles(wasm, engine, files, { version: 1 }, { cancelled: () => false });
    expect(r.ok).toBe(true);
    const baked = decodeBaked(bakedBytes);
    expect(baked.facts.formats.length).toBeGreaterThan(0); // the load report's format lines
    expect(baked.facts).toEqual(factsOf(engine.loaded!));
    for (const c of METRIC_COLUMNS) expect(bytesOf(baked.cols[c]).equals(bytesOf(engine.loaded!.cols[c])), `${c} differs`).toBe(true);
  }, 120_000);

  test('encode and decode are inverses, and a damaged asset is refused by name', () => {
    const once = decodeBaked(bakedBytes);
    expect(Buffer.from(encodeBaked(once)).equals(bakedBytes)).toBe(true);
    expect(() => decodeBaked(bakedBytes.subarray(0, 100))).toThrow();
    const other = encodeBaked({ ...once, cols: { ...once.cols, nps: new Int32Array(6000) as never } });
    expect(() => decodeBaked(other)).toThrow('baked sample columns: column "nps" is missing or of the wrong type');
  });
});

/** Edits of the default config: every framework's section, the matrix and the playbook. */
const d = defaultConfig();
const MOVES: [string, Config][] = [
  ['ladder: loyal from 2 purchases', { ...d, ladder: { ...d.ladder, loyalMinPurchases: 2 } }],
  ['ladder: loyal from 6, active 120 days', { ...d, ladder: { ...d.ladder, loyalMinPurchases: 6, activeDays: 120 } }],
  ['ladder: advocates need 3 referrals or NPS 10', { ...d, ladder: { ...d.ladder, advocateMinReferrals: 3, advocateMinNps: 10 } }],
  ['lifecycle: new 30, at risk 90, churned 200 days, loyal from 2', { ...d, lifecycle: { newDays: 30, atRiskDays: 90, churnDays: 200, loyalMinPurchases: 2 } }],
  ['value: top 10 % high, next 50 % mid', { ...d, value: { ...d.value, high: 0.1, mid: 0.5 } }],
  ['value: by profit', { ...d, value: { ...d.value, metric: 'profit' } }],
  ['value: by order value', { ...d, value: { ...d.value, metric: 'aov' } }],
  ['value: by purchases (ties at the cuts)', { ...d, value: { ...d.value, metric: 'purchases', high: 0.25, mid: 0.25 } }],
  ['value: absolute 1,000 and 200', { ...d, value: { metric: 'monetary', mode: 'absolute', high: 1000, mid: 200 } }],
  ['engagement: 30-day window', { ...d, engagement: { ...d.engagement, windowDays: 30 } }],
  ['engagement: 365-day window, frequent 12, occasional 4', { ...d, engagement: { windowDays: 365, frequentMin: 12, occasionalMin: 4 } }],
  ['engagement: a century, everyone counted', { ...d, engagement: { windowDays: 36_500, frequentMin: 0, occasionalMin: 0 } }],
  ['needs: categories 3 and 2', { ...d, needs: { metric: 'categories', high: 3, mid: 2 } }],
  ['needs: order value 500 and 100', { ...d, needs: { metric: 'aov', high: 500, mid: 100 } }],
  ['satisfaction: 5 and 2', { ...d, satisfaction: { high: 5, mid: 2 } }],
  ['nps: promoters from 10, passives from 5', { ...d, nps: { promoterMin: 10, passiveMin: 5 } }],
  ['rfm: explicit cuts', { ...d, rfm: { ...d.rfm, cuts: { r: [30, 90, 180, 365], f: [1, 2, 4, 8], m: [50, 200, 500, 2000] } } }],
  ['rfm: explicit cuts that tie', { ...d, rfm: { ...d.rfm, cuts: { r: [90, 90, 90, 365], f: [1, 1, 1, 1], m: [100, 100, 100, 100] } } }],
  ['rfm: Shopify-style preset (matrix: one row per segment)', applyPreset(d, 'shopify')],
  ['rfm: Klaviyo-style preset', applyPreset(d, 'klaviyo')],
  ['rfm: one custom rule', { ...d, rfm: { ...d.rfm, segments: [{ name: 'best', r: [5, 5], f: [5, 5], m: [5, 5] }] } }],
  ['matrix: RFM × NPS', { ...d, strategy: { ...d.strategy, matrix: { rows: 'rfm', cols: 'nps', cells: {} } } }],
  ['matrix: engagement × needs, a cell assigned', { ...d, strategy: { ...d.strategy, matrix: { rows: 'engagement', cols: 'needs', cells: { 'frequent|high': 'value.high' } } } }],
  ['matrix: satisfaction alone', { ...d, strategy: { ...d.strategy, matrix: { rows: 'satisfaction', cols: 'none', cells: {} } } }],
  ['as_of given, equal to the sample\'s default', { ...d, asOf: '2025-01-01' }],
  ['every section at once', {
    ...applyPreset(d, 'klaviyo'),
    ladder: { loyalMinPurchases: 3, activeDays: 200, advocateMinReferrals: 2, advocateMinNps: 8 },
    lifecycle: { newDays: 60, atRiskDays: 120, churnDays: 400, loyalMinPurchases: 3 },
    value: { metric: 'aov', mode: 'share', high: 0.3, mid: 0.3 },
    engagement: { windowDays: 180, frequentMin: 8, occasionalMin: 3 },
    needs: { metric: 'purchase_rate', high: 2, mid: 0.5 },
    satisfaction: { high: 4.5, mid: 2.5 },
    nps: { promoterMin: 8, passiveMin: 6 },
  }],
  ['back to the default', d],
];

/** Times differ run to run; everything else must be equal. */
const comparable = (s: Summary) => ({ ...s, recountMs: 0 });

describe('the early recount answers every move as the engine does', () => {
  let early: EarlyRecount;
  beforeAll(async () => {
    early = earlyRecount(Promise.resolve(new Uint8Array(bakedBytes)));
    // Both start from the snapshot the page draws: the sample under the default config.
    const first = await early.answer({ version: 1 });
    expect(first?.ok).toBe(true);
  });

  // In order, on the same session and the same early state: partial relabels follow the same path.
  test.each(MOVES)('%s', async (_, config) => {
    const engine = await session.apply(config);
    const answer = await early.answer(config);
    if (!engine.ok || !answer?.ok) throw new Error(`refused: ${JSON.stringify([engine, answer])}`);
    expect(comparable(answer.summary)).toEqual(comparable(engine.summary));
  });

  test('a move that changes the numbers: loyal from 2 purchases moves the active repeat buyers up (1,893 → 1,174 repeat)', async () => {
    const r = await early.answer({ version: 1, ladder: { loyalMinPurchases: 2 } });
    const ladder = r?.ok ? Object.fromEntries(r.summary.counts.ladder.map((c) => [c.key, c.customers])) : null;
    expect(ladder).toEqual({ prospect: 576, first_time: 2209, repeat: 1174, loyal: 1572, advocate: 469 });
  });

  test('an invalid config is refused with the engine\'s own message', async () => {
    const bad = { version: 1, lifecycle: { atRiskDays: 500 } };
    expect(await early.answer(bad)).toEqual(await session.apply(bad));
  });

  test('another analysis date is left to the engine (it rebuilds the model): no answer', async () => {
    expect(await early.answer({ version: 1, asOf: '2024-06-30' })).toBeNull();
  });

  test('value tiers by predicted CLV are left to the engine (the baked columns hold no predictions): no answer', async () => {
    expect(await early.answer({ version: 1, value: { metric: 'predicted_clv' } })).toBeNull();
  });

  test('an asset that cannot be had or read answers nothing: the moves wait for the engine', async () => {
    expect(await earlyRecount(Promise.resolve(null)).answer({ version: 1 })).toBeNull();
    expect(await earlyRecount(Promise.resolve(new Uint8Array([1, 2, 3]))).answer({ version: 1 })).toBeNull();
  });
});
