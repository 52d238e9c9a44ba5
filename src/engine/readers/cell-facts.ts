// What the record scan finds true of every cell of a column, so that staging can leave out a check that
// could not fail (sql/staging.ts): a trim where no cell has a blank at either end, the number pattern
// where every cell already matches it, the date pattern where every cell is an ISO day. Those checks were
// about half of staging's time (DuckDB-WASM, a million rows). A fact is only ever dropped, never
// guessed: a cell the scan cannot see whole (a quoted record) voids every fact of the file, and a table
// without facts is staged with every check, as before. The facts describe one file's raw cells; they
// are never saved with a mapping.

import { startsWithBom } from './record-bytes';

/** Columns of one file, by name, of which every non-empty raw cell has the property. */
export interface CellFacts {
  /** No blank (space, tab, CR, LF) at either end. */
  unpadded: string[];
  /** A plain decimal literal: `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`, the number pattern of values.ts. */
  decimal: string[];
  /** An ISO day, exactly `dddd-dd-dd`. */
  isoDay: string[];
  /** An ISO day with an optional time and zone: the whole ISO pattern of values.ts. */
  isoStamp: string[];
}

const DEC = 1;
const DAY = 2;
const STAMP = 4;
const ALL = DEC | DAY | STAMP;

const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;

const digit = (c: number) => c >= 0x30 && c <= 0x39;

/** Digits in b[a, z): how many lead (`a + n` is the first that is not one, or z). */
function digits(b: Uint8Array, a: number, z: number): number {
  let k = a;
  while (k < z && digit(b[k])) k++;
  return k - a;
}

/** b[a, z) matches `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` whole. */
export function isDecimalCell(b: Uint8Array, a: number, z: number): boolean {
  let k = a;
  if (k < z && (b[k] === PLUS || b[k] === MINUS)) k++;
  const whole = digits(b, k, z);
  k += whole;
  let frac = 0;
  if (k < z && b[k] === DOT) {
    k++;
    frac = digits(b, k, z);
    k += frac;
  }
  if (whole === 0 && frac === 0) return false;
  if (k < z && (b[k] === 0x65 || b[k] === 0x45)) {
    k++;
    if (k < z && (b[k] === PLUS || b[k] === MINUS)) k++;
    const exp = digits(b, k, z);
    if (exp === 0) return false;
    k += exp;
  }
  return k === z;
}

/** `\d{n}` at b[k], within z. */
function fixed(b: Uint8Array, k: number, z: number, n: number): boolean {
  if (k + n > z) return false;
  for (let e = k + n; k < e; k++) if (!digit(b[k])) return false;
  return true;
}

/**
 * 1: b[a, z) is an ISO day (`dddd-dd-dd`); 2: a day with a time (and zone) that the whole ISO pattern
 * `\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?` matches; 0: neither.
 * Every byte is read only below z (a cell's neighbour is another cell).
 */
export function isoKind(b: Uint8Array, a: number, z: number): 0 | 1 | 2 {
  if (z - a < 10 || !fixed(b, a, z, 4) || b[a + 4] !== MINUS || !fixed(b, a + 5, z, 2) || b[a + 7] !== MINUS || !fixed(b, a + 8, z, 2)) return 0;
  let k = a + 10;
  if (k === z) return 1;
  if (b[k] !== SPACE && b[k] !== 0x54) return 0;
  k++;
  let h = 0;
  while (h < 2 && k + h < z && digit(b[k + h])) h++;
  if (h === 0 || k + h >= z || b[k + h] !== COLON) return 0;
  k += h + 1;
  if (!fixed(b, k, z, 2)) return 0;
  k += 2;
  if (k < z && b[k] === COLON) {
    if (!fixed(b, k + 1, z, 2)) return 0;
    k += 3;
    if (k < z && b[k] === DOT) {
      let f = 0;
      while (f < 9 && k + 1 + f < z && digit(b[k + 1 + f])) f++;
      if (f === 0) return 0;
      k += 1 + f;
    }
  }
  if (k < z && b[k] === 0x5a) k++;
  else if (k < z && (b[k] === PLUS || b[k] === MINUS)) {
    if (!fixed(b, k + 1, z, 2)) return 0;
    k += 3;
    if (k < z && b[k] === COLON) {
      if (!fixed(b, k + 1, z, 2)) return 0;
      k += 3;
    } else if (k < z) {
      if (!fixed(b, k, z, 2)) return 0;
      k += 2;
    }
  }
  return k === z ? 2 : 0;
}

/** The facts of one file's columns, gathered a cell at a time as the scan finds its rows. */
export class CellFactsScan {
  /** Per column: the facts that still hold (DEC, DAY, STAMP). */
  private readonly holds: Uint8Array;
  /** Per column: 1 once a cell has a blank at either end. */
  private readonly padded: Uint8Array;
  private voided = false;

  constructor(private readonly fields: number) {
    this.holds = new Uint8Array(fields).fill(ALL);
    this.padded = new Uint8Array(fields);
  }

  /** The unquoted cell b[a, z) of column f (0-based; a record's extra empty fields are left out). */
  cell(f: number, b: Uint8Array, a: number, z: number): void {
    if (z === a) return; // empty: NULL, whatever the column
    const x = b[a];
    const y = b[z - 1];
    // Unquoted cells hold no CR or LF: those end a record. A cell that starts with a byte-order mark
    // (a later BOM in the file) is claimed nothing of: DuckDB takes a BOM at the start of what it reads
    // for no text, and no claim should rest on which row starts a piece (into-raw.ts guards those too).
    if (x === SPACE || x === TAB || y === SPACE || y === TAB || x === 0xef && startsWithBom(b, a, z)) {
      this.padded[f] = 1;
      this.holds[f] = 0;
      return;
    }
    const h = this.holds[f];
    if (h === 0) return;
    let keep = h;
    if (h & DEC && !isDecimalCell(b, a, z)) keep &= ~DEC;
    if (h & (DAY | STAMP)) {
      const iso = isoKind(b, a, z);
      if (iso === 0) keep &= ~(DAY | STAMP);
      else if (iso === 2) keep &= ~DAY;
    }
    this.holds[f] = keep;
  }

  /** A readable row the record machine judged (its line end left out): its cells, or void if it has a quote. */
  record(b: Uint8Array, delim: number): void {
    if (this.voided) return;
    if (b.indexOf(QUOTE) >= 0) {
      // A quoted cell's text is not its bytes; rather than read quotes twice, know nothing of this file.
      this.voided = true;
      return;
    }
    let f = 0;
    let start = 0;
    for (let k = 0; k <= b.length && f < this.fields; k++) {
      if (k === b.length || b[k] === delim) {
        this.cell(f++, b, start, k);
        start = k + 1;
      }
    }
  }

  /** What held of every cell, by column name (`names` in file order); none when voided. */
  facts(names: readonly string[]): CellFacts | undefined {
    if (this.voided || names.length !== this.fields) return undefined;
    const where = (test: (f: number) => boolean) => names.filter((_, f) => test(f));
    return {
      unpadded: where((f) => this.padded[f] === 0),
      decimal: where((f) => (this.holds[f] & DEC) !== 0),
      isoDay: where((f) => (this.holds[f] & DAY) !== 0),
      isoStamp: where((f) => (this.holds[f] & STAMP) !== 0),
    };
  }
}
