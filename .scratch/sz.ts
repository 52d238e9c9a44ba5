import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { decodeBaked } from '../src/engine/live/baked';
const b = decodeBaked(readFileSync('src/app/sample-columns.bin'));
console.log('events', b.events.idx.length);
for (const [k, v] of Object.entries(b.cols)) if (typeof v === 'object') console.log(k, v.byteLength, deflateSync(new Uint8Array(v.buffer), {level: 9}).length);
console.log('idx', deflateSync(new Uint8Array(b.events.idx.buffer), {level:9}).length);
