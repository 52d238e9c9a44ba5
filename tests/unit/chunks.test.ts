// Pieces of a large file end where a record ends, never inside a quoted field.
import { describe, expect, test } from 'vitest';
import { lastRecordEnd } from '../../src/engine/readers/chunks';

const enc = (s: string) => new TextEncoder().encode(s);
const cases: { name: string; text: string; inQuote: boolean; cut: number }[] = [
  { name: 'after the last line feed', text: 'a,b\nc,d\ne,f', inQuote: false, cut: 8 },
  { name: 'a line feed inside quotes is not a boundary', text: 'a,"x\ny"\nc,"p\nq', inQuote: false, cut: 8 },
  { name: 'starting inside a quoted field', text: 'tail"\nnext,1\n', inQuote: true, cut: 13 },
  { name: 'doubled quotes stay inside the field', text: 'a,"say ""hi""\n"\nb\n', inQuote: false, cut: 18 },
  { name: 'no boundary at all', text: 'a,b,c', inQuote: false, cut: -1 },
  { name: 'CRLF line ends', text: 'a\r\nb\r\nc', inQuote: false, cut: 6 },
];

describe('lastRecordEnd', () => {
  test.each(cases)('$name', ({ text, inQuote, cut }) => expect(lastRecordEnd(enc(text), inQuote).cut).toBe(cut));
  test('the quote state carries over to the next piece', () => {
    const r = lastRecordEnd(enc('a\n"open\nfield'), false);
    expect(r).toEqual({ cut: 2, inQuote: false });
  });
});
