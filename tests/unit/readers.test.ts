// Every file style the readers take, end to end through the command line's engine: each fixture
// (npm run fixtures) holds the same six orders, so each must give the same customers and sums.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { segmentFiles } from '../../src/node/segment';
import { type SegmentOptions } from '../../src/node/segment-options';
import { openNodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';
import { rejectedLines, stage } from '../../src/engine/pipeline';

const F = (name: string) => `tests/fixtures/readers/${name}`;
const out = mkdtempSync(join(tmpdir(), 'tierbook-readers-'));
let k = 0;

async function segment(orders: string, o: Partial<SegmentOptions> = {}) {
  const r = await segmentFiles({ orders, map: [], out: join(out, `${k++}.csv`), ...o });
  const rows = parse(readFileSync(r.out, 'utf8'), { columns: true }) as Record<string, string>[];
  const monetary = Object.fromEntries(rows.map((x) => [x.customer_id, x.monetary]));
  return { report: r.model.report.find((t) => t.table === 'orders')!, monetary, asOf: r.model.asOf, rows, model: r.model };
}

/** Every rejected row of an orders file with SPEC-named columns, as the download has them. */
async function rejectedCsv(file: string): Promise<string[]> {
  const db = await openNodeDb();
  try {
    const { columns } = await loadRawFile(db, 'orders', file);
    const mapping = { orders: { columns, roles: { customer_id: 'customer_id', order_date: 'order_date', amount: 'amount' }, headerRows: 1 } };
    await stage(db, mapping);
    return await rejectedLines(db, mapping, 'orders');
  } finally {
    db.close();
  }
}

const SUMS = { '001': '1244.5', '002': '100', '003': '750.25' };

const cases: { name: string; file: string; options?: Partial<SegmentOptions> }[] = [
  { name: 'comma-separated UTF-8', file: 'comma.csv' },
  { name: 'UTF-8 with a byte-order mark', file: 'bom.csv' },
  { name: 'tab-separated', file: 'tab.tsv' },
  { name: 'pipe-separated', file: 'pipe.txt' },
  { name: 'gzipped CSV', file: 'comma.csv.gz' },
  { name: 'semicolons and decimal commas, when the user says so', file: 'semicolon-decimal-comma.csv', options: { numberStyle: 'decimal_comma' } },
  { name: 'whitespace-aligned, no header, YYYYMMDD, ids with leading zeros', file: 'aligned-no-header.txt', options: { map: ['orders.customer_id=column_1', 'orders.order_date=column_2', 'orders.amount=column_3'] } },
  { name: 'GBK with Chinese headers (roles guessed)', file: 'gbk-chinese-headers.csv' },
  { name: 'UTF-16LE, tab-separated (Excel "Unicode text")', file: 'utf16le.txt' },
  { name: 'dates YYYY/M/D', file: 'dates-ymd.csv' },
  { name: 'dates D/M/YYYY', file: 'dates-dmy.csv' },
  { name: 'dates M/D/YYYY h:mm PM', file: 'dates-mdy.csv' },
  { name: 'dates YYYYMMDD', file: 'dates-yyyymmdd.csv' },
  { name: 'dates as Excel serial numbers', file: 'dates-excel.csv' },
  { name: 'dates 2024年3月5日', file: 'dates-zh.csv' },
  { name: 'dates as Unix seconds', file: 'dates-unix_s.csv' },
  { name: 'dates as Unix milliseconds', file: 'dates-unix_ms.csv' },
  { name: 'amounts with currency symbols and thousands separators', file: 'numbers-grouped.csv' },
  { name: 'amount as Quantity * UnitPrice (suggested from the headers)', file: 'quantity-unit-price.csv', options: { amount: 'Quantity * UnitPrice' } },
  { name: 'Excel workbook, first sheet (Chinese headers, date cells)', file: 'two-sheets.xlsx' },
  { name: 'Excel workbook, sheet chosen by name', file: 'two-sheets.xlsx', options: { read: { sheet: '订单' } } },
  { name: 'Parquet', file: 'orders.parquet' },
  { name: 'Parquet read as the browser reads it (hyparquet, decimals kept exact)', file: 'orders.parquet', options: { parquet: 'convert' } },
];

describe('every file style gives the same customers and sums', () => {
  test.each(cases)('$name', async ({ file, options }) => {
    const r = await segment(F(file), options);
    expect(r.report).toMatchObject({ read: 6, used: 6, rejected: {} });
    expect(r.monetary).toEqual(SUMS);
    expect(r.asOf).toBe('2024-03-21');
  });
});

describe('files that cannot be read are refused with a message naming the file', () => {
  const bad: { name: string; file: string; options?: Partial<SegmentOptions>; error: RegExp }[] = [
    { name: 'an empty file', file: 'bad-empty.csv', error: /bad-empty\.csv: the file is empty/ },
    { name: 'a header without rows', file: 'bad-header-only.csv', error: /bad-header-only\.csv: only a header row, no data/ },
    { name: 'binary garbage', file: 'bad-binary.csv', error: /bad-binary\.csv: not a text, Excel \(\.xlsx\) or Parquet file/ },
    { name: 'a zip that is not a workbook', file: 'bad-zip.zip', error: /bad-zip\.zip: a zip archive that is not an \.xlsx workbook/ },
    { name: 'a customers file given as orders', file: 'bad-customers-as-orders.csv', error: /bad-customers-as-orders\.csv \(orders\): no column mapped to the required role orders\.order_date, orders\.amount/ },
    { name: 'a sheet that is not there', file: 'two-sheets.xlsx', options: { read: { sheet: 'Nope' } }, error: /two-sheets\.xlsx: no sheet "Nope" \(sheets: 订单, Customers\)/ },
    { name: 'dates that read both day-first and month-first', file: 'dates-ambiguous.csv', error: /dates-ambiguous\.csv \(orders\): dates in "order_date" read both as day\/month and month\/day; choose with --date-format dmy or --date-format mdy/ },
  ];
  test.each(bad)('$name', async ({ file, options, error }) => {
    await expect(segment(F(file), options)).rejects.toThrow(error);
  });
});

describe('what the user says wins over what is detected', () => {
  test('ambiguous dates read as the user chooses', async () => {
    const dmy = await segment(F('dates-ambiguous.csv'), { dateFormat: 'dmy' });
    const mdy = await segment(F('dates-ambiguous.csv'), { dateFormat: 'mdy' });
    expect(dmy.rows.find((r) => r.customer_id === '001')!.last_purchase).toBe('2024-05-03');
    expect(mdy.rows.find((r) => r.customer_id === '001')!.last_purchase).toBe('2024-03-05');
  });
  test('a wrong date format rejects the rows it cannot read, counted by reason', async () => {
    const r = await segment(F('comma.csv'), { dateFormat: 'dmy' });
    expect(r.report).toMatchObject({ read: 6, used: 0, rejected: { unparseable_date: 6 } });
  });
  test('ids keep their leading zeros', async () => {
    const r = await segment(F('aligned-no-header.txt'), { map: ['orders.customer_id=column_1', 'orders.order_date=column_2', 'orders.amount=column_3'] });
    expect(r.rows.map((x) => x.customer_id)).toEqual(['001', '002', '003']);
  });
});

describe('rejected rows: examples with their lines, and all of them as a download', () => {
  test('the first rows per reason, by line in the file; the CSV holds every one, formula-safe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-rejects-'));
    const file = join(dir, 'orders.csv');
    writeFileSync(file, 'customer_id,order_date,amount\nA,2024-01-01,10\n,2024-01-02,5\nB,2024-02-30,1\nC,2024-01-03,=1+2\n,2024-01-04,7\n');
    const r = await segment(file);
    expect(r.report).toMatchObject({ read: 5, used: 1, rejected: { empty_customer_id: 2, unparseable_date: 1, non_numeric_amount: 1 } });
    expect(r.model.examples.orders).toEqual({
      columns: ['customer_id', 'order_date', 'amount'],
      rows: [
        { reason: 'empty_customer_id', line: 3, cells: [null, '2024-01-02', '5'] },
        { reason: 'empty_customer_id', line: 6, cells: [null, '2024-01-04', '7'] },
        { reason: 'non_numeric_amount', line: 5, cells: ['C', '2024-01-03', '=1+2'] },
        { reason: 'unparseable_date', line: 4, cells: ['B', '2024-02-30', '1'] },
      ],
    });
    expect(await rejectedCsv(file)).toEqual([
      'line,reason,customer_id,order_date,amount',
      '3,empty_customer_id,,2024-01-02,5',
      '4,unparseable_date,B,2024-02-30,1',
      "5,non_numeric_amount,C,2024-01-03,'=1+2",
      '6,empty_customer_id,,2024-01-04,7',
    ]);
  });
});

describe('malformed rows are counted as parse errors with their lines, never fatal, never silent', () => {
  test('a row with too many fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierbook-malformed-'));
    const file = join(dir, 'orders.csv');
    writeFileSync(file, 'customer_id,order_date,amount\nA,2024-01-01,10\nB,2024-01-02,5,extra\nC,2024-01-03,1\n,2024-01-04,7\nD,2024-01-05,2\n');
    const r = await segment(file);
    expect(r.report).toMatchObject({ read: 5, used: 3, rejected: { parse_error: 1, empty_customer_id: 1 } });
    expect(r.model.examples.orders!.rows).toEqual([
      { reason: 'empty_customer_id', line: 5, cells: [null, '2024-01-04', '7'] },
      { reason: 'parse_error', line: 3, cells: ['B,2024-01-02,5,extra', null, null] },
    ]);
    expect(await rejectedCsv(file)).toEqual([
      'line,reason,customer_id,order_date,amount',
      '3,parse_error,"B,2024-01-02,5,extra",,',
      '5,empty_customer_id,,2024-01-04,7',
    ]);
  });
});
