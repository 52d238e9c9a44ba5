// npm run fixtures: writes tests/fixtures/readers/, small files in every format, encoding, delimiter,
// date and number style the readers take, and the bad inputs they refuse. Each holds the same six orders
// (see CANON), so every fixture must give the same customers and sums.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import writeXlsxFile from 'write-excel-file/node';
import { DuckDBInstance } from '@duckdb/node-api';

const DIR = 'tests/fixtures/readers';

/** customer, ISO date, amount (text as written), quantity, unit price. */
export const CANON: [string, string, string, string, string][] = [
  ['001', '2024-03-05', '1234.50', '2', '617.25'],
  ['001', '2024-03-20', '10.00', '1', '10.00'],
  ['002', '2024-01-13', '99.99', '3', '33.33'],
  ['002', '2024-02-29', '0.01', '1', '0.01'],
  ['003', '2023-12-31', '500', '4', '125'],
  ['003', '2024-03-05', '250.25', '1', '250.25'],
];

const [y, m, d] = [(iso: string) => Number(iso.slice(0, 4)), (iso: string) => Number(iso.slice(5, 7)), (iso: string) => Number(iso.slice(8, 10))];
const utc = (iso: string) => Date.UTC(y(iso), m(iso) - 1, d(iso));
const DATES: Record<string, (iso: string, i: number) => string> = {
  ymd: (iso) => `${y(iso)}/${m(iso)}/${d(iso)}`,
  dmy: (iso) => `${d(iso)}/${m(iso)}/${y(iso)}`,
  mdy: (iso, i) => `${m(iso)}/${d(iso)}/${y(iso)} ${1 + i}:05 PM`,
  yyyymmdd: (iso) => iso.replace(/-/g, ''),
  excel: (iso) => String(utc(iso) / 86_400_000 + 25_569),
  zh: (iso) => `${y(iso)}年${m(iso)}月${d(iso)}日`,
  unix_s: (iso, i) => String(utc(iso) / 1000 + 3600 * i),
  unix_ms: (iso, i) => String(utc(iso) + 1000 * i),
};
const GROUPED = ['¥1,234.50', '$10.00', '99.99', '0.01', '500', '250.25'];

const csv = (rows: string[][], sep = ',') => rows.map((r) => r.join(sep)).join('\n') + '\n';
const canonRows = (date = (iso: string, _i: number) => iso, amount = (a: string, _i: number) => a) =>
  CANON.map(([c, iso, a], i) => [c, date(iso, i), amount(a, i)]);
const HEADER = ['customer_id', 'order_date', 'amount'];

async function main() {
  mkdirSync(DIR, { recursive: true });
  const put = (name: string, content: string | Uint8Array) => writeFileSync(`${DIR}/${name}`, content);

  // Delimiters and layouts.
  put('comma.csv', csv([HEADER, ...canonRows()]));
  put('bom.csv', '\ufeff' + csv([HEADER, ...canonRows()]));
  put('tab.tsv', csv([HEADER, ...canonRows()], '\t'));
  put('semicolon-decimal-comma.csv', csv([HEADER, ...canonRows(undefined, (a) => a.replace('.', ','))], ';'));
  put('pipe.txt', csv([HEADER, ...canonRows()], '|'));
  put('comma.csv.gz', gzipSync(csv([HEADER, ...canonRows()])));
  // Whitespace-aligned, no header, YYYYMMDD dates, ids with leading zeros.
  put('aligned-no-header.txt', canonRows((iso) => iso.replace(/-/g, '')).map(([c, dt, a]) => `${c.padEnd(6)}${dt.padEnd(11)}${a.padStart(9)}`).join('\n') + '\n');

  // Encodings: a Chinese ERP export in GBK; Excel's "Unicode text" (UTF-16LE with a BOM, tabs).
  const zhHeader = ['会员编号', '下单时间', '实付金额', '渠道'];
  const zhRows = canonRows().map((r, i) => [...r, i % 2 ? '线上商城' : '门店']);
  put('gbk-chinese-headers.csv', iconv.encode(csv([zhHeader, ...zhRows]), 'gbk'));
  put('utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv([HEADER, ...canonRows()], '\t'), 'utf16le')]));

  // Date styles.
  for (const [style, f] of Object.entries(DATES)) put(`dates-${style}.csv`, csv([HEADER, ...canonRows(f)]));
  // Every day at most 12: day/month or month/day cannot be told apart.
  put('dates-ambiguous.csv', csv([HEADER, ['001', '03/05/2024', '1'], ['002', '04/06/2024', '2'], ['003', '01/02/2024', '3']]));

  // Number styles and amount expressions.
  put('numbers-grouped.csv', csv([HEADER, ...canonRows(undefined, (_a, i) => `"${GROUPED[i]}"`)]));
  put('quantity-unit-price.csv', csv([['CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice'], ...CANON.map(([c, iso, , q, p]) => [c, iso, q, p])]));

  // An Excel workbook with two sheets: orders (real date cells, numbers) and customers.
  const xlsx = await writeXlsxFile([
    { sheet: '订单', data: [['客户ID', '订单日期', '金额'], ...CANON.map(([c, iso, a]) => [c, { value: new Date(utc(iso)), format: 'yyyy-mm-dd' }, Number(a)])] },
    { sheet: 'Customers', data: [['customer_id', 'age', 'region'], ['001', 34, 'East'], ['002', 51, 'West'], ['003', 28, 'East']] },
  ]).toBuffer();
  put('two-sheets.xlsx', xlsx);

  // Parquet, written by a plain DuckDB (the engine's database is locked and writes no file).
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const values = CANON.map(([c, iso, a]) => `('${c}', DATE '${iso}', ${a}::DECIMAL(18,2))`).join(', ');
    await db.run(`COPY (SELECT * FROM (VALUES ${values}) t(customer_id, order_date, amount)) TO '${DIR}/orders.parquet' (FORMAT parquet)`);
  } finally {
    db.closeSync();
  }

  // Bad inputs.
  put('bad-empty.csv', '');
  put('bad-header-only.csv', 'customer_id,order_date,amount\n');
  put('bad-binary.csv', Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256));
  put('bad-customers-as-orders.csv', csv([['customer_id', 'age'], ['001', '34']]));
  put('bad-zip.zip', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
  console.log(`fixtures written to ${DIR}`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
