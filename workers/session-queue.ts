// The engine worker's one queue: session work runs one call at a time, in order (a config change sent
// during a load waits for it); requests a newer one made pointless are answered without work.
import * as Comlink from 'comlink';
import { ReadError } from '../src/engine/readers/plan';
import { MappingError } from '../src/engine/pipeline';
import type { Session } from '../src/engine/session';
import type { EngineResult, Snapshot } from './api';
import { LoadCancelled } from './ingest';

let queue: Promise<unknown> = Promise.resolve();
export function serial<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work);
  queue = next.catch(() => undefined);
  return next;
}

/** Settles once the work queued so far is done. */
export const queued = (): Promise<unknown> => queue;

// The newest sequence number received: queued requests older than it are answered without work
// (the page would drop their answers anyway).
let newest = 0;
export const noteSeq = (seq: number): void => {
  newest = Math.max(newest, seq);
};
export const STALE = { ok: false as const, error: 'superseded by a newer request', superseded: true as const };

/** When the last threshold move (or filter) came: the deferred fit waits for the moves to rest. */
let lastMove = -Infinity;
export const lastMoveAt = (): number => lastMove;

export const failure = (e: unknown): EngineResult<never> => ({
  ok: false,
  error: e instanceof LoadCancelled ? 'cancelled' : e instanceof MappingError || e instanceof ReadError ? e.message : String(e instanceof Error ? e.message : e).split('\n')[0],
});

export function snapshot(s: ReturnType<Session['relabel']>, seq: number): Snapshot {
  return { seq, ...s };
}

export const outcome = (r: Awaited<ReturnType<Session['apply']>>, seq: number): EngineResult<Snapshot> => (r.ok ? { ok: true, value: snapshot(r.summary, seq) } : r);

/** The session the queued work runs on (DuckDB-WASM started on first use): set by the worker. */
let sessionOf: () => Promise<Session> = () => Promise.reject(new Error('the engine is not wired'));
export const useSession = (get: () => Promise<Session>): void => {
  sessionOf = get;
};

/** A request that only matters if it is still the newest when its turn comes. */
export function newestOnly(seq: number, work: (session: Session) => Promise<EngineResult<Snapshot>>): Promise<EngineResult<Snapshot>> {
  noteSeq(seq);
  lastMove = performance.now();
  return serial(async () => {
    if (seq < newest) return STALE;
    try {
      return await work(await sessionOf());
    } catch (e) {
      return failure(e);
    }
  });
}

/** Session work in the queue; any failure comes back as a message. `stale`: skipped when true at its turn. */
export function sessionWork<T>(work: (session: Session) => Promise<T>, stale?: () => boolean): Promise<EngineResult<T>> {
  return serial(async () => {
    if (stale?.()) return STALE;
    try {
      return { ok: true as const, value: await work(await sessionOf()) };
    } catch (e) {
      return failure(e);
    }
  });
}

/** CSV lines from the session as UTF-8 bytes, transferred (never cloned). */
export function csvBytes(lines: (session: Session) => Promise<string[]>): Promise<EngineResult<Uint8Array>> {
  return transferred(sessionWork(async (session) => new TextEncoder().encode((await lines(session)).join('\n') + '\n')));
}

/** Bytes cross to the page as a transfer of their buffer, never a copy. */
export async function transferred(result: Promise<EngineResult<Uint8Array>>): Promise<EngineResult<Uint8Array>> {
  const r = await result;
  return r.ok ? Comlink.transfer(r, [r.value.buffer]) : r;
}
