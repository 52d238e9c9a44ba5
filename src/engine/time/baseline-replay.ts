// The one replay at `time.baselineAsOf` a session keeps (SPEC §4a movement, §6 baseline columns): built
// when first wanted, reused while the baseline date and the data stay, dropped when either changes.
import type { Config } from '../config';
import type { Db } from '../db';
import type { Mapping } from '../mapping';
import { dropReplay, replayModel, type Model, type Replay } from '../pipeline';
import { checkBaseline } from './baseline';

export class BaselineReplay {
  /** The replay and the mapping (one per load) it was built from. */
  private held: { replay: Replay; mapping: Mapping } | null = null;

  constructor(private db: Db) {}

  /**
   * The replay at the config's baseline, or null without one. A baseline not before as_of is refused
   * (TimeError naming time.baselineAsOf); a replay kept for another date or data is dropped first.
   * It does not depend on as_of, so moving as_of keeps it.
   */
  async get(mapping: Mapping, model: Model, config: Config, partRows?: number): Promise<Replay | null> {
    const b = config.time.baselineAsOf;
    if (this.held && (this.held.replay.asOf !== b || this.held.mapping !== mapping)) {
      const stale = this.held.replay;
      this.held = null;
      await dropReplay(this.db, stale.tables);
    }
    if (b === null) return null;
    checkBaseline(b, model.asOf);
    this.held ??= { replay: await replayModel(this.db, mapping, b, undefined, partRows), mapping };
    return this.held.replay;
  }
}
