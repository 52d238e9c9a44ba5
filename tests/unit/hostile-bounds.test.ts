// The hostile corpus for bounded inputs (issue 12: items 6, 7 and, from 9, `--out`): each input and what
// it must get, a load-report reason and count or a one-line refusal, with no output file written and no
// input touched. Most cases run the command's own function in-process; each kind also runs once as the
// `segment` command in a child process, as a user runs it.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkMapping } from '../../src/engine/pipeline';
import type { Mapping } from '../../src/engine/mapping';
import { REJECT_REASONS, stagingSql } from '../../src/engine/sql/staging';
import { DICTS } from '../../src/app/i18n';
import { previewAmountSql, previewRelationSql } from '../../src/engine/sql/preview';
import { MAX_EXPR_CHARS, MAX_EXPR_DEPTH, parseAmountExpr } from '../../src/engine/sql/amount-expr';
import { previewAmount } from '../../src/engine/preview';
import { readSheets, XLSX_LIMITS } from '../../src/engine/readers/xlsx';
import { segmentFiles } from '../../src/node/segment';
import { type SegmentOptions } from '../../src/node/segment-options';
import { openNodeDb } from '../../src/node/duckdb';
import { run } from './harness';
import { bombWorkbook, inflatingTo, MiB, SHEET, twoGiBWorkbook } from '../hostile/zip-bomb';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tierbook-hostile-'));
const file = (name: string, content: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, content); return p; };
const csv = (...rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
const HEADER = ['customer_id', 'order_date', 'amount'];
let outs = 0;
const freshOut = () => join(dir, `out-${++outs}.csv`);

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await exec('npx', ['tsx', 'scripts/segment.ts', ...args], { cwd: process.cwd(), maxBuffer: 1 << 24 });
    return { code: 0, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stderr: string };
    return { code: x.code, stderr: x.stderr };
  }
}
/** stderr without npm's own chatter: what the user reads. */
const lines = (stderr: string) => stderr.trim().split('\n').filter((l) => l && !/npm warn/.test(l));

/** The command's work in-process: the report and the export, or the one-line refusal. */
async function segment(o: Partial<SegmentOptions> & { orders: string }): Promise<{ ok: true; report: Record<string, unknown>; csv: string } | { ok: false; error: string }> {
  const out = o.out ?? freshOut();
  try {
    const r = await segmentFiles({ map: [], ...o, out });
    const t = r.model.report[0];
    return { ok: true, report: { used: t.used, ...t.rejected, ...t.ignored, asOf: r.model.asOf }, csv: readFileSync(out, 'utf8') };
  } catch (e) {
    expect(existsSync(out), 'no output file after a refusal').toBe(o.out !== undefined && existsSync(out));
    return { ok: false, error: (e as Error).message };
  }
}
const monetaryOf = (exportCsv: string, id: string) => exportCsv.split('\n').find((l) => l.startsWith(`${id},`))?.split(',')[2];

describe('SPEC §1 (revision 2): amounts and costs of 1e18 or more, dates after 9999-12-30', () => {
  // [case, orders file rows, options, the load report, customer -> monetary in the export]
  const cases: [string, string[][], Partial<SegmentOptions>, Record<string, unknown>, Record<string, string>?][] = [
    ['an amount of 1e20 (once a crash in the aov step)', [HEADER, ['A', '2024-01-01', '10'], ['B', '2024-01-02', '1e20']], {}, { used: 1, amount_out_of_range: 1, asOf: '2024-01-02' }, { A: '10' }],
    ['1e18 and -1e18 are out; 999999999999999999.999999999 is in, exactly', [HEADER, ['A', '2024-01-01', '1e18'], ['B', '2024-01-01', '-1e18'], ['C', '2024-01-01', '999999999999999999.999999999'], ['D', '2024-01-01', '-999999999999999999.999999999']], {}, { used: 2, amount_out_of_range: 2, asOf: '2024-01-02' }, { C: '999999999999999999.999999999', D: '-999999999999999999.999999999' }],
    ['a value rounding up to 1e18 at 9 places is out', [HEADER, ['A', '2024-01-01', '1'], ['B', '2024-01-01', '999999999999999999.9999999996']], {}, { used: 1, amount_out_of_range: 1, asOf: '2024-01-02' }],
    ['an amount too large to hold at all (1e30, 1e400) is out of range, not non-numeric', [HEADER, ['A', '2024-01-01', '1'], ['B', '2024-01-01', '1e30'], ['C', '2024-01-01', '-1e400']], {}, { used: 1, amount_out_of_range: 2, asOf: '2024-01-02' }],
    ['a cost of 1e18 is out of range', [[...HEADER, 'cost'], ['A', '2024-01-01', '10', '1'], ['B', '2024-01-01', '10', '1e18'], ['C', '2024-01-01', '10', '-5e40']], {}, { used: 1, amount_out_of_range: 2, asOf: '2024-01-02' }],
    ['reason order: non-numeric amount, then non-numeric cost, then out of range', [[...HEADER, 'cost'], ['A', '2024-01-01', '1e20', 'x'], ['B', '2024-01-01', 'abc', '1e20'], ['C', '2024-01-01', '1e20', '1e20'], ['D', '2024-01-01', '1', '']], {}, { used: 1, non_numeric_cost: 1, non_numeric_amount: 1, amount_out_of_range: 1, asOf: '2024-01-02' }],
    ['200 rows of 9e17 for one customer: a sum of 1.8e20 stays exact', [HEADER, ...Array.from({ length: 200 }, () => ['A', '2024-01-01', '900000000000000000']), ['B', '2024-01-01', '1']], {}, { used: 201, asOf: '2024-01-02' }, { A: '180000000000000000000', B: '1' }],
    ['order date 9999-12-31 (once a crash: not a YYYY-MM-DD date: 10000-01-01)', [HEADER, ['A', '2024-01-01', '10'], ['B', '9999-12-31', '5'], ['C', '9999-12-31 23:59:59', '5']], {}, { used: 1, unparseable_date: 2, asOf: '2024-01-02' }],
    ['9999-12-30 is the last day read: as_of 9999-12-31', [HEADER, ['A', '2024-01-01', '10'], ['B', '9999-12-30', '5']], {}, { used: 2, asOf: '9999-12-31' }],
    ['Excel serial 2958465 is 9999-12-31: unparseable', [HEADER, ['A', '45292', '10'], ['B', '2958465', '5']], { dateFormat: 'excel' }, { used: 1, unparseable_date: 1, asOf: '2024-01-02' }],
    ['31/12/9999, day first: unparseable', [HEADER, ['A', '01/01/2024', '10'], ['B', '31/12/9999', '5'], ['C', '30/12/9999 10:00', '5']], { dateFormat: 'dmy' }, { used: 2, unparseable_date: 1, asOf: '9999-12-31' }],
    ['a product of 1e21 is out of range; 1e11 × 0.01 is exact', [['customer_id', 'order_date', 'Quantity', 'UnitPrice'], ['A', '2024-01-01', '100000000000', '0.01'], ['B', '2024-01-01', '100000000000', '10000000000']], { amount: 'Quantity * UnitPrice' }, { used: 1, amount_out_of_range: 1, asOf: '2024-01-02' }, { A: '1000000000' }],
    ['a sum past DECIMAL(38,9) (9e28 + 9e28) is out of range (once a crash: Overflow in addition)', [['customer_id', 'order_date', 'a'], ['A', '2024-01-01', '1'], ['B', '2024-01-01', '90000000000000000000000000000']], { amount: 'a + a' }, { used: 1, amount_out_of_range: 1, asOf: '2024-01-02' }],
    ['a literal too large in the expression (a * 1e30) is out of range', [['customer_id', 'order_date', 'a'], ['A', '2024-01-01', '0'], ['B', '2024-01-01', '2']], { amount: 'a * 1e30' }, { used: 0, amount_out_of_range: 2, asOf: expect.any(String) }],
    ['division by zero stays non-numeric, also by a divisor that reads as 0 at 9 places', [['customer_id', 'order_date', 'a', 'b'], ['A', '2024-01-01', '1', '4'], ['B', '2024-01-01', '1', '0'], ['C', '2024-01-01', '1', '0.0000000001']], { amount: 'a / b' }, { used: 1, non_numeric_amount: 2, asOf: '2024-01-02' }, { A: '0.25' }],
  ];
  test.each(cases)('%s', async (name, rows, options, report, monetary) => {
    const r = await segment({ orders: file(`${name.replace(/\W+/g, '-').slice(0, 60)}.csv`, csv(...rows)), ...options });
    if (!r.ok) throw new Error(r.error);
    expect(r.report).toEqual(report);
    for (const [id, m] of Object.entries(monetary ?? {})) expect(monetaryOf(r.csv, id), `monetary of ${id}`).toBe(m);
  });

  test('amount_out_of_range is a reason of orders, after the others, labelled in English and Chinese', () => {
    expect(REJECT_REASONS.orders).toEqual(['empty_customer_id', 'unparseable_date', 'non_numeric_amount', 'non_numeric_cost', 'amount_out_of_range']);
    for (const reason of Object.values(REJECT_REASONS).flat())
      expect([reason, DICTS.en.reasons[reason], DICTS.zh.reasons[reason]].every(Boolean), reason).toBe(true);
    expect([DICTS.en.reasons.amount_out_of_range, DICTS.zh.reasons.amount_out_of_range]).toEqual(['amount or cost of 1e18 or more', '金额或成本达到 1e18 及以上']);
  });

  test('the command line: exit 0, the reason counted in the report, an example with its line', async () => {
    const out = freshOut();
    const r = await cli(['--orders', file('cli-range.csv', csv(HEADER, ['A', '2024-01-01', '10'], ['B', '2024-01-02', '1e20'], ['C', '9999-12-31', '1'])), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read 3, used 1; rejected 1 amount_out_of_range; rejected 1 unparseable_date');
    expect(r.stderr).toContain('e.g. line 3 (amount_out_of_range): B | 2024-01-02 | 1e20');
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(3);
  });

  test('the rejected-rows download names the reason, with the row as written', async () => {
    const db = await openNodeDb();
    try {
      const r = await run({ orders: [{ customer_id: 'A', order_date: '2024-01-01', amount: '10' }, { customer_id: 'B', order_date: '2024-01-02', amount: '1e20' }] }, {}, {}, db);
      expect(await r.session.rejectedLines('orders')).toEqual(['line,reason,customer_id,order_date,amount', '3,amount_out_of_range,B,2024-01-02,1e20']);
      expect(r.report.orders).toMatchObject({ read: 2, used: 1, rejected: { amount_out_of_range: 1 } });
    } finally {
      db.close();
    }
  });

  test('thresholds and cuts at ±1e15 export (a config of 1e300 once failed at Export)', async () => {
    const r = await run(
      { orders: [{ customer_id: 'A', order_date: '2024-01-01', amount: '10' }, { customer_id: 'B', order_date: '2024-01-02', amount: '999999999999999' }] },
      { value: { mode: 'absolute', high: 1e15, mid: -1e15 }, needs: { high: 1e15, mid: 0.5 }, rfm: { cuts: { r: [-1e15, 0, 1, 1e15], f: [-1e15, 0, 1, 1e15], m: [-1e15, 10, 1e-9, 1e15].sort((a, b) => a - b) } } },
    );
    expect(r.rows.map((x) => [x.customer_id, x.value, x.needs, x.m])).toEqual([['A', 'mid', 'mid', '3'], ['B', 'mid', 'mid', '4']]);
  });
});

describe('amount expressions: bounded, and SQL linear in their size', () => {
  const orders = (amount: string, columns = ['customer_id', 'order_date', 'Quantity', 'UnitPrice', 'amount']): Mapping => ({ orders: { columns, roles: { customer_id: 'customer_id', order_date: 'order_date', amount } } });
  const nested = (n: number) => `${'('.repeat(n)}amount${')'.repeat(n)}`;
  // [case, expression, the refusal]
  const refused: [string, string, string][] = [
    ['3,000 nested parentheses (once a stack overflow)', nested(3000), `is too long (6006 characters; at most ${MAX_EXPR_CHARS}) at position 2001`],
    ['100,000 unary minus signs (once a stack overflow)', `${'-'.repeat(100_000)}amount`, 'is too long (100006 characters; at most 2000) at position 2001'],
    ['150 nested parentheses', nested(150), `nests too deeply (more than ${MAX_EXPR_DEPTH} levels) at position 101`],
    ['500 unary minus signs', `${'-'.repeat(500)}amount`, 'nests too deeply (more than 100 levels) at position 101'],
    ['a chain of 120 factors', Array(120).fill('Quantity').join(' * '), 'nests too deeply (more than 100 levels) at position 1099'],
  ];
  test.each(refused)('%s: refused, naming the limit and the position', (_n, expr, message) => {
    expect(() => checkMapping(orders(expr), { orders: 'orders.csv' })).toThrow(`orders.csv (orders): amount expression ${JSON.stringify(`${expr.slice(0, 60)}…`)}: ${message}`);
  });
  test('at the limits, an expression is accepted: 100 levels of parentheses, a chain of 100 factors', () => {
    expect(() => parseAmountExpr(nested(99))).not.toThrow();
    expect(() => parseAmountExpr(Array(100).fill('a').join('*'))).not.toThrow();
  });
  test('the command line: exit 2, one line, no output file', async () => {
    const orders = file('expr.csv', csv(HEADER, ['A', '2024-01-01', '10']));
    for (const amount of [nested(3000), `${'-'.repeat(100_000)}amount`]) {
      const out = freshOut();
      const r = await cli(['--orders', orders, '--out', out, `--amount=${amount}`]);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain('is too long (');
      expect(r.stderr.length).toBeLessThan(300);
      expect(existsSync(out)).toBe(false);
    }
  });

  const factors = (n: number) => Array(n).fill('Quantity').join(' * ');
  const stagingOf = (expr: string) => stagingSql(orders(expr)).find((s) => s.includes('stg_orders'))!;
  test('staging SQL grows linearly: 16 factors < 10 × 2 factors (once 45 MB for 16)', () => {
    expect(stagingOf(factors(16)).length).toBeLessThan(10 * stagingOf(factors(2)).length);
    expect(stagingOf(factors(100)).length).toBeLessThan(100_000);
  });
  test('the preview SQL grows linearly too', () => {
    const relation = previewRelationSql(['Quantity'], [['2']]);
    const size = (n: number) => previewAmountSql(relation, parseAmountExpr(factors(n)), 'plain').length;
    expect(size(16)).toBeLessThan(10 * size(2));
  });
  test('each column is read as a number once, however often the expression names it', () => {
    const sql = stagingOf('Quantity * Quantity * UnitPrice - Quantity / UnitPrice');
    expect(sql.split('regexp_full_match("t:Quantity"').length - 1).toBe(1);
    expect(sql.split('regexp_full_match("t:UnitPrice"').length - 1).toBe(1);
  });
  test('16 factors load, exactly (each product rounded back to 9 places)', async () => {
    const rows = [['customer_id', 'order_date', 'Quantity'], ['A', '2024-01-01', '2'], ['B', '2024-01-01', '1.1'], ['C', '2024-01-01', '0.5']];
    const r = await segment({ orders: file('factors.csv', csv(...rows)), amount: factors(16) });
    if (!r.ok) throw new Error(r.error);
    // 1.1^16, rounded to 9 places after each product, as exact decimals.
    let p = 1_100_000_000n;
    for (let i = 1; i < 16; i++) p = (p * 1_100_000_000n + 500_000_000n) / 1_000_000_000n;
    const b = `${p / 1_000_000_000n}.${(p % 1_000_000_000n).toString().padStart(9, '0')}`.replace(/\.?0+$/, '');
    expect([monetaryOf(r.csv, 'A'), monetaryOf(r.csv, 'B'), monetaryOf(r.csv, 'C')]).toEqual(['65536', b, '0.000015259']);
    expect(r.report).toEqual({ used: 3, asOf: '2024-01-02' });
  });
  test('the panel preview of the largest expression allowed answers at once (no Cancel needed)', async () => {
    const db = await openNodeDb();
    try {
      // Balanced to stay within the depth limit: 256 operands, as many as 2,000 characters hold.
      let e = 'Q';
      while (`(${e})*(${e})`.length <= MAX_EXPR_CHARS) e = `(${e})*(${e})`;
      expect(e.split('Q')).toHaveLength(257);
      const started = performance.now();
      const r = await previewAmount(db, ['Q'], [['1'], ['-1'], ['x'], ['1.01'], ['1.2']], e, 'plain');
      // 1.01^256 is 12.77…, each product rounded to 9 places; 1.2^256 is about 2e20, past 1e18.
      expect(r).toEqual({ ok: true, values: ['1', '1', null, '12.772375982', 'amount_out_of_range'] });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      db.close();
    }
  });
});

describe('--out and --bundle never overwrite an input, a folder or a device', () => {
  const ORDERS_TEXT = csv(HEADER, ['A', '2024-01-01', '10']);
  const orders = file('in-orders.csv', ORDERS_TEXT);
  const config = file('in-config.json', '{"version":1}');
  mkdirSync(join(dir, 'a-folder'));
  symlinkSync(orders, join(dir, 'link-to-orders.csv'));
  // [case, extra arguments, the refusal]
  const refused: [string, string[], string][] = [
    ['--out is the orders file', ['--out', orders], `--out ${orders}: is the --orders file; it would be overwritten`],
    ['--out is a link to the orders file', ['--out', join(dir, 'link-to-orders.csv')], 'is the --orders file; it would be overwritten'],
    ['--out is the config file', ['--config', config, '--out', config], `--out ${config}: is the --config file`],
    ['--out is a folder', ['--out', join(dir, 'a-folder')], 'is a folder; give a file name'],
    ['--out ends with a slash', ['--out', `${join(dir, 'new-folder')}/`], 'is a folder; give a file name'],
    ['--out is /dev/null', ['--out', '/dev/null'], '--out /dev/null: is a device or system path'],
    ['--out is /dev/stdout', ['--out', '/dev/stdout'], '--out /dev/stdout: is a device or system path'],
    ['--out is /proc/self/fd/1', ['--out', '/proc/self/fd/1'], 'is a device or system path'],
    ['--out in a folder that does not exist', ['--out', join(dir, 'nowhere', 'x.csv')], `the folder ${join(dir, 'nowhere')} does not exist`],
    ['--bundle is the orders file', ['--out', join(dir, 'b1.csv'), '--bundle', orders], `--bundle ${orders}: is the --orders file`],
    ['--bundle is the --out file', ['--out', join(dir, 'b2.csv'), '--bundle', join(dir, 'b2.csv')], 'is the --out file; give the bundle its own name'],
    ['--bundle is a folder', ['--out', join(dir, 'b3.csv'), '--bundle', join(dir, 'a-folder')], '--bundle'],
  ];
  test.each(refused)('%s: refused before any input is read', async (_n, args, message) => {
    const at = args.indexOf('--out') + 1;
    const existed = existsSync(args[at]);
    const config = args.includes('--config') ? args[args.indexOf('--config') + 1] : undefined;
    const bundle = args.includes('--bundle') ? args[args.indexOf('--bundle') + 1] : undefined;
    await expect(segmentFiles({ orders, map: [], out: args[at], config, bundle })).rejects.toThrow(message);
    expect(readFileSync(orders, 'utf8')).toBe(ORDERS_TEXT);
    if (!existed && !args[at].startsWith('/dev') && !args[at].startsWith('/proc')) expect(existsSync(args[at])).toBe(false);
  });
  test('the command line: exit 2, one line, the input unchanged', async () => {
    for (const args of [['--out', orders], ['--out', '/dev/stdout'], ['--out', join(dir, 'c.csv'), '--bundle', orders]]) {
      const r = await cli(['--orders', orders, ...args]);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^segment: --(out|bundle) /m);
      expect(readFileSync(orders, 'utf8')).toBe(ORDERS_TEXT);
    }
    expect(existsSync(join(dir, 'c.csv'))).toBe(false);
  });
  test('an existing output file is replaced whole; a link to one is written through', async () => {
    const target = file('target.csv', 'old\n');
    symlinkSync(target, join(dir, 'link-to-target.csv'));
    await segmentFiles({ orders, map: [], out: join(dir, 'link-to-target.csv') });
    expect(readFileSync(target, 'utf8')).toMatch(/^customer_id,purchases,/);
    expect(lstatSync(join(dir, 'link-to-target.csv')).isSymbolicLink()).toBe(true);
  });
});

describe('xlsx zip bombs are refused before memory runs out, naming the file and the limit', () => {
  const workbook = new Uint8Array(readFileSync('tests/fixtures/readers/two-sheets.xlsx'));
  const bomb = bombWorkbook;
  const twoGiB = twoGiBWorkbook;
  // [case, the workbook, the refusal]
  const refused: [string, () => Uint8Array, string][] = [
    ['a 2 MB workbook whose sheet inflates to 2 GiB (once out of memory)', twoGiB, `bomb.xlsx: the workbook part "${SHEET}" expands to 2048 MiB (at most 128 MiB per part); refused as a possible zip bomb`],
    ['a part expanding 1,000 times', () => bomb({ [SHEET]: { deflated: inflatingTo(1), declared: 64 * MiB } }), `the workbook part "${SHEET}" expands 1029 times its compressed size (at most 100 times)`],
    ['a part that declares 1 KiB and inflates to 64 MiB', () => bomb({ [SHEET]: { deflated: inflatingTo(1), declared: 1024 } }), `the workbook part "${SHEET}" inflates past the 1024 bytes it declares`],
    ['parts past 256 MiB together', () => bomb(Object.fromEntries([1, 2, 3].map((i) => [`xl/worksheets/sheet${i}.xml`, { deflated: new Uint8Array(MiB + 1).fill(7), declared: 100 * MiB }]))), 'the workbook\'s parts expand to more than 256 MiB together'],
  ];
  test.each(refused)('%s', async (_n, make, message) => {
    await expect(readSheets('bomb.xlsx', make())).rejects.toThrow(message);
  });
  test('the limits leave real workbooks alone: the fixture reads, a 60,000-row sheet is far below them', async () => {
    expect((await readSheets('two-sheets.xlsx', workbook)).map((s) => [s.name, s.rows.length])).toEqual([['订单', 7], ['Customers', 4]]);
    expect(XLSX_LIMITS).toEqual({ partBytes: 128 * MiB, totalBytes: 256 * MiB, ratio: 100, ratioFromBytes: MiB });
  });
  test('the command line: exit 2, one line, no output file', async () => {
    const out = freshOut();
    const r = await cli(['--orders', file('bomb.xlsx', twoGiB()), '--out', out]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`segment: ${join(dir, 'bomb.xlsx')}: the workbook part "${SHEET}" expands to 2048 MiB (at most 128 MiB per part); refused as a possible zip bomb`]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('configs out of range: refused from a file, naming the field', () => {
  test.each([
    ['value.high = 1e300 in absolute mode', { version: 1, value: { mode: 'absolute', high: 1e300, mid: 0 } }, 'value.high must be at most 1e15'],
    ['RFM cuts of 1e300', { version: 1, rfm: { cuts: { r: [1, 2, 3, 1e300], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }, 'rfm.cuts.r.3 must be at most 1e15'],
  ])('%s', async (name, doc, message) => {
    const orders = file('cfg-orders.csv', csv(HEADER, ['A', '2024-01-01', '10']));
    const r = await segment({ orders, config: file(`${name.replace(/\W+/g, '-')}.json`, JSON.stringify(doc)) });
    expect(r).toEqual({ ok: false, error: expect.stringContaining(`invalid config: ${message}`) });
  });
  test('the command line: exit 2, one line', async () => {
    const out = freshOut();
    const r = await cli(['--orders', file('cfg2-orders.csv', csv(HEADER, ['A', '2024-01-01', '10'])), '--config', file('cfg-1e300.json', '{"version":1,"value":{"mode":"absolute","high":1e300,"mid":0}}'), '--out', out]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`segment: ${join(dir, 'cfg-1e300.json')}: invalid config: value.high must be at most 1e15`]);
    expect(existsSync(out)).toBe(false);
  });
});
