// The config pinned as the baseline of movement between configs (SPEC §4a): which one, where it came
// from, and a notebook's pin held until the engine has data to pin it against.
import type { EngineResult, Snapshot } from '../../workers/api';
import type { Config } from '../engine/config';
import type { connectEngine } from './engine-client';

/** Where a pinned config came from: the current config, the config link opened, or a saved notebook. */
export type PinSource = 'current' | 'link' | 'notebook';

/** The workbench as the pin sees it: the engine in force (a restart replaces it), whether it has data, and how an answer is drawn. */
export interface PinHost {
  readonly engine: Pick<ReturnType<typeof connectEngine>, 'pinConfig'>;
  readonly hasData: boolean;
  show(r: EngineResult<Snapshot>): void;
}

export class Pins {
  /** The config pinned as the baseline of movement between configs (null: none). */
  pinned = $state<Config | null>(null);
  from = $state<PinSource | null>(null);
  /** Pinning needs the data's model: a pin restored before the engine had data waits for the first load. */
  private unsent = false;

  constructor(private host: PinHost) {}

  /** Pin a config (null unpins); the engine's answer is drawn, and only a pin it took is kept. */
  async pin(config: Config | null, from: PinSource = 'current') {
    const r = await this.host.engine.pinConfig(config);
    if (!r) return;
    if (r.ok) { this.pinned = config; this.from = config ? from : null; }
    this.host.show(r);
  }

  /** A notebook's pin (or none): pinned at once over loaded data, otherwise sent after the first load. */
  restore(pinned: Config | null | undefined) {
    this.pinned = pinned ?? null;
    this.from = pinned ? 'notebook' : null;
    this.unsent = Boolean(pinned) && !this.host.hasData;
    if (pinned && this.host.hasData) void this.pin(pinned, 'notebook');
  }

  /** After a successful load: a pin restored before there was data is sent now; the engine keeps it across loads. */
  async afterLoad() {
    if (!this.unsent || !this.pinned) return;
    this.unsent = false;
    await this.pin($state.snapshot(this.pinned) as Config, this.from ?? 'notebook');
  }
}
