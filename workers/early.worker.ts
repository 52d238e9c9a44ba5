// The early worker: answers the bundled sample's threshold moves from its baked columns while the
// engine worker starts DuckDB-WASM and loads the sample (workers/early.ts). Started by the page only
// when it draws the baked sample, and stopped once the engine has taken over.
import * as Comlink from 'comlink';
import sampleColumnsUrl from '../src/app/sample-columns.bin?url';
import type { EarlyApi } from './api';
import { earlyRecount, fetchBytes } from './early';

// Fetched as soon as the worker runs: the first move usually comes after it has been decoded.
const early = earlyRecount(fetchBytes(sampleColumnsUrl));

const api: EarlyApi = {
  async answer(config, seq) {
    const r = await early.answer(config);
    if (!r) return null;
    return r.ok ? { ok: true, value: { seq, ...r.summary } } : r;
  },
};

Comlink.expose(api);
