// A gzip stream inflated piece by piece, and refused unless it ends as gzip streams end: every member's
// last block, CRC-32 and size arrived, and nothing but another member follows one. fflate inflates
// (members one after another, as `cat a.gz b.gz` makes them); its streaming inflater does not check the
// trailer, so each member's CRC-32 and size are checked here.
import { Gunzip } from 'fflate';
import CRC32 from 'crc-32';
import { ReadError } from './plan';

/** Compressed bytes handed to the inflater at a time: a deflate bomb's output per step stays bounded. */
const STEP = 64 * 1024;

const fmt = (n: number) => n.toLocaleString('en-US');

export class GunzipStream {
  /** Compressed bytes read so far. */
  read = 0;
  private crc = 0;
  private size = 0;
  /** The last 8 compressed bytes before `read`: a member's trailer when the next one starts. */
  private tail: Uint8Array = new Uint8Array(0);
  private readonly g: Gunzip;
  private pending: Uint8Array[] = [];
  private failure: ReadError | null = null;

  constructor(private readonly name: string) {
    this.g = new Gunzip((chunk) => {
      this.crc = CRC32.buf(chunk, this.crc);
      this.size = (this.size + chunk.length) % 2 ** 32;
      if (chunk.length) this.pending.push(chunk);
    });
    // fflate calls this with the offset where the next member starts: the 8 bytes before it are the
    // previous member's trailer.
    this.g.onmember = (offset: number) => this.endMember(offset);
  }

  /** Inflates the next compressed bytes; returns what they inflated to. */
  push(compressed: Uint8Array, final: boolean): Uint8Array[] {
    if (compressed.length === 0 && final) this.step(compressed, true);
    for (let at = 0; at < compressed.length; at += STEP) {
      const part = compressed.subarray(at, at + STEP);
      this.step(part, final && at + STEP >= compressed.length);
    }
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private step(part: Uint8Array, final: boolean): void {
    const before = this.read;
    if (before === 0 && !(part[0] === 0x1f && part[1] === 0x8b && part[2] === 8)) throw new ReadError(`${this.name}: not a readable gzip file`);
    this.read += part.length;
    this.step_ = { start: before, bytes: part };
    try {
      this.g.push(part, final);
    } catch (e) {
      if (this.failure) throw this.failure;
      const code = (e as { code?: number }).code;
      if (code === 6)
        throw new ReadError(`${this.name}: data that is not gzip follows the end of the compressed stream (within the first ${fmt(this.read)} compressed bytes read)`);
      if (code === 0)
        throw new ReadError(`${this.name}: the gzip file is cut short: its compressed stream stops before its end, after ${fmt(this.read)} compressed bytes read`);
      throw new ReadError(`${this.name}: the gzip data is damaged (${String((e as Error).message)}) within the first ${fmt(this.read)} compressed bytes read`);
    }
    if (this.failure) throw this.failure;
    if (final) this.endMember(this.read);
    this.tail = lastBytes(this.tail, part, TAIL);
  }

  /** The compressed bytes of the current step, to find a trailer that lies in them. */
  private step_: { start: number; bytes: Uint8Array } = { start: 0, bytes: new Uint8Array(0) as Uint8Array };

  private endMember(offset: number): void {
    // The 8 bytes before `offset`, from this step's bytes and the tail kept from the steps before.
    const { start, bytes } = this.step_;
    const seen = lastBytes(this.tail, bytes, TAIL + bytes.length);
    const end = offset - (start - this.tail.length);
    const trailer = end >= 8 ? seen.subarray(end - 8, end) : new Uint8Array(0);
    const ok = trailer.length === 8 && u32(trailer, 0) === this.crc >>> 0 && u32(trailer, 4) === this.size;
    if (!ok) {
      this.failure = new ReadError(`${this.name}: the gzip file is cut short or damaged: its compressed stream ends without a matching check (CRC-32 and size), after ${fmt(offset)} compressed bytes read`);
      if (offset === this.read) throw this.failure;
      return;
    }
    this.crc = 0;
    this.size = 0;
  }
}

/** Compressed bytes kept from earlier steps: a member's header (and the trailer before it) may span two steps. */
const TAIL = 4096;

const u32 = (b: Uint8Array, at: number) => (b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24) >>> 0;

function lastBytes(a: Uint8Array, b: Uint8Array, n: number): Uint8Array {
  if (b.length >= n) return b.slice(b.length - n);
  const out = new Uint8Array(Math.min(n, a.length + b.length));
  const fromA = out.length - b.length;
  out.set(a.subarray(a.length - fromA), 0);
  out.set(b, fromA);
  return out;
}

/** A whole gzip file inflated and checked (inputs converted in memory: another encoding, whitespace columns). */
export function gunzipAll(name: string, bytes: Uint8Array): Uint8Array {
  const g = new GunzipStream(name);
  const parts = g.push(bytes, true);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
