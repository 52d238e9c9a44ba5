// The page's handle on the worker. Requests carry a sequence number; answers older than the newest are dropped.
import * as Comlink from 'comlink';
import type { EngineApi, EngineResult, InputFile, LoadProgress, Snapshot } from '../../workers/api';
import type { Filter } from '../engine/session';
import ordersUrl from '../../sample-data/orders.csv?url';
import customersUrl from '../../sample-data/customers.csv?url';
import feedbackUrl from '../../sample-data/feedback.csv?url';
import interactionsUrl from '../../sample-data/interactions.csv?url';
import sampleColumnsUrl from './sample-columns.bin?url';

/** The sample's live columns baked at build time: the worker recounts moves from them until DuckDB has the sample. */
export const SAMPLE_COLUMNS_URL = sampleColumnsUrl;

export const SAMPLE_FILES: InputFile[] = [
  { table: 'orders', name: 'orders.csv', source: { url: ordersUrl } },
  { table: 'customers', name: 'customers.csv', source: { url: customersUrl } },
  { table: 'feedback', name: 'feedback.csv', source: { url: feedbackUrl } },
  { table: 'interactions', name: 'interactions.csv', source: { url: interactionsUrl } },
];

/** `onCrash` hears a worker that died (an error no request caught, e.g. memory exhausted mid-load). */
export function connectEngine(onCrash: (reason: string) => void = () => {}) {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onCrash(e.message || 'the engine stopped');
  });
  const api = Comlink.wrap<EngineApi>(worker);
  let latest = 0;
  /** Resolves with the answer, or null when a newer request has been sent meanwhile. */
  async function latestOnly(run: (seq: number) => Promise<EngineResult<Snapshot>>): Promise<EngineResult<Snapshot> | null> {
    const seq = ++latest;
    const r = await run(seq);
    return seq === latest ? r : null;
  }
  return {
    api,
    stop: () => worker.terminate(),
    load: (files: InputFile[], config: unknown, onProgress?: (p: LoadProgress) => void) =>
      latestOnly((seq) => api.load(files, config, seq, onProgress ? Comlink.proxy(onProgress) : undefined)),
    setConfig: (config: unknown) => latestOnly((seq) => api.setConfig(config, seq)),
    setFilter: (filter: Filter | null) => latestOnly((seq) => api.setFilter(filter, seq)),
  };
}
