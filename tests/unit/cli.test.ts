// The `segment` command as a user runs it: exit codes, one-line errors, no partial output, real data.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { segmentFiles } from '../../src/node/segment';
import { readOptions } from '../../src/node/segment-options';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-cli-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
const ORDERS = file('orders.csv', 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,-5\n');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec('npx', ['tsx', 'scripts/segment.ts', ...args], { cwd: process.cwd() });
    return { code: 0, ...r };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('segment command line', () => {
  test('writes the export and prints the load report to stderr', async () => {
    const out = join(dir, 'ok.csv');
    const r = await cli(['--orders', ORDERS, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('orders (');
    expect(r.stderr).toContain('read 2, used 2');
    expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^A,1,10,2,2,first_time,/);
  });

  const bad: [string, string[], RegExp][] = [
    ['no --orders', ['--out', 'x.csv'], /--orders FILE is required/],
    ['an unknown option', ['--orders', ORDERS, '--out', 'x.csv', '--colour', 'red'], /Unknown option '--colour'/],
    ['a missing file', ['--orders', join(dir, 'nope.csv'), '--out', 'x.csv'], /nope\.csv: no such file/],
    ['an empty file', ['--orders', file('empty.csv', ''), '--out', 'x.csv'], /empty\.csv: the file is empty/],
    ['a missing role', ['--orders', file('norole.csv', 'id,day,amount\nA,2024-01-01,1\n'), '--out', 'x.csv'], /no column mapped to the required role orders\.customer_id, orders\.order_date/],
    ['a bad --map', ['--orders', ORDERS, '--out', 'x.csv', '--map', 'orders.buyer=amount'], /unknown role "buyer"/],
    ['a mapped column not in the file', ['--orders', ORDERS, '--out', 'x.csv', '--map', 'orders.customer_id=Client'], /column "Client" \(mapped to orders\.customer_id\) is not in the file/],
    ['a malformed amount expression', ['--orders', ORDERS, '--out', 'x.csv', '--amount', 'amount * (2'], /amount expression "amount \* \(2": missing '\)' at position 12/],
    ['an amount naming an unknown column', ['--orders', ORDERS, '--out', 'x.csv', '--amount', 'Quantity * Price'], /names unknown column "Quantity", "Price"/],
    ['an invalid config', ['--orders', ORDERS, '--out', 'x.csv', '--config', file('bad.json', '{"version":1,"lifecycle":{"atRiskDays":400}}')], /invalid config: lifecycle\.atRiskDays must be less than lifecycle\.churnDays/],
    ['a config that is not JSON', ['--orders', ORDERS, '--out', 'x.csv', '--config', file('bad2.json', '{version')], /bad2\.json: not valid JSON/],
    ['an invalid --as-of', ['--orders', ORDERS, '--out', 'x.csv', '--as-of', '2024-13-01'], /asOf/],
  ];
  test.each(bad)('%s: exit 2, one line naming the problem, no output file', async (_n, args, message) => {
    const out = join(dir, `${_n.replace(/\W+/g, '-')}.csv`);
    const r = await cli(args.map((a) => (a === 'x.csv' ? out : a)));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !/npm warn/.test(l))).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  test('reads .csv.gz, and Parquet', async () => {
    const out = join(dir, 'gz.csv');
    const pq = join(dir, 'orders.parquet');
    // Fixtures written by a plain DuckDB: the engine's database is locked and writes no file.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(`COPY (SELECT * FROM read_csv('${ORDERS}', all_varchar = true)) TO '${pq}' (FORMAT parquet)`);
    await db.run(`COPY (SELECT * FROM read_csv('${ORDERS}', all_varchar = true)) TO '${join(dir, 'orders.csv.gz')}' (FORMAT csv, HEADER, COMPRESSION gzip)`);
    db.closeSync();
    const a = await segmentFiles({ orders: join(dir, 'orders.csv.gz'), map: [], out });
    const b = await segmentFiles({ orders: pq, map: [], out: join(dir, 'pq.csv') });
    expect(a.rows).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'pq.csv'), 'utf8'));
    expect(b.model.report[0].used).toBe(2);
  });
});

describe('read and format options', () => {
  const ok: [string, Parameters<typeof readOptions>[0], ReturnType<typeof readOptions>][] = [
    ['gbk is GB18030', { encoding: 'GBK' }, { read: { encoding: 'gb18030' }, dateFormat: undefined, numberStyle: undefined }],
    ['tab by name', { delimiter: 'tab' }, { read: { delimiter: '\t' }, dateFormat: undefined, numberStyle: undefined }],
    ['no header, a sheet, formats', { noHeader: true, sheet: '2', dateFormat: 'dmy', numberStyle: 'grouped' }, { read: { header: false, sheet: '2' }, dateFormat: 'dmy', numberStyle: 'grouped' }],
  ];
  test.each(ok)('%s', (_n, flags, expected) => expect(readOptions(flags)).toEqual(expected));
  const bad: [string, Parameters<typeof readOptions>[0], RegExp][] = [
    ['an unknown encoding', { encoding: 'klingon' }, /--encoding klingon: unknown/],
    ['an unknown delimiter', { delimiter: '#' }, /--delimiter #: unknown/],
    ['an unknown date format', { dateFormat: 'dd.mm' }, /--date-format dd\.mm: unknown \(one of iso, ymd, dmy, mdy, yyyymmdd, excel, zh, unix_s, unix_ms\)/],
    ['an unknown number style', { numberStyle: 'roman' }, /--number-style roman: unknown/],
  ];
  test.each(bad)('%s is a usage error', (_n, flags, message) => expect(() => readOptions(flags)).toThrow(message));
  test('the command line takes them: exit 0 on a whitespace file without a header', async () => {
    const out = join(dir, 'aligned.csv');
    const r = await cli(['--orders', 'tests/fixtures/readers/aligned-no-header.txt', '--no-header', '--delimiter', 'whitespace', '--date-format', 'yyyymmdd',
      '--map', 'orders.customer_id=column_1', '--map', 'orders.order_date=column_2', '--map', 'orders.amount=column_3', '--out', out]);
    expect(r.stderr).toContain('read 6, used 6');
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[1]).toMatch(/^001,2,1244\.5,/);
  });
});

describe('--bom: the export for Excel', () => {
  test('starts with EF BB BF and is otherwise byte-identical to the plain export (Chinese text included)', async () => {
    const orders = file('orders-zh.csv', '客户ID,订单日期,实付金额,渠道\n张三,2024-01-01,10,线上商城\n李四,2024-01-02,5,门店\n');
    const plain = join(dir, 'plain.csv');
    const excel = join(dir, 'excel.csv');
    const r = await cli(['--orders', orders, '--out', plain]);
    const b = await cli(['--orders', orders, '--out', excel, '--bom']);
    expect([r.code, b.code]).toEqual([0, 0]);
    const p = readFileSync(plain);
    const e = readFileSync(excel);
    expect(p.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
    expect(e.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(e.subarray(3).equals(p)).toBe(true);
    expect(p.toString('utf8')).toContain('张三');
  });
  test('the bundle never has one (it stays byte-identical to the page\'s)', async () => {
    const zip = join(dir, 'bom.zip');
    await segmentFiles({ orders: ORDERS, map: [], out: join(dir, 'bom.csv'), bom: true, bundle: zip });
    const plainZip = join(dir, 'plain.zip');
    await segmentFiles({ orders: ORDERS, map: [], out: join(dir, 'plain2.csv'), bundle: plainZip });
    expect(readFileSync(zip).equals(readFileSync(plainZip))).toBe(true);
  });
});
