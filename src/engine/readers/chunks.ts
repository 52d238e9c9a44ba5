// Large delimited files are loaded in pieces that end on a record boundary, so the worker can report
// progress, hear a Cancel between pieces, and never hold the whole file in memory.

export const CHUNK_BYTES = 16 * 2 ** 20;

/**
 * Where the last complete record of `bytes` ends (just after its line feed), reading quotes from the
 * state `inQuote` at the start: a line feed inside a quoted field is not a boundary. -1 when none.
 */
export function lastRecordEnd(bytes: Uint8Array, inQuote: boolean): { cut: number; inQuote: boolean } {
  let quoted = inQuote;
  let cut = -1;
  let quotedAtCut = inQuote;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a && !quoted) {
      cut = i + 1;
      quotedAtCut = quoted;
    }
  }
  return { cut, inQuote: quotedAtCut };
}
