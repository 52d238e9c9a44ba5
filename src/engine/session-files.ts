// What a session writes out: the SPEC §6 export (whole, a segment's, a movement cell's customers), its
// bundle and the movement file, each under the config in force, the fit finished and tb_clv written first
// (the command line's bytes).
import { bundleFiles, zipBundle } from './bundle';
import type { ClvViews, PredictedData } from './clv-views';
import type { Config } from './config';
import type { Db } from './db';
import type { MoveFrom } from './movements';
import { exportLines, type Replay } from './pipeline';
import type { CustomerQuery } from './session-types';
import type { Segment, Selection } from './sql/export';
import { movementLines } from './time/movement';

/** The session as its files see it. */
export interface FilesHost {
  readonly loaded: PredictedData | null;
  readonly config: Config;
  readonly predictions: ClvViews;
  baseline(): Promise<Replay | null>;
}

export class SessionFiles {
  constructor(
    private db: Db,
    private host: FilesHost,
    /** The dimension filter in force as SQL (none when off). */
    private filterCondition: () => Promise<string | undefined>,
    /** A movement cell's customers, by idx. */
    private cellIdx: (q: CustomerQuery, filtered: boolean) => Int32Array,
  ) {}

  private require(): PredictedData {
    const d = this.host.loaded;
    if (!d) throw new Error('no data is loaded yet');
    return d;
  }

  /** The export with its config, config hash, SQL and load report, zipped (src/engine/bundle.ts). */
  async bundle(): Promise<Uint8Array> {
    const d = this.require();
    const { config, replay } = await this.basis();
    return zipBundle(await bundleFiles(this.db, d.mapping, config, d.model, replay));
  }

  /** The export (or a segment's); `filtered`: only the customers the dimension filter keeps, as every count does. */
  async lines(selection?: Selection, filtered = false): Promise<string[]> {
    const d = this.require();
    const { config, replay } = await this.basis();
    return exportLines(this.db, d.mapping, config, d.model, selection, filtered ? await this.filterCondition() : undefined, replay);
  }

  /**
   * The export of a movement cell's customers (those the list shows, without its search): their idx cross
   * to a temporary table, so the SQL stays one small condition whatever the cell's size. A pinned config's
   * cell leaves out the baseline date's columns: they would say another baseline than the cell's rows.
   */
  async movementCell(move: MoveFrom, to: Segment, filtered = false): Promise<string[]> {
    const d = this.require();
    const idx = this.cellIdx({ cell: [to], search: '', sort: 'customer_id', descending: false, limit: 1, move }, filtered);
    await this.db.exec('CREATE OR REPLACE TEMP TABLE tb_move_pick (idx INTEGER)');
    for (let k = 0; k < idx.length; k += 50_000) await this.db.exec(`INSERT INTO tb_move_pick VALUES ${Array.from(idx.subarray(k, k + 50_000), (i) => `(${i | 0})`).join(', ')}`);
    try {
      const { config, replay } = await this.basis(!!move.pinned);
      return await exportLines(this.db, d.mapping, config, d.model, to, 'mt.idx IN (SELECT idx FROM tb_move_pick)', replay);
    } finally {
      await this.db.exec('DROP TABLE IF EXISTS tb_move_pick');
    }
  }

  /** The command line's --movement file (every framework, all customers: the CLI has no filter), byte for byte. */
  async movementFile(): Promise<string[]> {
    const d = this.require();
    await this.predictionsWritten();
    const replay = await this.host.baseline();
    if (!replay) throw new Error('time.baselineAsOf is not set: the movement file needs a baseline date');
    return movementLines(this.db, d.mapping, this.host.config, d.model, replay);
  }

  /** The export always carries the fit: a deferred one is finished first, and tb_clv written at the horizon in force. */
  private async predictionsWritten(): Promise<void> {
    await this.host.predictions.ready();
    await this.host.predictions.table();
  }

  /**
   * The config and baseline replay a page export is made under. A baseline not before as_of leaves the
   * export without baseline columns (SPEC §5: the views needing it stay empty, the rest of the config
   * applies); the command line refuses it instead. `noBaseline`: without them whatever the config says.
   */
  private async basis(noBaseline = false): Promise<{ config: Config; replay?: Replay }> {
    const d = this.require();
    await this.predictionsWritten();
    const config = this.host.config;
    const b = config.time.baselineAsOf;
    if (b !== null && (noBaseline || !(b < d.model.asOf))) return { config: { ...config, time: { ...config.time, baselineAsOf: null } } };
    return { config, replay: (await this.host.baseline()) ?? undefined };
  }
}
