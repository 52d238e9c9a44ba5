// The notebook's cells as plain data, and the pure operations on them.
import type { QuickChartSpec } from './view/quick-chart';
import type { DimensionsSettings } from '../engine/config/view';
import type { Framework } from '../engine/frameworks';
export const CELL_KINDS = ['data', 'ladder', 'value', 'lifecycle', 'rfm', 'engagement', 'needs', 'satisfaction', 'nps', 'dimensions', 'matrix', 'playbook', 'note', 'sql', 'movement', 'trend', 'cohorts', 'whatChanged', 'clv'] as const;
export type CellKind = (typeof CELL_KINDS)[number];
/** Cells a notebook has only when the user adds them (time cells set a baseline date or replay the model at many dates). */
export const ADDED_ONLY: readonly CellKind[] = ['note', 'sql', 'movement', 'trend', 'cohorts', 'whatChanged', 'clv'];
/** The framework a new Movement or Trend cell shows: the same one, so the two cells read together. */
export const TIME_CELL_FRAMEWORK: Framework = 'ladder';

export interface Cell {
  id: string;
  kind: CellKind;
  collapsed: boolean;
  /** Markdown of a note cell; the query of an SQL cell. */
  text?: string;
  /** The SQL cell's quick chart, when the analyst chose one (otherwise it is guessed from the result). */
  chart?: QuickChartSpec;
  /** A Dimensions cell's framework, dimension, bar mode and typed bin edges (defaults when absent). */
  dimensions?: DimensionsSettings;
  /** A Movement cell's framework, and whether it compares with the pinned config instead of the baseline date. */
  movement?: { framework: Framework; pinned: boolean };
  /** A Trend cell's framework and drawing (defaults when absent). */
  trend?: { framework?: Framework; mode?: 'area' | 'lines' };
  /** A Cohort cell's retention kind and the cohorts on its curves. */
  cohorts?: { mode?: 'customers' | 'revenue'; chosen?: string[] };
  /** A What-changed cell's framework of the per-label split. */
  whatChanged?: { framework?: Framework };
  /** An SQL cell that came with an opened notebook file: it runs only when the user presses Run. */
  waitsForRun?: boolean;
}

/** Queries of a notebook someone else may have written wait for Run (they may be hostile or heavy). */
export function holdQueries(cells: Cell[]): Cell[] {
  return cells.map((c) => (c.kind === 'sql' && c.text ? { ...c, waitsForRun: true } : c));
}

let counter = 0;
export const newId = (kind: CellKind) => `${kind}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function defaultCells(): Cell[] {
  return CELL_KINDS.filter((k) => !ADDED_ONLY.includes(k)).map((kind) => ({ id: kind, kind, collapsed: false }));
}

export function addCell(cells: Cell[], kind: CellKind, id = newId(kind)): Cell[] {
  return [...cells, { id, kind, collapsed: false, ...(kind === 'note' ? { text: '' } : kind === 'movement' ? { movement: { framework: TIME_CELL_FRAMEWORK, pinned: false } } : kind === 'sql' ? { text: 'SELECT ladder, count(*) AS customers, sum(monetary) AS revenue\nFROM customers\nGROUP BY ladder\nORDER BY customers DESC' } : {}) }];
}

export function removeCell(cells: Cell[], id: string): Cell[] {
  return cells.filter((c) => c.id !== id);
}

/** Moves a cell by `delta` places, staying within the notebook. */
export function moveCell(cells: Cell[], id: string, delta: number): Cell[] {
  const from = cells.findIndex((c) => c.id === id);
  const to = Math.max(0, Math.min(cells.length - 1, from + delta));
  if (from < 0 || from === to) return cells;
  const next = [...cells];
  const [cell] = next.splice(from, 1);
  next.splice(to, 0, cell);
  return next;
}

export function updateCell(cells: Cell[], id: string, patch: Partial<Cell>): Cell[] {
  return cells.map((c) => (c.id === id ? { ...c, ...patch } : c));
}
