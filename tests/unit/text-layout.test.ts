// How a text table is laid out: records, delimiter, header, encoding.
import { describe, expect, test } from 'vitest';
import { detectDelimiter, detectHeader, sampleLines, splitLine } from '../../src/engine/readers/text-layout';
import { detectEncoding } from '../../src/engine/readers/encoding';

describe('records', () => {
  const cases: { name: string; text: string; complete: boolean; expected: string[] }[] = [
    { name: 'lines', text: 'a,b\nc,d\n', complete: true, expected: ['a,b', 'c,d'] },
    { name: 'a quoted line feed stays in its record', text: 'a,"x\ny"\nc,d\n', complete: true, expected: ['a,"x\ny"', 'c,d'] },
    { name: 'CRLF and blank lines', text: 'a\r\n\r\nb\r\n', complete: true, expected: ['a', 'b'] },
    { name: 'a sample cut mid-record drops it', text: 'a,b\nc,', complete: false, expected: ['a,b'] },
    { name: 'a whole file keeps its last line without a line feed', text: 'a,b\nc,d', complete: true, expected: ['a,b', 'c,d'] },
  ];
  test.each(cases)('$name', ({ text, complete, expected }) => expect(sampleLines(text, complete)).toEqual(expected));
});

describe('delimiter', () => {
  const cases: [string, string[], string][] = [
    ['comma', ['a,b,c', '1,2,3'], ','],
    ['semicolon with decimal commas', ['a;b', '1,5;2,5'], ';'],
    ['tab', ['a\tb', '1\t2'], '\t'],
    ['pipe', ['a|b', '1|2'], '|'],
    ['aligned by blanks', ['001   20240305   12.50', '002   20240306    7.00'], 'whitespace'],
    ['quoted commas do not count', ['a,"b,c"', '1,"2,3"'], ','],
  ];
  test.each(cases)('%s', (_n, lines, expected) => expect(detectDelimiter(lines)).toBe(expected));
  test('a quoted field with the delimiter and doubled quotes', () => expect(splitLine('1,"a ""b"", c",2', ',')).toEqual(['1', 'a "b", c', '2']));
});

describe('header', () => {
  const cases: [string, string[][], boolean][] = [
    ['names over numbers', [['id', 'amount'], ['001', '12.5']], true],
    ['ids with leading zeros are data', [['001', '20240305', '12.50'], ['002', '20240306', '7']], false],
    ['all text, distinct names', [['name', 'city'], ['Ann', 'Paris']], true],
    ['all text, repeated first row values', [['x', 'x'], ['y', 'z']], false],
  ];
  test.each(cases)('%s', (_n, rows, expected) => expect(detectHeader(rows)).toBe(expected));
});

describe('encoding', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test('UTF-8 with and without BOM', () => {
    expect(detectEncoding(enc('\ufeffa,b')).encoding).toBe('utf-8');
    expect(detectEncoding(enc('客户,金额')).encoding).toBe('utf-8');
  });
  test('a UTF-8 sequence cut by the sample end is still UTF-8', () => expect(detectEncoding(enc('客户').subarray(0, 5)).encoding).toBe('utf-8'));
  test('UTF-16 without a BOM, by its NUL bytes', () => {
    const le = new Uint8Array([...'a,b\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(detectEncoding(le).encoding).toBe('utf-16le');
    expect(detectEncoding(le.map((_, i) => le[i ^ 1])).encoding).toBe('utf-16be');
  });
  test('GBK Chinese text', () => expect(detectEncoding(new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0x2c, 0xbd, 0xf0, 0xb6, 0xee])).encoding).toBe('gb18030'));
  test('Latin-1 accents fall back to windows-1252', () => expect(detectEncoding(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31])).encoding).toBe('windows-1252'));
});
