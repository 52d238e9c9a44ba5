// The snapshot the page draws before DuckDB-WASM is ready must be exactly what the engine computes now.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { computeSampleSnapshot, SAMPLE_SNAPSHOT_PATH } from '../../src/node/sample-snapshot';
import type { Summary } from '../../src/engine/session-types';

test('the baked sample snapshot equals a fresh computation (run `npm run sample:snapshot` after changes)', async () => {
  const baked = JSON.parse(readFileSync(SAMPLE_SNAPSHOT_PATH, 'utf8'));
  expect(baked).toEqual(JSON.parse(JSON.stringify(await computeSampleSnapshot())));
});

// sample-data/README.md: "every label of every framework holds customers" under the default config.
test('on the sample, every label of every framework holds customers (RFM included, SPEC revision 2)', () => {
  const baked = JSON.parse(readFileSync(SAMPLE_SNAPSHOT_PATH, 'utf8')) as Summary;
  for (const [framework, counts] of Object.entries(baked.counts))
    expect(counts.filter((c) => c.customers === 0).map((c) => c.key), `${framework}: labels without customers`).toEqual([]);
});

// SPEC §4 rfm: the sample's purchases are skewed (most buyers bought once), so its F cuts tie.
test('on the sample, F cuts 1 · 1 · 3 · 6: F = 2 cannot occur, and the tie holds exactly the one-time buyers', () => {
  const baked = JSON.parse(readFileSync(SAMPLE_SNAPSHOT_PATH, 'utf8')) as Summary;
  const f = baked.rfmScores.find((s) => s.score === 'f')!;
  expect(f.cuts).toEqual([1, 1, 3, 6]);
  expect(f.empty).toEqual([2]);
  const firstTime = baked.counts.ladder.find((c) => c.key === 'first_time')!.customers;
  expect(f.ties).toEqual([{ value: 1, cuts: [1, 2], buyers: firstTime, share: firstTime / f.buyers.reduce((a, b) => a + b, 0) }]);
  expect(f.buyers[0]).toBe(firstTime);
  expect(baked.rfmRules.every((x) => x.coveredBy === null)).toBe(true);
});
