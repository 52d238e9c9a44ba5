// Writes tests/fixtures/hostile/: small files that attack the readers (malformed rows, cut or padded gzip,
// NUL bytes, mixed line ends, an unclosed quote, a wrong encoding). Large ones (a 40 MB row, a 2 GB NUL
// tail) are made at test time in a temporary directory (tests/unit/hostile-files.test.ts), never committed.
// Run: npx tsx scripts/make-hostile-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants, gzipSync } from 'node:zlib';

const DIR = 'tests/fixtures/hostile';
mkdirSync(DIR, { recursive: true });
const put = (name: string, data: string | Uint8Array) => writeFileSync(`${DIR}/${name}`, data);

const HEADER = 'customer_id,order_date,amount';
/** n orders of 500 customers in January 2024, amounts 1..97. */
export const orders = (n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => `C${(from + k) % 500},2024-01-${String(((from + k) % 28) + 1).padStart(2, '0')},${((from + k) % 97) + 1}`);
const csv = (rows: string[]) => [HEADER, ...rows].join('\n') + '\n';
// Same bytes on every run: no file name or time in the gzip header.
const gz = (text: string, flush?: number) => gzipSync(Buffer.from(text), flush === undefined ? {} : { finishFlush: flush });

// Four data rows: one with two fields too many, one with one field too few.
put('malformed.csv', `${HEADER}\nA,2024-01-01,10\nB,2024-01-02,5,extra,more\nC,2024-01-03\nD,2024-01-04,7\n`);

// The same in UTF-16LE with a byte-order mark (converted to UTF-8 before DuckDB reads it).
put('malformed-utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\nA,2024-01-01,10\nB,2024-01-02,5,extra,more\nC,2024-01-03\nD,2024-01-04,7\n`, 'utf16le')]));

// Line numbers around quoted line breaks, blank lines and malformed rows (1 header; a 2-3; blank 4; b 5;
// c 6-8; d malformed 9; blank 10-11; e 12; f malformed 13).
put('lines.csv', 'customer_id,order_date,amount,note\na,2024-01-01,10,"two\nlines"\n\nb,2024-01-02,x,plain\nc,2024-01-03,5,"three\nline\nnote"\nd,2024-01-04,1,too,many\n\n\ne,bad-date,1,ok\nf,2024-01-05\n');

const TEN_THOUSAND = csv(orders(10_000));
const whole = gz(TEN_THOUSAND);
put('ten-thousand.csv.gz', whole);
// Cut in the middle of a row.
put('cut-mid-row.csv.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
// The first 6,000 rows compressed and flushed, then nothing: no last block, no trailer.
put('cut-on-row-boundary.csv.gz', gz(csv(orders(6_000)), constants.Z_SYNC_FLUSH));
// Whole, less its 8-byte trailer (CRC-32 and size).
put('no-trailer.csv.gz', whole.subarray(0, whole.length - 8));
// A complete stream and bytes after it that are not gzip.
put('trailing-garbage.csv.gz', Buffer.concat([whole, Buffer.from('not gzip at all\n')]));
// Two members, as `cat a.gz b.gz` makes, the first ending in the middle of a row, the first written with
// CRLF line ends and the second with LF: one file of 10,000 rows.
const text = TEN_THOUSAND.split('\n').slice(0, 4001).join('\r\n') + '\r\n' + TEN_THOUSAND.split('\n').slice(4001).join('\n');
put('two-members.csv.gz', Buffer.concat([gz(text.slice(0, 50_000)), gz(text.slice(50_000))]));

// A NUL byte in a cell.
put('nul-in-cell.csv', Buffer.from(`${HEADER},note\nA,2024-01-01,10,he\u0000llo\nB,2024-01-02,5,ok\n`));
// CRLF and LF line ends in one file (Python's csv module reads it).
put('mixed-line-ends.csv', `${HEADER}\r\nA,2024-01-01,10\nB,2024-01-02,5\r\nC,2024-01-03,3\n`);
// A quote opened on line 3 and never closed.
put('unclosed-quote.csv', `${HEADER}\nA,2024-01-01,10\nB,2024-01-02,"5\nC,2024-01-03,3\nD,2024-01-04,4\n`);
// UTF-16LE text without a byte-order mark, and plain UTF-8: each read with the other's encoding.
put('utf16le-no-bom.csv', Buffer.from(`${HEADER}\nA,2024-01-01,10\nB,2024-01-02,5\n`, 'utf16le'));
put('utf8.csv', `${HEADER}\nA,2024-01-01,10\nB,2024-01-02,5\n`);
