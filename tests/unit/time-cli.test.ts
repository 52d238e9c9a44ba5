// The command line's time flags (issue 15): refusals name the flag or field, exit 2, and leave no file at all.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { segmentFiles } from '../../src/node/segment';
import { type SegmentOptions } from '../../src/node/segment-options';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-time-cli-'));
const ORDERS = join(dir, 'orders.csv');
writeFileSync(ORDERS, 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,-5\nA,2024-03-01,10\nC,2024-12-30,4\n');
mkdirSync(join(dir, 'folder'));
const OUTS = ['out', 'movement', 'trend', 'cohorts', 'whatChanged'] as const;
const paths = (tag: string) => Object.fromEntries(OUTS.map((k) => [k, join(dir, `${tag}-${k}.csv`)])) as Record<(typeof OUTS)[number], string>;

describe('time flags refused: one message naming the field or flag, and no output file', () => {
  const bad: [string, Partial<SegmentOptions>, RegExp][] = [
    ['a baseline on the analysis date', { baselineAsOf: '2024-12-31' }, /^time\.baselineAsOf must be before the analysis date 2024-12-31$/],
    ['a baseline after the analysis date', { baselineAsOf: '2025-06-01' }, /^time\.baselineAsOf must be before the analysis date 2024-12-31$/],
    ['a baseline on or after an --as-of in the past', { baselineAsOf: '2024-06-01', asOf: '2024-05-01' }, /^time\.baselineAsOf must be before the analysis date 2024-05-01$/],
    ['a baseline that is not a date', { baselineAsOf: '2024-13-01' }, /^--baseline-as-of: invalid config: time\.baselineAsOf/],
    ['--movement without a baseline', { whatChanged: undefined }, /^--movement .*: time\.baselineAsOf is not set; give --baseline-as-of YYYY-MM-DD/],
    ['--what-changed without a baseline', { movement: undefined }, /^--what-changed .*: time\.baselineAsOf is not set/],
    ['an unknown trend period', { baselineAsOf: '2024-06-01', trendPeriod: 'fortnight' }, /^--trend-period fortnight: unknown period for time\.trendPeriod \(one of week, month, quarter\)$/],
    ['an unknown cohort period', { baselineAsOf: '2024-06-01', cohortPeriod: 'day' }, /^--cohort-period day: unknown period for time\.cohortPeriod/],
    ['--trend naming a folder', { baselineAsOf: '2024-06-01', trend: join(dir, 'folder') }, /^--trend .*folder: is a folder; give a file name$/],
    ['--cohorts naming the --out file', { baselineAsOf: '2024-06-01', cohorts: 'OUT' }, /^--cohorts .*: is the --out file; give the cohorts file its own name$/],
    ['--movement naming the orders file', { baselineAsOf: '2024-06-01', movement: ORDERS }, /^--movement .*orders\.csv: is the --orders file; it would be overwritten/],
  ];
  test.each(bad)('%s', async (name, options, message) => {
    const p = paths(name.replace(/\W+/g, '-'));
    const o: SegmentOptions = { orders: ORDERS, map: [], ...p, ...options };
    if (o.cohorts === 'OUT') o.cohorts = p.out;
    await expect(segmentFiles(o)).rejects.toThrow(message);
    for (const k of OUTS) expect(existsSync(p[k]), k).toBe(false);
  });

  test('as a process: exit 2, one line, no file', async () => {
    const p = paths('process');
    const r = await exec('npx', ['tsx', 'scripts/segment.ts', '--orders', ORDERS, '--out', p.out, '--movement', p.movement, '--baseline-as-of', '2024-12-31'], { cwd: process.cwd() })
      .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !/npm warn/.test(l))).toEqual(['segment: time.baselineAsOf must be before the analysis date 2024-12-31']);
    expect(existsSync(p.out) || existsSync(p.movement)).toBe(false);
  }, 60_000);
});

describe('time flags accepted', () => {
  test('--baseline-as-of sets the export\'s baseline columns and the periods; every file is written', async () => {
    const p = paths('ok');
    await segmentFiles({ orders: ORDERS, map: [], ...p, baselineAsOf: '2024-02-01', trendPeriod: 'quarter', cohortPeriod: 'quarter' });
    const exported = readFileSync(p.out, 'utf8').split('\n');
    expect(exported[0]).toMatch(/,referrals,p_alive,expected_purchases,expected_order_value,predicted_clv,baseline_as_of,ladder_baseline,lifecycle_baseline,value_baseline,engagement_baseline,needs_baseline,satisfaction_baseline,nps_baseline,rfm_segment_baseline$/);
    expect(exported.slice(1, 4).map((l) => l.split(',').slice(-9, -7))).toEqual([['2024-02-01', 'first_time'], ['2024-02-01', 'prospect'], ['2024-02-01', 'absent']]);
    expect(readFileSync(p.trend, 'utf8').split('\n').filter((l) => l.startsWith('ladder,')).map((l) => l.split(',')[1]))
      .toEqual(['2024-04-01', '2024-07-01', '2024-10-01', '2024-12-31'].flatMap((d) => Array(5).fill(d)));
    expect(readFileSync(p.cohorts, 'utf8')).toBe([
      'cohort,period,customers,active,customer_retention,revenue,revenue_retention,partial',
      '2024-01-01,0,1,1,1,20,1,false', '2024-01-01,1,1,0,0,0,0,false', '2024-01-01,2,1,0,0,0,0,false', '2024-01-01,3,1,0,0,0,0,true',
      '2024-10-01,0,1,1,1,4,1,true', '',
    ].join('\n'));
    expect(readFileSync(p.movement, 'utf8').split('\n').slice(0, 4)).toEqual([
      'framework,from,to,direction,customers', 'ladder,absent,first_time,changed,1', 'ladder,prospect,prospect,same,1', 'ladder,first_time,repeat,up,1',
    ]);
    expect(readFileSync(p.whatChanged, 'utf8').split('\n')[1]).toBe('all,,revenue,5,14,9');
  });
});
