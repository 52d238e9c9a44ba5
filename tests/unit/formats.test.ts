// How dates and numbers are read is decided over every value of a column, never a sample: the same rows in
// another order read the same. The SPEC's readers (plain numbers, ISO dates) stay unless they reject more
// than 5% of the non-empty values and another reader takes at least 99%.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decideDateFormat, decideNumberStyle, type DateCounts } from '../../src/engine/sql/detect';
import { formatNote } from '../../src/engine/format-notes';
import { segmentFiles } from '../../src/node/segment';

describe('number style: plain unless plain rejects > 5% and grouped reads >= 99%', () => {
  test.each([
    ['every value plain', 1000, 1000, null, 'plain'],
    ['7 of 2000 "$5" (0.35%): the SPEC rejects them', 2000, 1993, 2000, 'plain'],
    ['exactly 5% rejected', 1000, 950, 1000, 'plain'],
    ['5.1% rejected, grouped reads all', 1000, 949, 1000, 'grouped'],
    ['grouped reads exactly 99%', 1000, 500, 990, 'grouped'],
    ['grouped reads 98.9%', 1000, 500, 989, 'plain'],
    ['an empty column', 0, 0, 0, 'plain'],
  ] as const)('%s', (_n, values, plain, grouped, style) => {
    expect(decideNumberStyle(values, plain, grouped)).toBe(style);
  });
});

const dates = (c: Partial<DateCounts>): DateCounts => ({ n: 0, dmy_mdy_differ: 0, iso: 0, ymd: 0, dmy: 0, mdy: 0, yyyymmdd: 0, excel: 0, zh: 0, unix_s: 0, unix_ms: 0, ...c });
describe('date format: ISO unless ISO rejects > 5% and another reads >= 99%', () => {
  test.each([
    ['all ISO', dates({ n: 100, iso: 100 }), { format: 'iso' }],
    ['ISO with 3% rubbish', dates({ n: 100, iso: 97, ymd: 97 }), { format: 'iso' }],
    ['day first, a day over 12 somewhere', dates({ n: 1000, dmy: 1000, mdy: 400, dmy_mdy_differ: 380 }), { format: 'dmy' }],
    ['day/month and month/day read alike and differ: ask', dates({ n: 1000, dmy: 1000, mdy: 1000, dmy_mdy_differ: 12 }), { ambiguous: ['dmy', 'mdy'] }],
    ['dmy/mdy on days 1..12 that read the same both ways', dates({ n: 10, dmy: 10, mdy: 10, dmy_mdy_differ: 0 }), { format: 'dmy' }],
    ['nothing reads 99%: ISO, the rest rejected', dates({ n: 100, iso: 10, ymd: 90 }), { format: 'iso' }],
    ['Excel serials', dates({ n: 500, excel: 500, unix_s: 500, unix_ms: 500 }), { format: 'excel' }],
  ] as const)('%s', (_n, counts, choice) => {
    expect(decideDateFormat(counts)).toEqual(choice);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'tierbook-formats-'));
let k = 0;
async function run(lines: string[]) {
  const orders = join(dir, `orders-${k}.csv`);
  writeFileSync(orders, ['customer_id,order_date,amount', ...lines].join('\n') + '\n');
  const r = await segmentFiles({ orders, map: [], out: join(dir, `out-${k++}.csv`) });
  return { csv: readFileSync(r.out, 'utf8'), report: r.model.report, formats: r.model.formats };
}

/** A seeded shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(xs: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}

const plainRows = Array.from({ length: 1993 }, (_, i) => `c${i % 400},2024-0${1 + (i % 9)}-1${i % 10},${(i % 97) + 0.5}`);
const dollarRows = Array.from({ length: 7 }, (_, i) => `d${i},2024-03-0${i + 1},$5`);

describe('the same data in another order reads the same', () => {
  test('seven "$5" amounts: rejected as the SPEC says, wherever they sit in the file', async () => {
    const early = await run([...dollarRows, ...plainRows]);
    const late = await run([...plainRows, ...dollarRows]);
    expect(early.report[0].rejected).toEqual({ non_numeric_amount: 7 });
    expect(late.csv).toBe(early.csv);
    expect(late.report).toEqual(early.report);
    expect(late.formats).toEqual(early.formats);
    expect(formatNote(early.formats.find((f) => f.role === 'amount')!)).toBe('"amount" read as plain numbers: 7 of 2,000 values cannot be read and are rejected');
  });
  test('a shuffled file gives the same export and the same load report (counts and formats)', async () => {
    const lines = [...plainRows, ...dollarRows, 'e1,not a date,3', ',2024-01-01,4'];
    const first = await run(lines);
    for (const seed of [1, 2, 3]) {
      const again = await run(shuffled(lines, seed));
      expect(again.csv).toBe(first.csv);
      expect(again.report).toEqual(first.report);
      expect(again.formats).toEqual(first.formats);
    }
  });
  test('a column of money written with separators and symbols is read as grouped numbers, and says so', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `c${i % 50},2024-02-0${1 + (i % 9)},${i % 3 === 0 ? `"$1,${String(100 + i).padStart(3, '0')}.50"` : `${i}.25`}`);
    for (const lines of [rows, shuffled(rows, 9)]) {
      const r = await run(lines);
      expect(r.report[0]).toMatchObject({ read: 300, used: 300 });
      expect(r.formats.find((f) => f.role === 'amount')).toMatchObject({ kind: 'number', style: 'grouped', given: false, values: 300, plain: 200, read: 300 });
      expect(formatNote(r.formats.find((f) => f.role === 'amount')!)).toBe('"amount" read as grouped numbers: 100 of 300 values with thousands separators or currency symbols');
      expect(formatNote(r.formats.find((f) => f.role === 'amount')!, 'zh')).toBe('「amount」按带千位分隔符或货币符号的数字读取：全列 300 个值中有 100 个带千位分隔符或货币符号');
    }
  });
  test('day-first dates whose first thousand rows read both ways are decided by a later day over 12', async () => {
    const ambiguousFirst = Array.from({ length: 1200 }, (_, i) => `c${i % 80},${1 + (i % 12)}/${1 + (i % 12)}/2024,1`);
    const r = await run([...ambiguousFirst, 'z,25/3/2024,2']);
    expect(r.formats.find((f) => f.kind === 'date')).toMatchObject({ format: 'dmy', values: 1201, iso: 0, read: 1201 });
    expect(r.report[0]).toMatchObject({ read: 1201, used: 1201 });
  });
});

describe('format notes in Chinese set a Latin format name apart with a space, not a Chinese one', () => {
  const date = (format: 'iso' | 'unix_s' | 'ymd' | 'excel') => ({ table: 'orders' as const, role: 'order_date', column: 'order_date', given: true, kind: 'date' as const, format });
  test.each([
    ['iso', '「order_date」按 ISO 日期（YYYY-MM-DD）读取（已指定）'],
    ['unix_s', '「order_date」按 Unix 秒读取（已指定）'],
    ['excel', '「order_date」按 Excel 序列日读取（已指定）'],
    ['ymd', '「order_date」按年/月/日 日期读取（已指定）'],
  ] as const)('%s', (format, want) => {
    expect(formatNote(date(format), 'zh')).toBe(want);
  });
});
