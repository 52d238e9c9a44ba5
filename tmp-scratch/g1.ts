import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { GunzipStream } from '../src/engine/readers/gzip';
function run(label: string, b: Uint8Array, step = 100000) {
  const g = new GunzipStream(label); let n = 0;
  try { for (let at = 0; at < b.length || at === 0; at += step) { const end = Math.min(b.length, at + step); for (const c of g.push(b.subarray(at, end), end >= b.length)) n += c.length; if (end >= b.length) break; } console.log(label, 'OK', n); }
  catch (e) { console.log(label, 'ERR', String(e)); }
}
for (const f of ['full.csv.gz', 'cut-mid.csv.gz', 'cut-boundary.csv.gz', 'multi.csv.gz']) run(f, readFileSync('/tmp/rd/' + f));
const full = readFileSync('/tmp/rd/full.csv.gz');
run('trailer-cut-4', full.subarray(0, full.length - 4));
run('trailer-cut-8', full.subarray(0, full.length - 8));
run('garbage-2', Buffer.concat([full, Buffer.from([1, 2])]));
run('nul-tail', Buffer.concat([full, Buffer.alloc(100000)]));
run('nul-tail-small-step', Buffer.concat([full, Buffer.alloc(100000)]), 7);
const a = gzipSync(new TextEncoder().encode('x'.repeat(70000)), { filename: 'y'.repeat(3000) });
run('multi-long-header-small-step', Buffer.concat([a, a, a]), 1000);
run('multi small step', readFileSync('/tmp/rd/multi.csv.gz'), 3);
const bad = Buffer.from(full); bad[bad.length - 6] ^= 1; run('crc flip', bad);
run('Online Retail', readFileSync('/work/shared/data/online-retail/online-retail.csv.gz'), 16 << 20);
