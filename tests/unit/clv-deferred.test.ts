// The page's fit out of the load path (docs/clv.md): a load answers before the fit, with the model usable
// and tb_clv empty; the fit runs in slices with threshold moves served between them; a new load cancels it;
// once it lands, the export is the command line's byte for byte (and an export asked earlier waits for it).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildModel, exportLines } from '../../src/engine/pipeline';
import { parseConfig } from '../../src/engine/config';
import type { Mapping } from '../../src/engine/mapping';
import type { Session } from '../../src/engine/session';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openSession } from './harness';
import { loadCdnow } from './helpers/cdnow';

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

/** The command line's export of the same file and config (native pipeline, fit inside the model build). */
const cliLines = (config: object) => cliLinesOf(config, '1997-10-01');

async function cliLinesOf(config: object, asOf: string): Promise<string[]> {
  const cli = await openNodeDb();
  try {
    const m = await loadCdnow(cli);
    const parsed = parseConfig(config);
    if (!parsed.ok) throw new Error(parsed.error);
    const model = await buildModel(cli, m, asOf);
    return await exportLines(cli, m, parsed.config, model);
  } finally {
    cli.close();
  }
}

beforeEach(async () => {
  db = await openNodeDb();
  mapping = await loadCdnow(db);
  session = await openSession(db);
  session.deferFit = true;
  session.fitSliceMs = 0; // a pause after every optimiser iteration
});
afterEach(async () => {
  session.cancelFit();
  await new Promise((r) => setTimeout(r, 10));
  db.close();
});

/** The command line's export at another analysis date. */
const cliLinesAt = (asOf: string) => cliLinesOf({ ...CONFIG, asOf }, asOf);

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
    session.fitPause = g.pause;
    const r = await session.load(mapping, CONFIG);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.summary.customers).toBe(2357);
    expect(session.clv()).toMatchObject({ ok: false, reason: 'fitting', progress: null, horizonDays: 365 });
    expect(await clvRows()).toBe(0);
    expect(Array.from(session.loaded!.cols.predicted_clv).every(Number.isNaN)).toBe(true);
    // The cell's answer while fitting: no distribution of values, no matrix, no top customers.
    const panel = await session.clvPanel();
    expect(panel).toMatchObject({ summary: { reason: 'fitting' }, pAlive: null, top: [] });
    // A customer list asked now says the fit is running and has no predicted columns yet; once it lands it has them.
    const list = () => session.customers({ cell: [], search: '', sort: 'monetary', descending: true, limit: 3 });
    expect(await list()).toMatchObject({ fitting: true, total: 2357 });
    expect((await list()).columns).not.toContain('predicted_clv');
    g.release();
    expect(await session.watchFit()).toBe(true);
    expect(await list()).toMatchObject({ fitting: false, columns: expect.arrayContaining(['predicted_clv', 'p_alive']) });
    expect(await session.watchFit()).toBe(false); // nothing left to wait for once it has landed
    expect(session.clv()).toMatchObject({ ok: true, buyers: 2349, repeatBuyers: 946 });
    expect(await clvRows()).toBe(2349);
    expect(Array.from(session.loaded!.cols.predicted_clv).filter((v) => !Number.isNaN(v)).length).toBe(2349);
  });

  test('a threshold move is served between two slices of the fit, and the fit then lands', async () => {
    let pauses = 0;
    let during: { ok: boolean; high?: number; progress?: unknown } | null = null;
    session.fitPause = async () => {
      pauses++;
      if (pauses !== 4) return;
      const r = await session.apply({ ...CONFIG, value: { high: 0.3, mid: 0.3 } });
      const c = session.clv();
      during = { ok: r.ok, high: r.ok ? r.summary.value.highCut ?? undefined : undefined, progress: !c.ok && c.reason === 'fitting' ? c.progress : null };
    };
    const r = await session.load(mapping, CONFIG);
    if (!r.ok) throw new Error(r.error);
    const highBefore = r.summary.value.highCut!;
    const progress: number[] = [];
    expect(await session.watchFit((p) => progress.push(p.iteration))).toBe(true);
    expect(during).not.toBeNull();
    expect(during!.ok).toBe(true);
    // 30% of buyers instead of 20% in the high tier (a lower cut): the move was counted while the fit was mid-way.
    expect(during!.high).toBeLessThan(highBefore);
    expect(during!.progress).toMatchObject({ model: 'BG/NBD', stage: 'full' });
    expect(progress.length).toBeGreaterThan(3);
    expect(session.clv()).toMatchObject({ ok: true });
    expect(session.config.value.high).toBe(0.3);
  });

  test('a horizon move arriving as the fit lands: the two writes of tb_clv take turns, and the export is the CLI\'s at the new horizon', async () => {
    const g = gate();
    session.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const landing = session.watchFit();
    g.release();
    // The fit has landed on the model and its write of tb_clv has begun: the move's write starts now.
    while (session.loaded!.model.clv.fit.ok === false) await new Promise((r) => setImmediate(r));
    const moved = session.apply({ ...CONFIG, clv: { horizonDays: 90 } });
    expect((await moved).ok).toBe(true);
    expect(await landing).toBe(true);
    expect(await session.exportLines()).toEqual(await cliLines({ ...CONFIG, clv: { horizonDays: 90 } }));
  });

  test('a second load cancels the first fit; only the second lands', async () => {
    const g = gate();
    session.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const first = session.watchFit();
    await session.load(mapping, { ...CONFIG, asOf: '1997-12-01' });
    expect(await first).toBe(false);
    expect(session.clv()).toMatchObject({ ok: false, reason: 'fitting' });
    g.release();
    expect(await session.watchFit()).toBe(true);
    expect(session.loaded!.model.asOf).toBe('1997-12-01');
    // The landed fit is the second date's: the same buyers (CDNOW's cohort bought first in 1997 Q1), longer tenures.
    const fit = session.clv();
    expect(fit).toMatchObject({ ok: true, buyers: 2349 });
    expect(Math.max(...session.loaded!.model.clv.inputs.T)).toBe(Math.max(...(await loadedT('1997-10-01'))) + 61);
  });

  test('an as_of change cancels the fit of the date before', async () => {
    const g = gate();
    session.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const first = session.watchFit();
    const r = await session.apply({ ...CONFIG, asOf: '1997-02-15' });
    expect(r.ok).toBe(true);
    expect(await first).toBe(false);
    g.release();
    await session.watchFit();
    expect(session.clv()).toMatchObject({ ok: true });
    expect(session.loaded!.model.clv.fit.buyers).toBeLessThan(2349);
  });

  test('after the fit the export is the command line\'s; an export asked while fitting waits for the fit', async () => {
    const g = gate();
    session.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    // Never released: the export hurries the fit past its pauses.
    const early = await session.exportLines();
    expect(session.clv()).toMatchObject({ ok: true });
    const cli = await cliLines(CONFIG);
    expect(early).toEqual(cli);
    expect(await session.exportLines()).toEqual(cli);
    expect(early[1].split(',').slice(-4).some((v) => v !== '')).toBe(true);
  });

  test('value tiers by predicted_clv fit inside the load, as without deferral', async () => {
    const g = gate();
    session.fitPause = g.pause;
    const r = await session.load(mapping, { ...CONFIG, value: { metric: 'predicted_clv' } });
    expect(r.ok).toBe(true);
    expect(session.clv()).toMatchObject({ ok: true });
    expect(await clvRows()).toBe(2349);
  });

  test('switching value tiers to predicted_clv while fitting finishes the fit first', async () => {
    const g = gate();
    session.fitPause = g.pause;
    await session.load(mapping, CONFIG);
    const r = await session.apply({ ...CONFIG, value: { metric: 'predicted_clv' } });
    expect(r.ok).toBe(true);
    expect(session.clv()).toMatchObject({ ok: true });
    expect(await session.exportLines()).toEqual(await cliLines({ ...CONFIG, value: { metric: 'predicted_clv' } }));
  });
});

describe('the write of tb_clv in slices', () => {
  test('a threshold move is served between two slices of the landing write; tb_clv then holds every buyer once and the export is the CLI\'s', async () => {
    session.writeSliceRows = 500;
    let partial: number[] = [];
    let moved: boolean | null = null;
    session.fitPause = async () => {
      // Once the fit has landed, the pauses are the write's: tb_clv holds some slices, not all.
      if (!session.loaded?.model.clv.fit.ok) return;
      partial.push(await clvRows());
      if (moved === null) moved = (await session.apply({ ...CONFIG, value: { high: 0.3, mid: 0.3 } })).ok;
    };
    await session.load(mapping, CONFIG);
    expect(await session.watchFit()).toBe(true);
    await session.clvTable();
    // 2,349 buyers in slices of 500: four pauses, after 500, 1,000, 1,500 and 2,000 rows.
    expect(partial).toEqual([500, 1000, 1500, 2000]);
    expect(moved).toBe(true);
    expect(await clvRows()).toBe(2349);
    expect(await session.exportLines()).toEqual(await cliLines({ ...CONFIG, value: { high: 0.3, mid: 0.3 } }));
    partial = [];
  });

  test('an export asked during the write stops its pauses and waits for the whole table', async () => {
    session.writeSliceRows = 500;
    const g = gate();
    let paused = false;
    session.fitPause = async () => {
      if (!session.loaded?.model.clv.fit.ok) return;
      paused = true;
      await g.pause(); // never released: only the export's wait ends the pauses
    };
    await session.load(mapping, CONFIG);
    const landing = session.watchFit();
    while (!paused) await new Promise((r) => setImmediate(r));
    const lines = await session.exportLines();
    expect(lines).toEqual(await cliLines(CONFIG));
    expect(await clvRows()).toBe(2349);
    g.release();
    expect(await landing).toBe(true);
  });

  test('a load during the write abandons it: the new date\'s tb_clv holds only its own buyers, once each', async () => {
    session.writeSliceRows = 500;
    let reloaded: Promise<unknown> | null = null;
    session.fitPause = async () => {
      if (!session.loaded?.model.clv.fit.ok || reloaded || session.loaded.model.asOf !== '1997-10-01') return;
      reloaded = session.load(mapping, { ...CONFIG, asOf: '1997-12-01' });
      await reloaded;
    };
    await session.load(mapping, CONFIG);
    await session.watchFit();
    while (!reloaded) await new Promise((r) => setImmediate(r));
    await reloaded;
    expect(await session.watchFit()).toBe(true);
    await session.clvTable();
    expect(session.loaded!.model.asOf).toBe('1997-12-01');
    const buyers = session.loaded!.model.clv.fit.buyers;
    expect(buyers).toBe(2349);
    const [{ n, distinct }] = await db.rows<{ n: number; distinct: number }>('SELECT CAST(count(*) AS INTEGER) AS n, CAST(count(DISTINCT idx) AS INTEGER) AS distinct FROM tb_clv');
    expect([Number(n), Number(distinct)]).toEqual([buyers, buyers]);
    expect(await session.exportLines()).toEqual(await cliLinesAt('1997-12-01'));
  });
});
