// A gzip stream is read whole or refused: cut short, damaged or followed by other bytes, it never loads in part.
import { describe, expect, test } from 'vitest';
import { constants, gzipSync } from 'node:zlib';
import { GunzipStream } from '../../src/engine/readers/gzip';

const text = Array.from({ length: 5000 }, (_, k) => `C${k},2024-01-01,${k}`).join('\n') + '\n';
const whole = gzipSync(text);
const flip = (b: Buffer, at: number) => { const c = Buffer.from(b); c[at] ^= 0xff; return c; };

/** Inflates `bytes` handed over `step` bytes at a time; the text, or the refusal. */
function inflate(bytes: Uint8Array, step: number): string {
  const g = new GunzipStream('x.gz');
  const out: Uint8Array[] = [];
  try {
    for (let at = 0; at < bytes.length; at += step) out.push(...g.push(bytes.subarray(at, at + step), at + step >= bytes.length));
  } catch (e) {
    return (e as Error).message;
  }
  return Buffer.concat(out).toString();
}

const cases: [string, Uint8Array, string | RegExp][] = [
  ['a whole stream', whole, text],
  ['two members (cat a.gz b.gz)', Buffer.concat([gzipSync(text.slice(0, 1000)), gzipSync(text.slice(1000))]), text],
  ['cut in the middle', whole.subarray(0, 3000), /^x\.gz: the gzip file is cut short: its compressed stream stops before its end, after 3,000 compressed bytes read$/],
  ['flushed, never finished', gzipSync(text, { finishFlush: constants.Z_SYNC_FLUSH }), /^x\.gz: the gzip file is cut short or damaged: .* \(CRC-32 and size\), after [\d,]+ compressed bytes read$/],
  ['its trailer cut', whole.subarray(0, whole.length - 3), /cut short or damaged/],
  ['a wrong CRC-32', flip(whole, whole.length - 8), /cut short or damaged/],
  ['a wrong size', flip(whole, whole.length - 1), /cut short or damaged/],
  ['two bytes after the stream', Buffer.concat([whole, Buffer.from([0, 0])]), /cut short or damaged/],
  ['NUL bytes after the stream', Buffer.concat([whole, Buffer.alloc(100_000)]), /^x\.gz: data that is not gzip follows the end of the compressed stream/],
  ['text after the stream', Buffer.concat([whole, Buffer.from('hello, world\n')]), /data that is not gzip follows/],
  ['not gzip at all', Buffer.from('customer_id\n'), /^x\.gz: not a readable gzip file$/],
];

describe('gzip streams', () => {
  test.each(cases)('%s', (_n, bytes, expected) => {
    for (const step of [251, 4096, 1 << 20]) {
      const got = inflate(bytes, step);
      if (typeof expected === 'string') expect(got).toBe(expected);
      else expect(got).toMatch(expected);
    }
  });
});
