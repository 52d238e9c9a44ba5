// SPEC §4a movement over typed arrays: the baseline's labels (another date's columns, or the current
// columns under a pinned config) relabelled by the same recount as the analysis date, and counted per
// (baseline label, current label) pair. No SQL: a threshold move relabels both sides from their columns.
import type { ClvHorizon } from '../clv/api';
import type { ClvModel } from '../clv-model';
import type { Config } from '../config';
import { FRAMEWORKS, labelKeys, type Framework } from '../frameworks';
import { ABSENT, direction } from '../time/direction';
import { countTouches, sortMetrics, type MetricColumns, type SortedMetrics, type TouchEvents } from './columns';
import { allocate, labelKey, recount, type Recount } from './recount';
import type { LiveData } from './summary';
import { predictAt, type DateFit } from './trend-clv';

/** One framework's movement matrix: counts[fromIndex * to.length + toIndex]. */
export interface FrameworkMovement {
  from: string[];
  to: string[];
  counts: number[];
  up: number;
  down: number;
  /** Customers absent at the baseline, whatever their label now. */
  new: number;
  stayed: number;
  /** Other moves: between unordered labels (lifecycle, rfm_segment, unknown). */
  changed: number;
}

export interface Movement {
  /** The baseline date (movement over time), or null (movement between a pinned config and the current one). */
  baselineAsOf: string | null;
  /** Why there is no matrix (a baseline not before as_of, a cancelled build); the rest of the config applies. */
  problem: string | null;
  /** Null while there is a problem. */
  frameworks: Record<Framework, FrameworkMovement> | null;
}

/** One side of a movement: columns with their own labelling state. */
export interface Side extends Pick<LiveData, 'cols' | 'events' | 'sorted' | 'touches' | 'touchWindow' | 'out' | 'labelledWith'> {
  /** The current idx of each of this side's customers (a baseline date); null: the current customers themselves. */
  at: Int32Array | null;
  /** Labels by current idx, `absent` coded as the framework's label count (a baseline date only). */
  scattered: Partial<Record<Framework, Uint8Array>>;
  /** Counts cached per framework under the key they were counted for. */
  counted: Partial<Record<Framework, { key: string; movement: FrameworkMovement }>>;
  /** The fit this side's predicted_clv column is predicted from (value tiers by predicted_clv), once asked. */
  fit: DateFit | null;
}

export function side(cols: MetricColumns, events: TouchEvents, config: Config, at: Int32Array | null, sorted = sortMetrics(cols)): Side {
  return { cols, events, sorted, touches: new Int32Array(cols.n), touchWindow: -1, out: allocate(cols.n, config), labelledWith: {}, at, scattered: {}, counted: {}, fit: null };
}

/**
 * This side's predicted_clv column from `model` at `horizon` (SPEC §3a: a baseline date's own fit at the
 * config's horizon; a pinned config's fit at its own horizon), re-predicted in place when either changed;
 * value is relabelled then. A side of the current customers shares their columns until it predicts: it
 * takes a column (and a sorted copy) of its own first, so the current tiers keep theirs. A fit not made
 * (pending or refused) predicts nothing: the column stays empty and the tiers fall back to monetary.
 */
export function predictSide(s: Side, model: ClvModel, horizon: ClvHorizon): void {
  if (!model.fit.ok) return;
  if (s.fit?.model !== model) {
    if (!s.at && !s.fit) {
      s.cols = { ...s.cols, predicted_clv: new Float64Array(s.cols.n) };
      s.sorted = sortedOver(s.sorted);
    }
    s.fit = { model, holds: '' };
  }
  if (predictAt(s.fit, s.cols, s.sorted, horizon)) {
    // New values under the same key (a fit landed): neither the labels nor the counts cached under it hold.
    delete s.labelledWith.value;
    delete s.counted.value;
  }
}

/** Sorted lists read through to `base`'s, each until this object is given its own (sortLater). */
function sortedOver(base: SortedMetrics): SortedMetrics {
  const out = {} as SortedMetrics;
  for (const m of Object.keys(base) as (keyof SortedMetrics)[]) Object.defineProperty(out, m, { configurable: true, enumerable: true, get: () => base[m] });
  return out;
}

/** Relabel the frameworks whose config section changed (as `summarise` does), and scatter them to current idx. */
export function relabelSide(s: Side, config: Config, nCurrent: number): void {
  const w = config.engagement.windowDays;
  if (s.touchWindow !== w) {
    countTouches(s.events, s.cols.n, w, s.touches);
    s.touchWindow = w;
  }
  const stale = FRAMEWORKS.filter((fw) => s.labelledWith[fw] !== labelKey(fw, config));
  if (!stale.length) return;
  recount(s.cols, s.touches, s.sorted, config, s.out, stale);
  for (const fw of stale) {
    s.labelledWith[fw] = labelKey(fw, config);
    if (s.at) s.scattered[fw] = scatter(s.out.labels[fw], s.at, nCurrent, labelKeys(fw, config).length);
  }
}

/** Labels by current idx; customers outside the baseline universe get `absentCode`. */
export function scatter(labels: Uint8Array, at: Int32Array, n: number, absentCode: number): Uint8Array {
  const out = new Uint8Array(n).fill(absentCode);
  for (let j = 0; j < at.length; j++) out[at[j]] = labels[j];
  return out;
}

/** The baseline label of every current customer (absent coded as the label count). */
export function baselineLabels(s: Side, fw: Framework): Uint8Array {
  return s.at ? s.scattered[fw]! : s.out.labels[fw];
}

/** The baseline's label keys: with `absent` last for a baseline date. */
export function fromKeys(s: Side, fw: Framework, baseConfig: Config): string[] {
  const keys = labelKeys(fw, baseConfig);
  return s.at ? [...keys, ABSENT] : keys;
}

/**
 * Every framework's matrix of the current customers kept by `keep`. `current`: the labels at as_of under
 * the current config; `filterKey` names the filter (counts are redone when it or either labelling changed).
 */
export function movementOf(s: Side, baseConfig: Config, current: Recount, config: Config, currentLabelled: Partial<Record<Framework, string>>, keep: Uint8Array | undefined, filterKey: string): Record<Framework, FrameworkMovement> {
  const all = {} as Record<Framework, FrameworkMovement>;
  for (const fw of FRAMEWORKS) {
    // labelledWith holds each side's config section (rfm's includes its segment list: the label keys).
    const key = JSON.stringify([s.labelledWith[fw], currentLabelled[fw], filterKey]);
    const cached = s.counted[fw];
    if (cached?.key === key) { all[fw] = cached.movement; continue; }
    const movement = countMoves(fw, fromKeys(s, fw, baseConfig), labelKeys(fw, config), baselineLabels(s, fw), current.labels[fw], keep);
    s.counted[fw] = { key, movement };
    all[fw] = movement;
  }
  return all;
}

/** Customers per (from, to) pair, and the totals by SPEC §4a direction. */
export function countMoves(fw: Framework, from: string[], to: string[], fromLabels: Uint8Array, toLabels: Uint8Array, keep?: Uint8Array): FrameworkMovement {
  const width = to.length;
  const cells = new Float64Array(from.length * width);
  for (let i = 0; i < toLabels.length; i++) if (!keep || keep[i]) cells[fromLabels[i] * width + toLabels[i]]++;
  const m: FrameworkMovement = { from, to, counts: Array.from(cells), up: 0, down: 0, new: 0, stayed: 0, changed: 0 };
  from.forEach((a, r) => to.forEach((b, c) => {
    const n = cells[r * width + c];
    if (!n) return;
    if (a === ABSENT) m.new += n;
    else {
      const d = direction(fw, a, b);
      if (d === 'same') m.stayed += n;
      else if (d === 'up') m.up += n;
      else if (d === 'down') m.down += n;
      else m.changed += n;
    }
  }));
  return m;
}
