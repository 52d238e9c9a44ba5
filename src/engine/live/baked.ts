// The bundled sample's live columns, baked at build time (npm run sample:snapshot) into one compact
// binary asset: what the worker recounts from while DuckDB-WASM starts (workers/early.ts). The
// numbers are the engine's own, bit for bit (doubles as doubles), so every answer is the engine's.
//
// Layout (deflated as a whole with fflate): a little-endian uint32 byte length of a JSON header, the
// header, zero padding to a multiple of 8, then the arrays the header lists, in its order.
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { INT_COLUMNS, METRIC_COLUMNS, toMetricColumns, type MetricColumns, type TouchEvents } from './columns';
import type { DataFacts } from './summary';

export interface BakedSample {
  facts: DataFacts;
  cols: MetricColumns;
  events: TouchEvents;
}

const FORMAT = 'tierbook-live-columns/1';

interface Header {
  format: typeof FORMAT;
  facts: DataFacts;
  /** Every array that follows, with its element type and length. */
  arrays: { name: string; type: 'i32' | 'f64'; length: number }[];
}

const isInt = (c: string) => (INT_COLUMNS as readonly string[]).includes(c);

export function encodeBaked(b: BakedSample): Uint8Array {
  const arrays: { name: string; data: Int32Array | Float64Array }[] = [
    ...METRIC_COLUMNS.map((name) => ({ name, data: b.cols[name] })),
    // Events are sorted by days before as_of, then customer: both stored as differences from the event
    // before (customers within the same day), small numbers that pack well.
    { name: 'events.idx', data: idxDeltas(b.events) },
    { name: 'events.daysBefore', data: deltas(b.events.daysBefore) },
  ];
  const header: Header = {
    format: FORMAT, facts: b.facts,
    arrays: arrays.map(({ name, data }) => ({ name, type: data instanceof Int32Array ? 'i32' : 'f64', length: data.length })),
  };
  const head = strToU8(JSON.stringify(header));
  const start = align8(4 + head.length);
  const total = arrays.reduce((at, a) => at + a.data.byteLength, start);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = start;
  for (const { data } of arrays) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return deflateSync(out, { level: 9 });
}

/** The baked sample, or an error naming what is wrong with the asset (the caller steps aside). */
export function decodeBaked(deflated: Uint8Array): BakedSample {
  const bytes = inflateSync(deflated);
  const headLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(strFromU8(bytes.subarray(4, 4 + headLength))) as Header;
  if (header.format !== FORMAT) throw new Error(`baked sample columns: format "${header.format}", expected "${FORMAT}"`);
  const raw: Record<string, Int32Array | Float64Array> = {};
  let at = bytes.byteOffset + align8(4 + headLength);
  for (const a of header.arrays) {
    const size = a.type === 'i32' ? 4 : 8;
    // Copied out: the views need aligned offsets, and the inflated buffer is dropped afterwards.
    const copy = bytes.buffer.slice(at, at + a.length * size);
    raw[a.name] = a.type === 'i32' ? new Int32Array(copy) : new Float64Array(copy);
    at += a.length * size;
  }
  for (const c of METRIC_COLUMNS) {
    const got = raw[c];
    if (!got || (got instanceof Int32Array) !== isInt(c)) throw new Error(`baked sample columns: column "${c}" is missing or of the wrong type`);
  }
  return {
    facts: header.facts,
    cols: toMetricColumns(header.facts.customers, raw),
    events: eventsOf(raw['events.idx'] as Int32Array, sums(raw['events.daysBefore'] as Int32Array)),
  };
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function deltas(xs: Int32Array): Int32Array {
  const out = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i] - (i ? xs[i - 1] : 0);
  return out;
}

function sums(ds: Int32Array): Int32Array {
  const out = new Int32Array(ds.length);
  for (let i = 0, acc = 0; i < ds.length; i++) out[i] = acc += ds[i];
  return out;
}

function idxDeltas({ idx, daysBefore: day }: TouchEvents): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = idx[i] - (i && day[i] === day[i - 1] ? idx[i - 1] : 0);
  return out;
}

function eventsOf(idxDeltas: Int32Array, daysBefore: Int32Array): TouchEvents {
  const idx = new Int32Array(idxDeltas.length);
  for (let i = 0; i < idx.length; i++) idx[i] = idxDeltas[i] + (i && daysBefore[i] === daysBefore[i - 1] ? idx[i - 1] : 0);
  return { idx, daysBefore };
}
