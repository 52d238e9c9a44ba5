// The command line's predicted value (issue 16): --clv-* flags set the config's clv section (refusals
// name the field, exit 2, no file), --clv-holdout writes the holdout check, the fit is printed with the
// load report and written into the bundle's clv.json; the page's export is the CLI's, byte for byte.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { formatReport, segmentFiles } from '../../src/node/segment';
import { type SegmentOptions } from '../../src/node/segment-options';
import { openNodeDb } from '../../src/node/duckdb';
import { toCsv } from '../../src/engine/pipeline';
import { openSession } from './harness';
import { CDNOW, CDNOW_MAPS, CDNOW_READ, loadCdnow, shuffledCdnow } from './helpers/cdnow';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-clv-cli-'));
const SMALL = join(dir, 'small.csv');
writeFileSync(SMALL, 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,-5\nA,2024-03-01,10\nC,2024-12-30,4\n');
const cdnow = (o: Partial<SegmentOptions> = {}): SegmentOptions => ({ orders: CDNOW, map: CDNOW_MAPS, read: CDNOW_READ, dateFormat: 'yyyymmdd', out: join(dir, `out-${Math.random()}.csv`), ...o });
const unzip = (path: string) => Object.fromEntries(Object.entries(unzipSync(readFileSync(path))).map(([k, v]) => [k.replace('tierbook-export/', ''), strFromU8(v)]));

describe('clv flags refused: the flag and field named, no file written', () => {
  const bad: [string, Partial<SegmentOptions>, RegExp][] = [
    ['a horizon of 0 days', { clvHorizon: '0' }, /^--clv-horizon: invalid config: clv\.horizonDays /],
    ['a horizon that is not a whole number', { clvHorizon: '30.5' }, /^--clv-horizon: invalid config: clv\.horizonDays /],
    ['a horizon that is not a number', { clvHorizon: 'year' }, /^--clv-horizon year: not a number for clv\.horizonDays$/],
    ['a discount above 1', { clvDiscount: '1.5' }, /^--clv-discount: invalid config: clv\.annualDiscount /],
    ['a holdout date that is not a date', { clvHoldoutFrom: '2024-02-30' }, /^--clv-holdout-from: invalid config: clv\.holdoutFrom /],
    ['a holdout date on the analysis date', { clvHoldoutFrom: '2024-12-31' }, /^clv\.holdoutFrom must be before the analysis date 2024-12-31$/],
    ['--clv-holdout without a holdout date', { clvHoldout: 'H' }, /^--clv-holdout .*: clv\.holdoutFrom is not set; give --clv-holdout-from YYYY-MM-DD/],
    ['--clv-holdout when the fit at the holdout date is refused', { clvHoldout: 'H', clvHoldoutFrom: '2024-06-01' }, /^--clv-holdout .*: the fit at clv\.holdoutFrom 2024-06-01 is refused \(too_few_repeat_buyers: 1 buyer with repeat purchases; at least 20 are needed\)$/],
  ];
  test.each(bad)('%s', async (name, options, message) => {
    const tag = name.replace(/\W+/g, '-');
    const o: SegmentOptions = { orders: SMALL, map: [], out: join(dir, `${tag}.csv`), ...options };
    if (o.clvHoldout === 'H') o.clvHoldout = join(dir, `${tag}-holdout.csv`);
    await expect(segmentFiles(o)).rejects.toThrow(message);
    expect(existsSync(o.out!)).toBe(false);
    if (o.clvHoldout) expect(existsSync(o.clvHoldout)).toBe(false);
  });

  test('as a process: exit 2, one line', async () => {
    const out = join(dir, 'process.csv');
    const r = await exec('npx', ['tsx', 'scripts/segment.ts', '--orders', SMALL, '--out', out, '--clv-discount', '2'], { cwd: process.cwd() })
      .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !/npm warn/.test(l))).toEqual([expect.stringMatching(/^segment: --clv-discount: invalid config: clv\.annualDiscount /)]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('fewer than 20 repeat buyers: the refusal everywhere, four empty columns', () => {
  test('export, stderr report and clv.json', async () => {
    const out = join(dir, 'refused.csv');
    const bundle = join(dir, 'refused.zip');
    const r = await segmentFiles({ orders: SMALL, map: [], out, bundle, clvHorizon: '30' });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0].split(',').slice(-4)).toEqual(['p_alive', 'expected_purchases', 'expected_order_value', 'predicted_clv']);
    expect(lines.slice(1).map((l) => l.split(',').slice(-4).join(','))).toEqual([',,,', ',,,', ',,,']);
    expect(formatReport(r).split('\n')[1]).toBe('predicted value: fit refused (too_few_repeat_buyers): 1 buyer with repeat purchases; at least 20 are needed');
    expect(JSON.parse(unzip(bundle)['clv.json'])).toEqual({
      asOf: '2024-12-31', horizonDays: 30, annualDiscount: 0, ok: false, reason: 'too_few_repeat_buyers',
      detail: '1 buyer with repeat purchases; at least 20 are needed', buyers: 2, repeatBuyers: 1,
    });
  });
});

describe('CDNOW sample, as_of 1998-07-01', () => {
  test('the holdout check from 1997-10-01: 1,882 actual purchases; BG/NBD predicts about 1,660', async () => {
    const holdout = join(dir, 'holdout.csv');
    await segmentFiles(cdnow({ asOf: '1998-07-01', clvHoldoutFrom: '1997-10-01', clvHoldout: holdout }));
    const rows = readFileSync(holdout, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['repeat_purchases_before', 'customers', 'actual', 'predicted']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+', 'all']);
    const all = rows[rows.length - 1];
    expect(all.slice(1, 3)).toEqual(['2349', '1882']);
    expect(rows.slice(1, -1).reduce((s, r) => s + Number(r[2]), 0)).toBe(1882);
    expect(rows.slice(1, -1).reduce((s, r) => s + Number(r[1]), 0)).toBe(2349);
    // Published: ~1,660 over weeks 40-78 from a fit over T to 1997-09-30 in weeks, the 8 customers with only
    // a $0.00 order counted as buyers. Here T runs to D, in days, those 8 are prospects: within 3%.
    expect(Math.abs(Number(all[3]) / 1660 - 1)).toBeLessThan(0.03);
  });

  test('the fit on stderr and in clv.json; the bundle README says where', async () => {
    const bundle = join(dir, 'cdnow.zip');
    const r = await segmentFiles(cdnow({ asOf: '1997-10-01', bundle, clvHorizon: '180', clvDiscount: '0.08' }));
    expect(formatReport(r).split('\n')[1]).toMatch(/^predicted value: BG\/NBD over 2349 buyers \(days\) r 0\.\d+, alpha \d+\.\d+, a 0\.\d+, b \d\.\d+, log-likelihood -\d+\.\d+; Gamma-Gamma over 946 repeat buyers p \d+\.\d+, q \d+\.\d+, v \d+\.\d+, log-likelihood -\d+\.\d+$/);
    const files = unzip(bundle);
    const clv = JSON.parse(files['clv.json']);
    expect(clv).toMatchObject({ asOf: '1997-10-01', horizonDays: 180, annualDiscount: 0.08, ok: true, buyers: 2349, repeatBuyers: 946 });
    expect(Object.keys(clv.bgnbd)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(Object.keys(clv.gammaGamma)).toEqual(['p', 'q', 'v']);
    expect(clv).not.toHaveProperty('ms');
    expect(files['README.txt']).toContain('clv.json        the predicted-value fit at as_of');
    // m_x is grouped with the other metrics (the first purchase by day: no order_id here) and read by the inputs.
    expect(files['sql/2-model.sql']).toContain('arg_min(value, day) FILTER (WHERE value > 0)');
    expect(files['sql/2-clv-inputs.sql']).toContain('"clv:m_x" AS mx');
  });

  test('the same lines in another order: the same export bytes', async () => {
    const shuffled = join(dir, 'shuffled.txt');
    shuffledCdnow(shuffled);
    const a = cdnow({ asOf: '1997-10-01' });
    const b = cdnow({ asOf: '1997-10-01', orders: shuffled });
    await segmentFiles(a);
    await segmentFiles(b);
    expect(readFileSync(b.out!, 'utf8')).toBe(readFileSync(a.out!, 'utf8'));
  });

  test('the page\'s export (the session) is the command line\'s, byte for byte', async () => {
    const config = { version: 1, asOf: '1997-10-01', value: { metric: 'predicted_clv' }, clv: { horizonDays: 200, annualDiscount: 0.05 } };
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(config));
    const o = cdnow({ config: configFile });
    await segmentFiles(o);
    const db = await openNodeDb();
    try {
      const session = await openSession(db);
      const r = await session.load(await loadCdnow(db), config);
      expect(r.ok).toBe(true);
      const page = toCsv(await session.exportLines());
      expect(page).toBe(readFileSync(o.out!, 'utf8'));
      expect(page.split('\n')[1]).toMatch(/^0001,.*,0\.\d+,\d+\.\d+,\d+\.\d+,\d+\.\d+$/);
    } finally {
      db.close();
    }
  });
});
