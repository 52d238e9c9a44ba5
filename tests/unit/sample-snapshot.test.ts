// The snapshot the page draws before DuckDB-WASM is ready must be exactly what the engine computes now.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { computeSampleSnapshot, SAMPLE_SNAPSHOT_PATH } from '../../src/node/sample-snapshot';

test('the baked sample snapshot equals a fresh computation (run `npm run sample:snapshot` after changes)', async () => {
  const baked = JSON.parse(readFileSync(SAMPLE_SNAPSHOT_PATH, 'utf8'));
  expect(baked).toEqual(JSON.parse(JSON.stringify(await computeSampleSnapshot())));
});
