import { readFileSync } from 'node:fs';
import { earlyRecount } from '../workers/early';
const e = earlyRecount(Promise.resolve(new Uint8Array(readFileSync('src/app/sample-columns.bin'))));
const r = await e.answer({ version: 1, ladder: { loyalMinPurchases: 2 } });
console.log(r?.ok && r.summary.counts.ladder);
