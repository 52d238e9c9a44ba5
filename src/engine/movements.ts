// The Session's movement state (SPEC §4a): the baseline date's replay, read once per (data, as_of,
// baseline) into live columns, and a pinned config; both relabelled by the live recount on every move.
import type { Config } from './config';
import type { Db } from './db';
import { FRAMEWORKS, type Framework } from './frameworks';
import { clvHorizon } from './clv-model';
import { dropReplay, replayFits, type Model, type Replay } from './pipeline';
import { replayPrefix, tablesAt } from './sql/tables';
import type { Mapping } from './mapping';
import { metricColumnsSql, sortTouchEvents, toMetricColumns, touchEventsUnsortedSql } from './live/columns';
import { baselineLabels, movementOf, predictSide, relabelSide, side, type Movement, type Side } from './live/movement';
import type { LiveData } from './live/summary';
import { tiersByPrediction } from './value-metric';

type ColumnReader = (sql: string) => Promise<Record<string, Float64Array | Int32Array>>;

/** The steps of a baseline build, reported as they start (the page shows them; a cancel is heard between them). */
export const BASELINE_STEPS = ['model', 'columns', 'customers'] as const;
export interface BaselineProgress {
  date: string;
  step: (typeof BASELINE_STEPS)[number];
  index: number;
  of: number;
}
export interface BaselineHooks {
  progress?: (p: BaselineProgress) => void;
  /** Called between steps; throws to cancel the build. */
  checkpoint?: () => Promise<void>;
  /** Whether a cancel was asked (an error thrown then is the cancel, wherever it came from). */
  cancelled?: () => boolean;
  /** Runs the build (the worker lets a cancel in before each statement while it runs). */
  wrap?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** The baseline side of one movement cell (the `to` label is a Segment of the current labels). */
export interface MoveFrom {
  framework: Framework;
  /** A baseline label, or `absent`. */
  from: string;
  /** Movement between configs (the pinned one) instead of between dates. */
  pinned?: boolean;
}

/** The loaded dataset the baseline belongs to (a new object after every model build). */
interface Current extends LiveData {
  mapping: Mapping;
  model: Model;
}

/** Said in the cell (and by the CLI, which exits 2): the rest of the config applies. */
export const notBeforeProblem = (asOf: string) => `time.baselineAsOf must be before the analysis date ${asOf}`;
export const CANCELLED = 'cancelled';

export class Movements {
  private dated: { for: Current; asOf: string; replay: Replay | null; side: Side | null; problem: string | null; fit?: Model['clv'] } | null = null;
  private pinned: { config: Config; for: Current | null; side: Side | null } | null = null;
  hooks: BaselineHooks = {};

  constructor(private db: Db, private readColumns: ColumnReader) {}

  /** The replay the baseline in force was read from (the Session keeps it: Session.baseline()), if read.  */
  get replay(): Replay | null {
    return this.dated?.replay ?? null;
  }

  /**
   * Read the baseline the config asks for into live columns when data, as_of or the date changed; SQL only
   * then. `replay` gives the Session's one replay at the baseline date (built on first use, shared with the
   * export: Session.baseline()).
   */
  async sync(d: Current, config: Config, replay: () => Promise<Replay | null>): Promise<void> {
    const b = config.time.baselineAsOf;
    // Value tiers by predicted_clv read the baseline's own fit: a side read from a replay made without one
    // is read again (the Session's replay is then made again with its fit, as the export's is).
    const unfitted = !!this.dated?.side && !this.dated.fit && !!replayFits(config);
    if (this.dated && (this.dated.for !== d || this.dated.asOf !== b || unfitted)) this.dated = null;
    // Read, refused or cancelled for this data and date: a cancelled build is retried only when asked (`retry`).
    if (!b || this.dated) return;
    if (b >= d.model.asOf) {
      this.dated = { for: d, asOf: b, replay: null, side: null, problem: notBeforeProblem(d.model.asOf) };
      return;
    }
    this.dated = { for: d, asOf: b, replay: null, side: null, problem: null };
    try {
      const build = () => this.build(d, b, config, replay);
      this.dated.side = await (this.hooks.wrap ? this.hooks.wrap(build) : build());
    } catch (e) {
      this.dated.problem = e === CANCELLED || this.hooks.cancelled?.() ? CANCELLED : `time.baselineAsOf ${b}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      // A replay cut short leaves some of its tables: gone, so the next build starts clean (a finished one
      // is the Session's, kept for the export).
      if (!this.dated.replay) await dropReplay(this.db, tablesAt(replayPrefix(b)));
    }
  }

  /** Forget a cancelled or failed build so that the next `sync` builds again. */
  retry(): void {
    if (this.dated?.problem && !this.dated.side) this.dated = null;
  }

  private async build(d: Current, b: string, config: Config, replayAt: () => Promise<Replay | null>): Promise<Side> {
    const step = async (k: number) => {
      if (k > 0) {
        try {
          await this.hooks.checkpoint?.();
        } catch {
          throw CANCELLED;
        }
      }
      this.hooks.progress?.({ date: b, step: BASELINE_STEPS[k], index: k, of: BASELINE_STEPS.length });
    };
    await step(0);
    const replay = await replayAt();
    if (!replay) throw new Error('no replay');
    this.dated!.replay = replay;
    this.dated!.fit = replay.clv;
    await step(1);
    const cols = toMetricColumns(replay.customers, await this.readColumns(metricColumnsSql(replay.tables)));
    const ev = await this.readColumns(touchEventsUnsortedSql(replay.tables));
    const events = sortTouchEvents(ev.idx, ev.days_before, replay.customers);
    await step(2);
    // Each baseline customer's idx at as_of (the baseline universe is a subset of the current one).
    const { current } = await this.readColumns(`SELECT CAST(m.idx AS INTEGER) AS current FROM ${replay.tables.metrics} b JOIN tb_metrics m USING (customer_id) ORDER BY b.idx`);
    if (current.length !== replay.customers) throw new Error(`${replay.customers - current.length} baseline customers are not customers at ${d.model.asOf}`);
    return side(cols, events, config, Int32Array.from(current));
  }

  /** Pin a config as the baseline of movement between configs (null: unpin). */
  pin(config: Config | null): void {
    this.pinned = config ? { config, for: null, side: null } : null;
  }

  get pinnedConfig(): Config | null {
    return this.pinned?.config ?? null;
  }

  /** The movement matrices under the current labels of `d`; pure array work. */
  summary(d: Current, config: Config): { movement: Movement | null; pinnedMovement: Movement | null } {
    const filterKey = JSON.stringify(d.filter?.spec ?? null);
    const keep = d.filter?.keep;
    let movement: Movement | null = null;
    const dated = this.dated;
    if (dated && dated.for === d && dated.asOf === config.time.baselineAsOf) {
      if (dated.side) {
        if (dated.fit && tiersByPrediction(config)) predictSide(dated.side, dated.fit, clvHorizon(config));
        relabelSide(dated.side, config, d.cols.n);
        movement = { baselineAsOf: dated.asOf, problem: null, frameworks: movementOf(dated.side, config, d.out, config, d.labelledWith, keep, filterKey) };
      } else movement = { baselineAsOf: dated.asOf, problem: dated.problem, frameworks: null };
    }
    let pinnedMovement: Movement | null = null;
    const p = this.pinned;
    if (p) {
      if (p.for !== d || !p.side) p.side = side(d.cols, d.events, p.config, null, d.sorted);
      p.for = d;
      if (tiersByPrediction(p.config)) predictSide(p.side, d.model.clv, clvHorizon(p.config));
      relabelSide(p.side, p.config, d.cols.n);
      pinnedMovement = { baselineAsOf: null, problem: null, frameworks: movementOf(p.side, p.config, d.out, config, d.labelledWith, keep, filterKey) };
    }
    return { movement, pinnedMovement };
  }

  /** The baseline-label condition of a movement cell, for the customer list (call after `summary`). */
  where(d: Current, move: MoveFrom): { labels: Uint8Array; index: number } {
    const fw = move.framework;
    if (!FRAMEWORKS.includes(fw)) throw new Error(`unknown framework "${fw}"`);
    const s = move.pinned ? this.pinned?.side : this.dated?.for === d ? this.dated.side : null;
    if (!s) throw new Error(move.pinned ? 'no config is pinned' : 'no baseline is built (time.baselineAsOf)');
    // The keys the matrix was counted with: the baseline's labels (then `absent`, for a baseline date).
    const index = s.counted[fw]?.movement.from.indexOf(move.from) ?? -1;
    if (index < 0) throw new Error(`"${move.from}" is not a baseline ${fw} label`);
    return { labels: baselineLabels(s, fw), index };
  }
}
