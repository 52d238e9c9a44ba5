// npm run sample:snapshot — recompute src/app/sample-snapshot.json after changing the sample or the engine.
import { writeFileSync } from 'node:fs';
import { computeSampleSnapshot, SAMPLE_SNAPSHOT_PATH } from '../src/node/sample-snapshot';

const s = await computeSampleSnapshot();
writeFileSync(SAMPLE_SNAPSHOT_PATH, JSON.stringify(s) + '\n');
console.log(`${SAMPLE_SNAPSHOT_PATH}: ${s.customers} customers, as of ${s.asOf}`);
