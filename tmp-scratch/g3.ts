import { readFileSync } from 'node:fs';
import { GunzipStream } from '../src/engine/readers/gzip';
const b = readFileSync('/tmp/rd/multi.csv.gz');
const g = new GunzipStream('m');
try { for (let at = 0; at < b.length; at += 3) g.push(b.subarray(at, at + 3), at + 3 >= b.length); } catch (e) { console.log(String(e)); }
console.log(b.subarray(96));
