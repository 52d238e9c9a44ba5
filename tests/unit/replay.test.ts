// SPEC §4a: every view replays the whole pipeline at another date with the same config, so a date's labels
// are exactly what the export says with that as_of. The replay builds beside the analysis date's tables.
import { describe, expect, test } from 'vitest';
import { defaultConfig, type Config } from '../../src/engine/config';
import { FRAMEWORKS } from '../../src/engine/frameworks';
import { buildModel, dropReplay, labelsQuery, replayLabelsQuery, replayModel } from '../../src/engine/pipeline';
import { stageSample } from './helpers/sample';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';

const COLS = ['customer_id', ...FRAMEWORKS.map((f) => (f === 'rfm' ? 'rfm_segment' : f)), 'r', 'f', 'm', 'touches'];
const labelRows = async (db: NodeDb, sql: string) =>
  (await db.rows<Record<string, unknown>>(`SELECT ${COLS.join(', ')} FROM (${sql}) ORDER BY customer_id`)).map((r) => COLS.map((c) => (r[c] === null ? null : String(r[c]))));

const sample = stageSample;

describe('a replay at another date labels every customer as the export at that as_of', () => {
  const configs: [string, Config][] = [
    ['defaults', defaultConfig()],
    ['tuned', { ...defaultConfig(), ladder: { ...defaultConfig().ladder, loyalMinPurchases: 3 }, value: { ...defaultConfig().value, high: 0.1, mid: 0.4 } }],
  ];
  test.each(['2024-06-01', '2023-01-15', '2025-03-31'])('baseline %s', async (date) => {
    const db = await openNodeDb();
    try {
      const mapping = await sample(db);
      const now = await buildModel(db, mapping, '2025-12-01');
      const replay = await replayModel(db, mapping, date);
      const before = await labelRows(db, labelsQuery(configs[0][1], now));
      for (const [, config] of configs) {
        const got = await labelRows(db, replayLabelsQuery(config, replay));
        const direct = await buildModel(db, mapping, date); // overwrites tb_*: the reference answer at that as_of
        expect(got).toEqual(await labelRows(db, labelsQuery(config, direct)));
        expect(replay.customers).toBe(direct.customers);
        await buildModel(db, mapping, '2025-12-01');
      }
      // The analysis date's tables are untouched by the replay.
      expect(await labelRows(db, labelsQuery(configs[0][1], now))).toEqual(before);
      await dropReplay(db, replay.tables);
      expect((await db.rows(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'at_%'`)).length).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);
});
