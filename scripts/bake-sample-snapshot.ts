// npm run sample:snapshot — recompute src/app/sample-snapshot.json (the first snapshot the page draws)
// and src/app/sample-columns.bin (the columns the worker recounts from until DuckDB-WASM has the
// sample) after changing the sample or the engine.
import { writeFileSync } from 'node:fs';
import { encodeBaked } from '../src/engine/live/baked';
import { computeSampleColumns, computeSampleSnapshot, SAMPLE_COLUMNS_PATH, SAMPLE_SNAPSHOT_PATH } from '../src/node/sample-snapshot';

const s = await computeSampleSnapshot();
writeFileSync(SAMPLE_SNAPSHOT_PATH, JSON.stringify(s) + '\n');
console.log(`${SAMPLE_SNAPSHOT_PATH}: ${s.customers} customers, as of ${s.asOf}`);
const baked = encodeBaked(await computeSampleColumns());
writeFileSync(SAMPLE_COLUMNS_PATH, baked);
console.log(`${SAMPLE_COLUMNS_PATH}: ${baked.length} bytes`);
