// The strategy matrix (SPEC §4 "Strategy mapping"): two frameworks crossed, one strategy per cell.
// Cells hold strategy ids; a cell the user has not assigned follows the default rule below.
import type { Config } from '../config';
import { labelKeys, type Framework } from '../frameworks';
import { strategyIds } from './effective';

export const NO_COLUMNS = 'none';
export type MatrixColumns = Framework | typeof NO_COLUMNS;

export interface MatrixShape {
  rows: Framework;
  cols: MatrixColumns;
  rowKeys: string[];
  /** The column framework's labels; one column, 'all', when the matrix has no column framework. */
  colKeys: string[];
}

export const ALL = 'all';

export function matrixShape(config: Config): MatrixShape {
  const { rows, cols } = config.strategy.matrix;
  return { rows, cols, rowKeys: labelKeys(rows, config), colKeys: cols === NO_COLUMNS ? [ALL] : labelKeys(cols, config) };
}

/** The key of a cell in strategy.matrix.cells: `row|col`, or just `row` without a column framework. */
export function cellKey(cols: MatrixColumns, row: string, col: string): string {
  return cols === NO_COLUMNS ? row : `${row}|${col}`;
}

/** Every cell's key under this shape. */
function cellKeys(shape: MatrixShape): Set<string> {
  return new Set(shape.rowKeys.flatMap((r) => shape.colKeys.map((c) => cellKey(shape.cols, r, c))));
}

/**
 * Labels that call for a time-bound action: a cell with one of them takes that label's strategy over
 * the other framework's standing one (a high-value customer at risk gets the win-back call).
 */
const URGENT = new Set(['lifecycle.new', 'lifecycle.at_risk', 'lifecycle.churned', 'satisfaction.low', 'nps.detractor']);

/** The default rule: the urgent label's strategy if exactly the column is urgent, else the row label's. */
export function defaultStrategy(rows: Framework, row: string, cols: MatrixColumns, col: string): string {
  const r = `${rows}.${row}`;
  if (cols === NO_COLUMNS) return r;
  const c = `${cols}.${col}`;
  return URGENT.has(c) && !URGENT.has(r) ? c : r;
}

export interface Assignment {
  row: string;
  col: string;
  /** The strategy id, or null for a cell left empty (or whose default strategy was removed). */
  strategy: string | null;
  /** Set by the user (strategy.matrix.cells), not by the default rule. */
  assigned: boolean;
}

/** Every cell of the matrix, row-major, with its strategy. */
export function assignments(config: Config): Assignment[] {
  const shape = matrixShape(config);
  const ids = strategyIds(config);
  const cells = config.strategy.matrix.cells;
  const out: Assignment[] = [];
  for (const row of shape.rowKeys) for (const col of shape.colKeys) {
    const key = cellKey(shape.cols, row, col);
    if (key in cells) out.push({ row, col, strategy: cells[key], assigned: true });
    else {
      const d = defaultStrategy(shape.rows, row, shape.cols, col);
      out.push({ row, col, strategy: ids.has(d) ? d : null, assigned: false });
    }
  }
  return out;
}

/** Problems with the matrix under this config, each as [field, message] (the config schema reports the first). */
export function matrixIssues(config: Config): [string, string][] {
  const { rows, cols, cells } = config.strategy.matrix;
  if (rows === cols) return [['strategy.matrix.cols', 'must differ from strategy.matrix.rows']];
  const shape = matrixShape(config);
  const keys = cellKeys(shape);
  const ids = strategyIds(config);
  const issues: [string, string][] = [];
  for (const [key, id] of Object.entries(cells)) {
    const field = `strategy.matrix.cells.${key}`;
    if (!keys.has(key)) issues.push([field, `is not a cell of ${rows}${cols === NO_COLUMNS ? '' : ` × ${cols}`} (cells are written ${cols === NO_COLUMNS ? 'row' : 'row|column'} with label keys)`]);
    else if (id !== null && !ids.has(id)) issues.push([field, `names strategy "${id}", which is not in the playbook`]);
  }
  return issues;
}

/**
 * The config without assigned cells that no longer exist (a renamed RFM segment, another framework):
 * what an edit in the page does to them. Documents from outside (links, files) are refused instead.
 */
export function withoutStaleCells(config: Config): Config {
  let keys: Set<string>;
  try {
    const shape = matrixShape(config);
    keys = cellKeys(shape);
  } catch {
    return config; // not even well-formed: validation will say why
  }
  const cells = Object.fromEntries(Object.entries(config.strategy.matrix.cells).filter(([k]) => keys.has(k)));
  if (Object.keys(cells).length === Object.keys(config.strategy.matrix.cells).length) return config;
  return { ...config, strategy: { ...config.strategy, matrix: { ...config.strategy.matrix, cells } } };
}
