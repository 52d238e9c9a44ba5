// The page's fit out of the load path (docs/clv.md): a load answers before the fit, with the model usable
// and tb_clv empty; the fit runs in slices with threshold moves served between them; a new load cancels it;
// once it lands, the export is the command line's byte for byte (and an export asked earlier waits for it).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildModel } from '../../src/engine/pipeline';
import type { Mapping } from '../../src/engine/mapping';
import type { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openSession } from './harness';
import { cdnowCliLines, loadCdnow } from './helpers/cdnow';

const CONFIG = { version: 1, asOf: '1997-10-01' };
let db: NodeDb;
let mapping: Mapping;
let session: Session;

/** A pause that holds the fit until released: what the worker's message loop does while it serves a message. */
function gate() {
  let open: () => void = () => undefined;
  let opened = new Promise<void>((r) => (open = r));
  return {
    pause: () => opened,
    release() { open(); },
    close() { opened = new Promise<void>((r) => (open = r)); },
  };
}

const clvRows = async () => Number((await db.rows<{ n: number }>('SELECT CAST(count(predicted_clv) AS INTEGER) AS n FROM tb_clv'))[0].n);

beforeEach(async () => {
  db = await openNodeDb();
  mapping = await loadCdnow(db);
  session = await openSession(db);
  session.predictions.deferFit = true;
  session.predictions.fitSliceMs = 0; // a pause after every optimiser iteration
});
afterEach(async () => {
  session.predictions.cancel();
  await new Promise((r) => setTimeout(r, 10));
  db.close();
});

/** Each buyer's T at another analysis date, from the command line's model build. */
async function loadedT(asOf: string): Promise<number[]> {
  const other = await openNodeDb();
  try {
    const m = await loadCdnow(other);
    return Array.from((await buildModel(other, m, asOf)).clv.inputs.T);
  } finally {
    other.close();
  }
}

describe('the deferred fit', () => {
  test('the load answers before the fit: the model is usable, clv() says fitting, tb_clv is empty', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    const r = await session.load(mapping, CONFIG);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary.customers).toBe(2357);
    expect(session.predictions.summary()).toMatchObject({ ok: false, reason: 'fitting', progress: null, horizonDays: 365 });
    expect(await clvRows()).toBe(0);
    expect(Array.from(session.loaded!.cols.predicted_clv).every(Number.isNaN)).toBe(true);
    // The cell's answer while fitting: no distribution of values, no matrix, no top customers.
    const panel = await session.predictions.panel();
    expect(panel).toMatchObject({ summary: { reason: 'fitting' }, pAlive: null, top: [] });
    // A customer list asked now says the fit is running and has no predicted columns yet; once it lands it has them.
    const list = () => session.customers({ cell: [], search: '', sort: 'monetary', descending: true, limit: 3 });
    expect(await list()).toMatchObject({ fitting: true, total: 2357 });
    expect((await list()).columns).not.toContain('predicted_clv');
    g.release();
    expect(await session.predictions.watch()).toBe(true);
    expect(await list()).toMatchObject({ fitting: false, columns: expect.arrayContaining(['predicted_clv', 'p_alive']) });
    expect(await session.predictions.watch()).toBe(false); // nothing left to wait for once it has landed
    expect(session.predictions.summary()).toMatchObject({ ok: true, buyers: 2349, repeatBuyers: 946 });
    expect(Array.from(session.loaded!.cols.predicted_clv).filter((v) => !Number.isNaN(v)).length).toBe(2349);
    // tb_clv is written when SQL reads it (the export, the SQL cell), not when the fit lands.
    expect(await clvRows()).toBe(0);
    await session.predictions.table();
    expect(await clvRows()).toBe(2349);
  });

  test('a threshold move is served between two slices of the fit, and the fit then lands', async () => {
    let pauses = 0;
    let during: { ok: boolean; high?: number; progress?: unknown } | null = null;
    session.predictions.fitPause = async () => {
      pauses++;
      if (pauses !== 4) return;
      const r = await session.apply({ ...CONFIG, value: { high: 0.3, mid: 0.3 } });
      const c = session.predictions.summary();
      during = { ok: r.ok, high: r.ok ? r.summary.value.highCut ?? undefined : undefined, progress: !c.ok && c.reason === 'fitting' ? c.progress : null };
    };
    const r = await session.load(mapping, CONFIG);
    if (!r.ok) throw new Error(r.error);
    const highBefore = r.summary.value.highCut!;
    const progress: number[] = [];
    expect(await session.predictions.watch((p) => progress.push(p.iteration))).toBe(true);
    expect(during).not.toBeNull();
    expect(during!.ok).toBe(true);
    // 30% of buyers instead of 20% in the high tier (a lower cut): the move was counted while the fit was mid-way.
    expect(during!.high).toBeLessThan(highBefore);
    expect(during!.progress).toMatchObject({ model: 'BG/NBD', stage: 'full' });
    expect(progress.length).toBeGreaterThan(3);
    expect(session.predictions.summary()).toMatchObject({ ok: true });
    expect(session.config.value.high).toBe(0.3);
  });

  test('a horizon move arriving as the fit lands: the two writes of tb_clv take turns, and the export is the CLI\'s at the new horizon', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const landing = session.predictions.watch();
    g.release();
    // The fit has landed on the model and its write of tb_clv has begun: the move's write starts now.
    while (session.loaded!.model.clv.fit.ok === false) await new Promise((r) => setImmediate(r));
    const moved = session.apply({ ...CONFIG, clv: { horizonDays: 90 } });
    expect((await moved).ok).toBe(true);
    expect(await landing).toBe(true);
    expect(await session.exportLines()).toEqual(await cdnowCliLines({ ...CONFIG, clv: { horizonDays: 90 } }));
  });

  test('a second load cancels the first fit; only the second lands', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const first = session.predictions.watch();
    await session.load(mapping, { ...CONFIG, asOf: '1997-12-01' });
    expect(await first).toBe(false);
    expect(session.predictions.summary()).toMatchObject({ ok: false, reason: 'fitting' });
    g.release();
    expect(await session.predictions.watch()).toBe(true);
    expect(session.loaded!.model.asOf).toBe('1997-12-01');
    // The landed fit is the second date's: the same buyers (CDNOW's cohort bought first in 1997 Q1), longer tenures.
    const fit = session.predictions.summary();
    expect(fit).toMatchObject({ ok: true, buyers: 2349 });
    expect(Math.max(...session.loaded!.model.clv.inputs.T)).toBe(Math.max(...(await loadedT('1997-10-01'))) + 61);
  });

  test('an as_of change cancels the fit of the date before', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const first = session.predictions.watch();
    const r = await session.apply({ ...CONFIG, asOf: '1997-02-15' });
    expect(r.ok).toBe(true);
    expect(await first).toBe(false);
    g.release();
    await session.predictions.watch();
    expect(session.predictions.summary()).toMatchObject({ ok: true });
    expect(session.loaded!.model.clv.fit.buyers).toBeLessThan(2349);
  });

  test('after the fit the export is the command line\'s; an export asked while fitting waits for the fit', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    // Never released: the export hurries the fit past its pauses.
    const early = await session.exportLines();
    expect(session.predictions.summary()).toMatchObject({ ok: true });
    const cli = await cdnowCliLines(CONFIG);
    expect(early).toEqual(cli);
    expect(await session.exportLines()).toEqual(cli);
    expect(early[1].split(',').slice(-4).some((v) => v !== '')).toBe(true);
  });

  test('value tiers by predicted_clv fit inside the load, as without deferral', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    const r = await session.load(mapping, { ...CONFIG, value: { metric: 'predicted_clv' } });
    expect(r.ok).toBe(true);
    expect(session.predictions.summary()).toMatchObject({ ok: true });
    expect(await clvRows()).toBe(2349);
  });

  test('switching value tiers to predicted_clv while fitting finishes the fit first', async () => {
    const g = gate();
    session.predictions.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const r = await session.apply({ ...CONFIG, value: { metric: 'predicted_clv' } });
    expect(r.ok).toBe(true);
    expect(session.predictions.summary()).toMatchObject({ ok: true });
    expect(await session.exportLines()).toEqual(await cdnowCliLines({ ...CONFIG, value: { metric: 'predicted_clv' } }));
  });
});

describe('tb_clv is written when a reader of it in SQL asks, never behind a move', () => {
  test('the fit lands and a horizon moves with no write; the list, the cell and the tiers answer from the fit; the export then writes it and is the CLI\'s', async () => {
    await session.load(mapping, CONFIG);
    expect(await session.predictions.watch()).toBe(true);
    // Landed: the live column holds the predictions, tb_clv nothing yet.
    expect(session.loaded!.cols.predicted_clv.filter((v) => !Number.isNaN(v)).length).toBe(2349);
    expect(await clvRows()).toBe(0);
    expect((await session.apply({ ...CONFIG, clv: { horizonDays: 90 }, value: { metric: 'predicted_clv' } })).ok).toBe(true);
    const panel = await session.predictions.panel();
    expect(panel.top).toHaveLength(10);
    const list = await session.customers({ cell: [], search: '', sort: 'p_alive', descending: true, limit: 5 });
    const pAlive = list.columns.indexOf('p_alive');
    const shown = list.rows.map((r) => r[pAlive] as number);
    expect(shown.every((v) => v > 0 && v <= 1)).toBe(true);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(await clvRows()).toBe(0);
    // The export's SQL reads tb_clv: written now, at the horizon in force.
    expect(await session.exportLines()).toEqual(await cdnowCliLines({ ...CONFIG, clv: { horizonDays: 90 }, value: { metric: 'predicted_clv' } }));
    expect(await clvRows()).toBe(2349);
  });
});
