// What a Session answers, as the worker's API, the page and the tests see it (src/engine/session.ts).
import type { Framework } from './frameworks';
import type { FunnelStep } from './funnel';
import type { Segment } from './sql/export';
import type { ListColumn } from './live/customer-list';
import type { Model } from './pipeline';
import type { Assignment, MatrixColumns } from './playbook/matrix';
import type { ModelCharts, RfmHeat, ValueTiers } from './live/chart-data';
import type { ScoreCuts, ValueShares } from './live/cut-notes';
import type { RuleReach } from './rfm-rules';
import type { MoveFrom } from './movements';
import type { Movement } from './live/movement';

/** Reads a query's numeric columns as typed arrays (Arrow in the worker, rows in Node). */
export type ColumnReader = (sql: string) => Promise<Record<string, Float64Array | Int32Array>>;

export interface Summary {
  asOf: string;
  customers: number;
  report: Model['report'];
  examples: Model['examples'];
  formats: Model['formats'];
  counts: Record<Framework, { key: string; customers: number }[]>;
  funnel: FunnelStep[];
  /** The NPS score of all customers (SPEC §4); null when nobody answered. */
  npsScore: number | null;
  /** Whether anyone can be an advocate: referrals (mapped, or referred_by) or NPS answers exist. */
  advocateData: boolean;
  value: ValueTiers;
  /** Share mode: the shares of buyers each tier got next to those asked (ties at a cut move them). */
  valueShares: ValueShares | null;
  rfm: RfmHeat;
  /** Each score's cuts, labelled, with the buyers per score: which scores cannot occur, and why. */
  rfmScores: ScoreCuts[];
  /** Each segment rule's reach over the score cube: rules that never match, and which rules cover them. */
  rfmRules: RuleReach[];
  /** Depends on the data, as_of and the filter only. */
  charts: ModelCharts;
  /** The filter every count is under (`customers` is how many it keeps, of `of`); null for all customers. */
  filter: ActiveFilter | null;
  recountMs: number;
  /** How many frameworks this recount relabelled (those whose config section changed). */
  relabelled: number;
  /** The strategy matrix: every cell's customers, revenue and strategy under the current config. */
  matrix: StrategyMatrix;
  /** SPEC §4a movement since `time.baselineAsOf` (absent without one, and from the early worker's answers). */
  movement?: Movement | null;
  /** Movement between the pinned config and the current one (absent when none is pinned). */
  pinnedMovement?: Movement | null;
}

/** Which customers of a cell to list, and how. */
export interface CustomerQuery {
  cell: Segment[];
  search: string;
  sort: ListColumn;
  descending: boolean;
  limit: number;
  /** A movement cell: also holding this baseline label (`cell` holds the current one). */
  move?: MoveFrom;
}

export interface CustomerList {
  /** Customers in the cell that match the search (the page holds at most `limit` of them). */
  total: number;
  columns: string[];
  rows: (string | number | null)[][];
  /** The predicted-value fit is still running: its columns come once it lands (ask again then). */
  fitting: boolean;
}

export interface StrategyMatrix {
  rows: Framework;
  cols: MatrixColumns;
  rowKeys: string[];
  colKeys: string[];
  /** Row-major, rowKeys.length × colKeys.length cells. */
  cells: (Assignment & { customers: number; revenue: number })[];
  totalRevenue: number;
}

/** A framework broken down by a dimension: customers per (label, value); the last value is "missing". */
export interface Breakdown {
  framework: Framework;
  dimension: string;
  labels: string[];
  values: string[];
  /** counts[labelIndex][valueIndex], values.length + 1 columns (the last: missing). */
  counts: number[][];
  edges?: number[];
  /** nps only: the NPS score per column (SPEC §4), over those who answered; "no answer" is not in it. */
  nps?: { score: number | null; answered: number }[];
}


/** A filter in force, with the number of customers of the data (the export offers filtered or all). */
export type ActiveFilter = Filter & { of: number };

/** Customers kept by every cell: those whose `dimension` value is one of `values` (bin labels for numeric ones). */
export interface Filter {
  dimension: string;
  values: string[];
  /** Bin edges of a numeric dimension (its default edges if absent). */
  edges?: number[];
}

export type Outcome = { ok: true; summary: Summary } | { ok: false; error: string };
