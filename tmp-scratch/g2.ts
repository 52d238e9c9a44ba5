import { readFileSync } from 'node:fs';
import { Gunzip } from 'fflate';
const b = readFileSync('/tmp/rd/multi.csv.gz'); console.log(b.length);
const g = new Gunzip((c, f) => console.log('data', c.length, f)); g.onmember = (o) => console.log('member', o);
for (let at = 0; at < b.length; at += 3) { console.log('push', at); g.push(b.subarray(at, at + 3), at + 3 >= b.length); }
