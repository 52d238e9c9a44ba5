// Threshold moves on the bundled sample before DuckDB-WASM has loaded it: recounted in this worker
// from the sample's columns baked at build time (src/engine/live/baked.ts), with the same pure code
// the Session runs (src/engine/live/summary.ts), so the answers are the engine's.
import { defaultConfig, parseConfig } from '../src/engine/config';
import { decodeBaked } from '../src/engine/live/baked';
import { liveData, summarise } from '../src/engine/live/summary';
import type { Outcome } from '../src/engine/session-types';
import { tiersByPrediction } from '../src/engine/value-metric';

export interface EarlyRecount {
  /**
   * The answer to a config document from the baked columns, or null when only the engine can give it
   * (another analysis date rebuilds the model; the asset could not be read): the move then waits for it.
   */
  answer(configDoc: unknown): Promise<Outcome | null>;
}

/** The bundled asset's bytes (same origin, precached by the service worker); null when it cannot be had. */
export function fetchBytes(url: string): Promise<Uint8Array | null> {
  return fetch(url)
    .then(async (r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    })
    .catch((e: unknown) => {
      console.warn(`${url}: ${e instanceof Error ? e.message : e}; the first moves wait for DuckDB-WASM`);
      return null;
    });
}

/** Recounts from the baked columns once `bytes` arrive; an asset that cannot be read turns it off. */
export function earlyRecount(bytes: Promise<Uint8Array | null>): EarlyRecount {
  // Decoded and sorted as soon as the bytes arrive, so the first move only relabels.
  const state = bytes.then((b) => {
    try {
      if (!b) return null;
      const { facts, cols, events } = decodeBaked(b);
      const live = liveData(cols, events, defaultConfig());
      // One summary now, under the config the page shows first: every framework is labelled and the
      // code is warm, so the first move only relabels what it changed (it came ~100–300 ms late without).
      summarise(live, facts, defaultConfig());
      return { facts, live };
    } catch (e) {
      console.warn(`${e instanceof Error ? e.message : e}; the first moves wait for DuckDB-WASM`);
      return null;
    }
  });
  return {
    async answer(configDoc) {
      const parsed = parseConfig(configDoc);
      if (!parsed.ok) return parsed;
      const s = await state;
      // Another analysis date rebuilds the model: only the engine can. Value tiers by predicted_clv need the
      // fit, which the baked columns do not hold (their predicted_clv is empty): the engine answers those too.
      if (!s || (parsed.config.asOf !== null && parsed.config.asOf !== s.facts.asOf)) return null;
      if (tiersByPrediction(parsed.config)) return null;
      return { ok: true, summary: summarise(s.live, s.facts, parsed.config) };
    },
  };
}
