// The WebAssembly passes (kernels.wat) behind typed functions: the memory laid out, the inputs copied in,
// the answers copied out. One instance per thread (the page's engine worker, a test, the command line),
// made on first use; its memory only grows, to the largest pass asked of it.
import { KERNELS_WASM } from './kernels-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  predictedColumn(pAlive: number, perGroup: number, groupOf: number, eov: number, idx: number, purchases: number, out: number, later: number, m: number, groups: number, k: number, res: number): number;
  ifAliveGroups(r: number, a: number, b: number, xs: number, tenureOf: number, z: number, first: number, scale: number, growth: number, groups: number, out: number): void;
  keptStats(values: number, n: number, keep: number, hasKeep: number, bound: number, collect: number, rows: number, guess: number, start: number, step: number, counts: number, last: number, res: number): void;
}

let instance: Exports | null = null;
function kernels(): Exports {
  if (!instance) {
    const bytes = Uint8Array.from(atob(KERNELS_WASM), (c) => c.charCodeAt(0));
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  }
  return instance;
}

/** Byte offsets of consecutive regions of these sizes from `from`, each 8-aligned; and where they end. */
function layout(from: number, sizes: number[]): { at: number[]; end: number } {
  const at: number[] = [];
  let end = from;
  for (const size of sizes) {
    at.push(end);
    end += Math.ceil(size / 8) * 8;
  }
  return { at, end };
}

/** The memory's buffer, grown first to hold `end` bytes (growing detaches every earlier view of it). */
function bufferFor(k: Exports, end: number): ArrayBuffer {
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / 65536));
  return k.memory.buffer;
}

const RES_BYTES = 48;

/**
 * The predicted column's inputs per fit (P(alive), expected order value, the 2F1 group and customer of
 * each row, every customer's purchases), kept at the start of the memory while the same arrays are asked
 * for: a horizon move copies in only the groups' values. `end`: where the other passes' space begins.
 */
let perFit: { keys: readonly object[]; at: number[]; end: number; m: number; n: number } | null = null;

export interface PredictedColumnRows {
  pAlive: Float64Array;
  expectedOrderValue: Float64Array;
  groupOf: Int32Array;
  /** Each row's customer (the column's index). */
  idx: Int32Array;
}

/**
 * predictedColumnInto's pass (src/engine/live/predicted.ts): out[idx[i]] for every row on the fast path,
 * the other rows listed in `later` for the caller, and the count of rows written whose customer has
 * purchases. Every other customer's value in `out` is NaN.
 */
export function predictedColumnPass(rows: PredictedColumnRows, purchases: Int32Array, perGroup: Float64Array, k: number, out: Float64Array): { later: Int32Array; buyers: number } {
  const w = kernels();
  const m = rows.idx.length;
  const n = out.length;
  const keys = [rows.pAlive, rows.expectedOrderValue, rows.groupOf, rows.idx, purchases];
  if (!perFit || perFit.m !== m || perFit.n !== n || perFit.keys.some((key, i) => key !== keys[i])) {
    perFit = null;
    const { at, end } = layout(0, [8 * m, 8 * m, 4 * m, 4 * m, 4 * n]);
    const buffer = bufferFor(w, end);
    new Float64Array(buffer, at[0], m).set(rows.pAlive);
    new Float64Array(buffer, at[1], m).set(rows.expectedOrderValue);
    new Int32Array(buffer, at[2], m).set(rows.groupOf);
    new Int32Array(buffer, at[3], m).set(rows.idx);
    new Int32Array(buffer, at[4], n).set(purchases);
    perFit = { keys, at, end, m, n };
  }
  const [pAlive, eov, groupOf, idx, buyersOf] = perFit.at;
  const { at, end } = layout(perFit.end, [8 * perGroup.length, 8 * n, 4 * m, RES_BYTES]);
  const buffer = bufferFor(w, end);
  new Float64Array(buffer, at[0], perGroup.length).set(perGroup);
  const column = new Float64Array(buffer, at[1], n).fill(NaN);
  const deferred = w.predictedColumn(pAlive, at[0], groupOf, eov, idx, buyersOf, at[1], at[2], m, perGroup.length, k, at[3]);
  out.set(column);
  return { later: new Int32Array(buffer, at[2], deferred).slice(), buyers: new Float64Array(buffer, at[3], 1)[0] };
}

export interface KeptStatsAnswer {
  n: number; total: number; min: number; max: number;
  /** The rows at or above the bound, in row order. */
  rows: Int32Array;
  /** With bars to count into: a value fell outside them (counted in the last). */
  over: boolean;
}

/**
 * keptStats' pass (src/engine/clv/view.ts): count, sum, min and max of the kept non-null values; with a
 * finite `bound`, the rows at or above it; with `counts`, every other kept value counted into those bars
 * at floor((x − start) / step) (the last bar also holding any outside them), in place.
 */
export function keptStatsPass(values: Float64Array, keep: Uint8Array | undefined, bound: number, bars?: { start: number; step: number; counts: Float64Array }): KeptStatsAnswer {
  const w = kernels();
  const n = values.length;
  const collect = bound < Infinity;
  const bars0 = bars?.counts.length ?? 1;
  const { at, end } = layout(perFit?.end ?? 0, [8 * n, keep ? n : 0, collect ? 4 * n : 0, 8 * bars0, RES_BYTES]);
  const buffer = bufferFor(w, end);
  new Float64Array(buffer, at[0], n).set(values);
  if (keep) new Uint8Array(buffer, at[1], n).fill(0).set(keep.subarray(0, n));
  const counts = new Float64Array(buffer, at[3], bars0);
  counts.set(bars?.counts ?? [0]);
  w.keptStats(at[0], n, at[1], keep ? 1 : 0, bound, collect ? 1 : 0, at[2], bars ? 1 : 0, bars?.start ?? 0, bars?.step ?? 1, at[3], bars0 - 1, at[4]);
  const res = new Float64Array(buffer, at[4], 6);
  bars?.counts.set(counts);
  return { n: res[0], total: res[1], min: res[2], max: res[3], rows: new Int32Array(buffer, at[2], res[4]).slice(), over: res[5] === 1 };
}

/** Per tenure T, what its (x, T) groups share (src/engine/clv/bgnbd.ts atTenure): one entry per distinct T. */
export interface Tenures { z: Float64Array; first: Float64Array; scale: Float64Array; growth: Float64Array }

/**
 * expectedIfAliveAt for every (x, T) group (its x, and its T's index into `tenures`): the 2F1 series of a
 * horizon move, 35,000 groups at a million buyers.
 */
export function ifAliveGroupsPass(p: { r: number; a: number; b: number }, xs: Float64Array, tenureOf: Uint32Array, tenures: Tenures): Float64Array {
  const w = kernels();
  const g = xs.length;
  const t = tenures.z.length;
  const { at, end } = layout(perFit?.end ?? 0, [8 * g, 4 * g, 8 * t, 8 * t, 8 * t, 8 * t, 8 * g]);
  const buffer = bufferFor(w, end);
  new Float64Array(buffer, at[0], g).set(xs);
  new Int32Array(buffer, at[1], g).set(tenureOf);
  [tenures.z, tenures.first, tenures.scale, tenures.growth].forEach((v, i) => new Float64Array(buffer, at[2 + i], t).set(v));
  w.ifAliveGroups(p.r, p.a, p.b, at[0], at[1], at[2], at[3], at[4], at[5], g, at[6]);
  return new Float64Array(buffer, at[6], g).slice();
}
