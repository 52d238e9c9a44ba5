// The live trend with value tiers by predicted_clv (SPEC §3a other dates, §4a trend): every replayed date
// fits its own model; a horizon or discount move re-predicts each date's column without a refit, and the
// value series is the command line's --trend file's, byte for byte, at the default horizon and after moves.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import type { Mapping } from '../../src/engine/mapping';
import { seriesLines } from '../../src/engine/live/trend';
import type { Session } from '../../src/engine/session';
import { trendLines } from '../../src/engine/time/trend';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openSession } from './harness';
import { stageSample } from './helpers/sample';

let db: NodeDb;
let mapping: Mapping;
let session: Session;
const DOC = { version: 1, value: { metric: 'predicted_clv' }, time: { trendPeriod: 'quarter' } };

beforeAll(async () => {
  db = await openNodeDb();
  mapping = await stageSample(db);
  session = await openSession(db);
  const r = await session.load(mapping, DOC);
  if (!r.ok) throw new Error(r.error);
  for (const date of (await session.trendPlan('value')).pending) await session.buildTrendDate(date);
}, 300_000);
afterAll(() => db?.close());

/** The command line's --trend lines of the value framework under the same config (a replay and fit per date). */
async function cli(doc: object): Promise<string[]> {
  const parsed = parseConfig(doc);
  if (!parsed.ok) throw new Error(parsed.error);
  // The command line's model holds tb_clv at the config's horizon; the page writes it when SQL reads it.
  await session.predictions.table();
  const lines = await trendLines(db, mapping, parsed.config, session.loaded!.model);
  return [lines[0], ...lines.slice(1).filter((l) => l.startsWith('value,'))];
}

describe('value tiers by predicted CLV over the trend', () => {
  test.each([
    ['the default horizon (365 days, no discount)', {}],
    ['a 90-day horizon', { horizonDays: 90 }],
    ['730 days at a 10% annual discount', { horizonDays: 730, annualDiscount: 0.1 }],
  ])('%s: the series is the command line\'s', async (_, clv) => {
    const doc = { ...DOC, clv };
    expect((await session.apply(doc)).ok).toBe(true);
    expect((await session.trendPlan('value')).pending).toEqual([]); // re-predicted, nothing rebuilt
    const mine = seriesLines(session.trendSeries('value'));
    expect(mine).toEqual(await cli(doc));
    expect(mine.length).toBeGreaterThan(12);
  }, 300_000);

  test('a horizon move changes the past dates\' tiers (the test above would pass on an unmoved column otherwise)', async () => {
    expect((await session.apply({ ...DOC, clv: { horizonDays: 30 } })).ok).toBe(true);
    const short = session.trendSeries('value').counts.slice(0, -1);
    expect((await session.apply({ ...DOC, clv: { horizonDays: 3650, annualDiscount: 0.5 } })).ok).toBe(true);
    const long = session.trendSeries('value').counts.slice(0, -1);
    expect(long).not.toEqual(short);
  });
});
