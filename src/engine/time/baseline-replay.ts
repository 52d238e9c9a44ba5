// The one replay at `time.baselineAsOf` a session keeps (SPEC §4a movement, §6 baseline columns): built
// when first wanted, reused while the baseline date and the data stay, dropped when either changes.
import type { Config } from '../config';
import type { Db } from '../db';
import type { Mapping } from '../mapping';
import { dropReplay, replayFits, replayModel, type Model, type Replay } from '../pipeline';
import { replayPrefix, tablesAt } from '../sql/tables';
import { checkBaseline } from './baseline';

export class BaselineReplay {
  /**
   * The replay being built or built, with its date and the mapping (one per load) it was built from. A
   * promise, so that two callers at once (the export and the movement cell) share one build.
   */
  private held: { date: string; mapping: Mapping; fitted: boolean; replay: Promise<Replay> } | null = null;

  constructor(private db: Db) {}

  /**
   * The replay at the config's baseline, or null without one. A baseline not before as_of is refused
   * (TimeError naming time.baselineAsOf); a replay kept for another date or data is dropped first.
   * It does not depend on as_of, so moving as_of keeps it.
   */
  async get(mapping: Mapping, model: Model, config: Config, partRows?: number): Promise<Replay | null> {
    const b = config.time.baselineAsOf;
    const horizon = replayFits(config);
    // A replay made without its fit is made again once value tiers by predicted_clv need one.
    if (this.held && (this.held.date !== b || this.held.mapping !== mapping || (horizon && !this.held.fitted))) {
      const stale = this.held;
      this.held = null;
      // Once its build has settled, drop whatever of it exists (a failed build may have left some tables).
      await stale.replay.catch(() => null);
      await dropReplay(this.db, tablesAt(replayPrefix(stale.date)));
    }
    if (b === null) return null;
    checkBaseline(b, model.asOf);
    if (!this.held) {
      const replay = replayModel(this.db, mapping, b, undefined, partRows, horizon);
      this.held = { date: b, mapping, fitted: !!horizon, replay };
      replay.catch(() => { if (this.held?.replay === replay) this.held = null; });
    }
    return this.held.replay;
  }
}
