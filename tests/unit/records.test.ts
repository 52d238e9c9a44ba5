// The record scanner (src/engine/readers/records.ts): which records are rows, which are not and why, on
// which line each starts; the same whatever the pieces the bytes arrive in; and the same rows DuckDB reads.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_RECORD_BYTES, RecordScanner, type ScanOptions } from '../../src/engine/readers/records';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { rawPieceSql } from '../../src/engine/sql/raw';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder(undefined, { ignoreBOM: true }).decode(b);

function scan(text: string | Uint8Array, o: Partial<ScanOptions> = {}, cuts: number[] = []) {
  const s = new RecordScanner({ name: 'f.csv', delimiter: ',', fields: 3, header: true, lines: 'text', ...o });
  const bytes = typeof text === 'string' ? enc(text) : text;
  const ends = [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let out = '';
  let at = 0;
  ends.forEach((end, k) => { out += dec(s.push(bytes.subarray(at, end), k === ends.length - 1)); at = end; });
  const { bad, breaks } = s.take();
  return { out, rows: s.rows, bad: bad.map((b) => [b.reason, b.line, b.text]), breaks, clean: s.clean };
}

const H = 'id,day,amount\n';
const cases: { name: string; text: string; o?: Partial<ScanOptions>; out: string; bad: [string, number, string][]; breaks: [number, number][]; clean: boolean }[] = [
  { name: 'plain rows: the rows after the header, as they are', text: `${H}a,1,2\nb,3,4\n`, out: 'a,1,2\nb,3,4\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'no final line break', text: `${H}a,1,2`, out: 'a,1,2\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'CRLF: rows handed on with LF; DuckDB may still read the file itself', text: `${H}a,1,2\r\nb,3,4\r\n`.replace('\n', '\r\n'), out: 'a,1,2\nb,3,4\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'CRLF and LF mixed: read, not clean', text: 'id,day,amount\r\na,1,2\nb,3,4\r\n', out: 'a,1,2\nb,3,4\n', bad: [], breaks: [[1, 2]], clean: false },
  { name: 'lone CRs end lines', text: 'id,day,amount\ra,1,2\rb,3,4\r', out: 'a,1,2\nb,3,4\n', bad: [], breaks: [[1, 2]], clean: false },
  { name: 'a field too many and one too few: one record each', text: `${H}a,1,2,x,y\nb,3\nc,5,6\n`, out: 'c,5,6\n', bad: [['parse_error', 2, 'a,1,2,x,y'], ['parse_error', 3, 'b,3']], breaks: [[1, 4]], clean: false },
  { name: 'quoted line breaks are lines of the file', text: `${H}a,"x\ny",2\nb,"p\r\nq\r\nr",4\nc,5,6\n`, out: 'a,"x\ny",2\nb,"p\r\nq\r\nr",4\nc,5,6\n', bad: [], breaks: [[1, 2], [2, 4], [3, 7]], clean: true },
  { name: 'blank lines are lines, not rows', text: `${H}\na,1,2\n\n\nb,3,4\n`, out: 'a,1,2\nb,3,4\n', bad: [], breaks: [[1, 3], [2, 6]], clean: false },
  { name: 'DuckDB quotes: a quote inside an unquoted field is text; `""` is a quote; blanks around quotes', text: `${H}a,x"y,2\nb,"p""q",4\nc, "t" ,6\n`, out: 'a,x"y,2\nb,"p""q",4\nc, "t" ,6\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'text after a closing quote: malformed', text: `${H}a,"p"q,2\nb,3,4\n`, out: 'b,3,4\n', bad: [['parse_error', 2, 'a,"p"q,2']], breaks: [[1, 3]], clean: false },
  { name: 'a NUL byte: the row is rejected, shown as ␀', text: `${H}a,x\0y,2\nb,3,4\n`, out: 'b,3,4\n', bad: [['nul_byte', 2, 'a,x␀y,2']], breaks: [[1, 3]], clean: false },
  { name: 'UTF-8 beyond ASCII is text', text: `${H}a,\u00e9,2\n`, out: 'a,é,2\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'a byte-order mark is not text', text: `\ufeff${H}a,1,2\n`, out: 'a,1,2\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'a byte-order mark before a first row is not text either (split anywhere, still known)', text: '\ufeffa,1,2\n', o: { header: false }, out: 'a,1,2\n', bad: [], breaks: [[1, 1]], clean: true },
  { name: 'a later byte-order mark is text (DuckDB reads it so in the file)', text: `${H}a,1,2\n\ufeffb,3,4\n`, out: 'a,1,2\n\ufeffb,3,4\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'no header: the first record is a row', text: 'a,1,2\nb,3,4\n', o: { header: false }, out: 'a,1,2\nb,3,4\n', bad: [], breaks: [[1, 1]], clean: true },
  { name: 'sheet rows: a quoted line break is not a line', text: `${H}a,"x\ny",2\nb,3,4\n`, o: { lines: 'rows' }, out: 'a,"x\ny",2\nb,3,4\n', bad: [], breaks: [[1, 2]], clean: true },
  { name: 'Parquet rows: the header record is line 0', text: `${H}a,1,2\n`, o: { lines: 'rows', firstLine: 0 }, out: 'a,1,2\n', bad: [], breaks: [[1, 1]], clean: true },
  { name: 'tab-delimited', text: 'id\tday\tamount\na\t1\t2\nb\t3\n', o: { delimiter: '\t' }, out: 'a\t1\t2\n', bad: [['parse_error', 3, 'b\t3']], breaks: [[1, 2]], clean: false },
];

describe('records: rows, rejects and lines', () => {
  test.each(cases)('$name', ({ text, o, out, bad, breaks, clean }) => {
    expect(scan(text, o)).toMatchObject({ out, bad, breaks, clean });
  });

  test('invalid UTF-8 in a row makes it malformed', () => {
    const bytes = new Uint8Array([...enc(H), ...enc('a,'), 0xff, 0xfe, ...enc(',2\nb,3,4\n')]);
    expect(scan(bytes)).toMatchObject({ out: 'b,3,4\n', bad: [['parse_error', 2, 'a,\ufffd\ufffd,2']] });
  });

  test('a row longer than MAX_RECORD_BYTES is rejected once, its first KiB kept, wherever the pieces end', () => {
    const long = 'z'.repeat(MAX_RECORD_BYTES + 10);
    const text = `${H}a,1,2\nb,${long},3\nc,5,6\n`;
    for (const cuts of [[], [20], [20, 400_000, 900_000], [MAX_RECORD_BYTES + 5]]) {
      const r = scan(text, {}, cuts);
      expect(r.out).toBe('a,1,2\nc,5,6\n');
      expect(r.bad.map(([reason, line, t]) => [reason, line, (t as string).length])).toEqual([['row_too_long', 3, 1025]]);
      expect(r.breaks).toEqual([[1, 2], [2, 4]]);
    }
  });

  test('an unclosed quote refuses the file, naming the line it opened on', () => {
    expect(() => scan(`${H}a,1,2\nb,"3\nc,4,5\n`)).toThrow('f.csv: the quote opened on line 3 is never closed');
  });

  test('any two pieces give what the whole gives', () => {
    const texts = [...cases.map((c) => ({ text: c.text, o: c.o })), { text: `${H}a,"x\r\ny",2\r\nb,3,4,5\r\n\r\nc,"q""",6`, o: {} }];
    for (const { text, o } of texts) {
      const whole = scan(text, o);
      const n = enc(text).length;
      for (let cut = 1; cut < n; cut++) expect(scan(text, o, [cut]), `cut at ${cut} of ${JSON.stringify(text)}`).toEqual(whole);
      expect(scan(text, o, Array.from({ length: n }, (_, k) => k + 1)), `byte by byte: ${JSON.stringify(text)}`).toEqual(whole);
    }
  });
});

describe('records agree with DuckDB', () => {
  let db: NodeDb;
  beforeAll(async () => { db = await openNodeDb(); });
  afterAll(() => db.close());

  // On garbage the two may count rejects differently (DuckDB may take a stray quote as opening a cell that
  // swallows the next line): what must agree is every row, since DuckDB only ever reads the rows handed on.
  test('on random text, the rows handed on are the rows DuckDB reads from the file', async () => {
    // One kind of line end per file: DuckDB reads no file that mixes them (the scanner rewrites those).
    const alphabet = fc.constantFrom('a', 'b', ',', ',', '"', '\n', ' ');
    await fc.assert(fc.asyncProperty(fc.array(alphabet, { maxLength: 40 }), fc.boolean(), async (parts, crlf) => {
      const text = `x,y,z\n${parts.join('')}\n`.replace(/\n/g, crlf ? '\r\n' : '\n');
      let r: ReturnType<typeof scan>;
      try {
        r = scan(text, { fields: 3 });
      } catch {
        return; // an unclosed quote: refused (DuckDB fails on it too)
      }
      const file = join(db.scratch, 'f.csv'); // the one directory the locked database reads
      writeFileSync(file, text);
      // DuckDB on the whole file, skipping what it cannot read, with its own rejects.
      const names = `columns = {'x': 'VARCHAR', 'y': 'VARCHAR', 'z': 'VARCHAR'}`;
      let theirs: unknown[];
      await db.exec('DROP TABLE IF EXISTS rj; DROP TABLE IF EXISTS rs');
      try {
        theirs = await db.rows(`SELECT * FROM read_csv('${file}', auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', new_line = '${crlf ? '\\r\\n' : '\\n'}', ${names}, store_rejects = true, rejects_table = 'rj', rejects_scan = 'rs')`);
      } catch (e) {
        throw new Error(`DuckDB cannot read ${JSON.stringify(text)}: ${String(e)}`);
      }
      writeFileSync(file, r.out);
      await db.exec('CREATE OR REPLACE TABLE raw_orders (__row BIGINT, x VARCHAR, y VARCHAR, z VARCHAR)');
      await db.exec(rawPieceSql('orders', file, ',', ['x', 'y', 'z'], 0));
      const ours = await db.rows('SELECT x, y, z FROM raw_orders ORDER BY __row');
      expect(ours).toEqual(theirs);
    }), { numRuns: 500, seed: 12 });
  }, 120_000);
});
