// Error banners follow the language: the engine's English messages, produced here by the real functions
// (config, links, notebooks, mapping) or quoted from the readers, read in Chinese with no English sentence
// left; names (files, columns, fields) stay as they are; English stays English.
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { bytesToFragment, fragmentToConfig } from '../../src/engine/config/link';
import { checkMapping } from '../../src/engine/pipeline';
import { notebookFromText } from '../../src/app/persist/notebook-doc';
import { localError } from '../../src/app/view/local-error';
import { DICTS } from '../../src/app/i18n';
import type { Mapping } from '../../src/engine/mapping';

const configError = (doc: object) => {
  const r = parseConfig({ version: 1, ...doc });
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(doc)}`);
  return r.error;
};
const linkError = (hash: string) => {
  const r = fragmentToConfig(hash);
  if (r.ok) throw new Error(`accepted: ${hash}`);
  return r.error;
};
const mappingError = (m: object, files = { orders: 'orders.csv' }) => {
  try {
    checkMapping(m as Mapping, files);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
};
const orders = (roles: object, columns = ['id', 'day', 'amt']) => ({ orders: { columns, roles } });

const MESSAGES: string[] = [
  configError({ lifecycle: { atRiskDays: 400, churnDays: 365 } }),
  configError({ value: { mode: 'share', high: 2, mid: 0.3 } }),
  configError({ value: { mode: 'absolute', high: 10, mid: 20 } }),
  configError({ value: { mode: 'absolute', high: 1e300, mid: 1 } }),
  configError({ asOf: '2024-02-30' }),
  configError({ asOf: 'yesterday' }),
  configError({ rfm: { cuts: { r: [4, 3, 2, 1], f: [1, 2, 3, 4], m: [1, 2, 3, 4] } } }),
  configError({ rfm: { segments: [{ name: 'a', r: [1, 5], f: [1, 5], m: [1, 5] }, { name: 'a', r: [1, 5], f: [1, 5], m: [1, 5] }] } }),
  configError({ rfm: { segments: [{ name: 'Champions!', r: [1, 5], f: [1, 5], m: [1, 5] }] } }),
  configError({ rfm: { segments: [{ name: 'other', r: [1, 5], f: [1, 5], m: [1, 5] }] } }),
  configError({ rfm: { segments: [{ name: 'a', r: [4, 2], f: [1, 5], m: [1, 5] }] } }),
  configError({ lifecycle: { atRiskDays: 'soon' } }),
  configError({ lifecycle: { atRiskDays: 30.5 } }),
  configError({ lifecycle: { atRiskDays: -3 } }),
  configError({ colour: 'red' }),
  configError({ engagement: { frequentMin: 1, occasionalMin: 5 } }),
  (() => { const r = parseConfig({ version: 2 }); return r.ok ? '' : r.error; })(),
  linkError('#nonsense'),
  linkError('#c9.abc'),
  linkError('#c2.ab$cd'),
  linkError(`#c2.${'A'.repeat(30_000)}`),
  linkError('#c2.AAAA'),
  linkError(`#${bytesToFragment(new TextEncoder().encode('not json'))}`),
  notebookFromText('{ not json').ok ? '' : (notebookFromText('{ not json') as { error: string }).error,
  mappingError(orders({ customer_id: 'id', order_date: 'day' })),
  mappingError(orders({ customer_id: 'id', order_date: 'day', amount: 'price' })),
  mappingError(orders({ customer_id: 'id', order_date: 'day', amount: 'amt * qty' })),
  mappingError(orders({ customer_id: 'id', order_date: 'day', amount: 'amt * (2' })),
  `${DICTS.en.share.linkRefused}: lifecycle.atRiskDays must be less than lifecycle.churnDays`,
  DICTS.en.app.loadCancelled,
  // From the readers, the worker and the browser's storage (quoted: producing each needs a hostile file).
  'orders.csv: the file is empty',
  'orders.csv: only a header row, no data',
  'orders.csv.gz: the gzip file is cut short: its compressed stream stops before its end, after 4,096 compressed bytes read',
  'orders.csv.gz: the gzip file is cut short or damaged: its compressed stream ends without a matching check (CRC-32 and size), after 4,096 compressed bytes read',
  'orders.csv.gz: data that is not gzip follows the end of the compressed stream (within the first 65,536 compressed bytes read)',
  'orders.gz: not a readable gzip file',
  'book.xlsx: the workbook has no sheets',
  'book.xlsx: sheet "Orders" is empty',
  'book.xlsx: no sheet "Q3" (sheets: Q1, Q2)',
  'book.xlsx: a zip archive that is not an .xlsx workbook; unzip it first',
  'book.xlsx: the workbook part "xl/worksheets/sheet1.xml" expands to 2048 MiB (at most 256 MiB per part); refused as a possible zip bomb',
  'book.xlsx: the workbook part "xl/sharedStrings.xml" expands 900 times its compressed size (at most 100 times); refused as a possible zip bomb',
  "book.xlsx: the workbook's parts expand to more than 1024 MiB together; refused as a possible zip bomb",
  'notes.bin: not a text, Excel (.xlsx) or Parquet file',
  'orders.csv: line 1, the header, holds a NUL byte',
  'orders.csv: line 1 is longer than the first 64 KiB read to see the file\'s layout (no line break in them): a header of thousands of columns, or not a table',
  'orders.csv: read as utf-16le the text is full of control characters; its bytes look like utf-8: choose that encoding',
  'orders.csv: read as utf-16le the text has no line break, so no rows; its bytes look like utf-8: choose that encoding',
  'orders.csv: more than 100,000 rows cannot be read (the last on line 100,062: parse_error); is it the right file and delimiter?',
  'orders.csv: the quote opened on line 7 is never closed: the rest of the file would be one cell',
  'orders.csv: cannot be read as orders (Invalid Input Error: bad)',
  'orders.csv: dates in "day" read both as day/month and month/day; choose the date format',
  'no dimension named "channel"',
  'no data is loaded yet',
  'config.json: larger than 5 MB, not a config or notebook',
  'not enough browser storage to keep the data (300 MB needed, 12 MB free): it will be asked for again after a reload',
  'storage is full: the notebook could not be autosaved (save it as a file)',
];

/** English left in a Chinese banner: two or more English words in a row, outside names and quotes. */
function englishLeft(zh: string): string[] {
  const bare = zh
    .replace(/「[^」]*」|"[^"]*"|'[^']*'|\([a-z][A-Za-z.]*\)/g, ' ')
    .replace(/[\w.-]+\.(csv|gz|xlsx|json|bin)\b/g, ' ') // file names
    .replace(/\b[a-z]+(?:[._][A-Za-z0-9]+)+\b/g, ' ') // fields, keys
    .replace(/Invalid Input Error: bad/, ' '); // DuckDB's own words, quoted in parentheses
  return bare.match(/[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,})+/g) ?? [];
}

describe('every error message reads in Chinese', () => {
  test.each(MESSAGES.map((m) => [m]))('%s', (message) => {
    expect(message).not.toBe('');
    const zh = localError('zh', message);
    expect(englishLeft(zh), zh).toEqual([]);
    expect(localError('en', message)).toBe(message);
  });
});

describe('names stay as they are', () => {
  test.each([
    ['lifecycle.atRiskDays must be less than lifecycle.churnDays', '「流失风险」(lifecycle.atRiskDays) 必须小于 「已流失」(lifecycle.churnDays)'],
    ['orders 2024.csv: the file is empty', 'orders 2024.csv：文件是空的'],
    ['no dimension named "渠道"', '没有名为「渠道」的维度'],
    [`${DICTS.en.share.linkRefused}: link is truncated or corrupted (it does not decompress)`, `${DICTS.zh.share.linkRefused}：链接被截断或已损坏（无法解压）`],
  ])('%s', (en, zh) => {
    expect(localError('zh', en)).toBe(zh);
  });
});
