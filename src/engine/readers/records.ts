// Records of delimited UTF-8 text, found before DuckDB reads anything: which records are rows DuckDB can
// read, which are not (and why), and on which line of the file each one starts. DuckDB is then handed only
// the readable rows, so it never skips, splits or miscounts one itself, and every number in the load
// report comes from one place in the browser and on the command line alike.
//
// Quotes follow DuckDB's CSV rules (quote = escape = `"`): a quote opens a quoted cell only at the start of
// a field (or after one blank); inside, `""` is a quote; a closing quote may be followed by blanks, then a
// delimiter or the end of the record, and anything else makes the record malformed (DuckDB: "unquoted
// value"). A line break outside quotes ends a record: LF, CRLF or a lone CR. Blank lines hold no record.

import { CellFactsScan } from './cell-facts';
import { concat, recordText, startsWithBom, UTF8_BOM, validUtf8 } from './record-bytes';
import { MAX_RECORD_BYTES, MAX_UNREADABLE, ScanError, TEXT_BYTES, type BadRecord, type RowProblem, type ScanOptions } from './record-kinds';

export { MAX_RECORD_BYTES, ScanError, type BadRecord, type ScanOptions };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const EMPTY = new Uint8Array(0);

// States of the record machine.
const START = 0; // at the start of a field (blanks may come before a quote)
const PLAIN = 1; // inside an unquoted field
const QUOTED = 2;
const QUOTE_SEEN = 3; // a quote inside a quoted field: closes it, or starts `""`
const CLOSED = 4; // after a closing quote (blanks only, then a delimiter or the end)
const START_BLANK = 5; // one blank at the start of a field: a quote may still open it (two may not, as in DuckDB)

// Bytes to the whole-record fast path.
const K_DELIM = 1;
const K_LF = 2;
const K_OTHER = 3;

// Terminator kinds, as bits.
const T_LF = 1;
const T_CRLF = 2;
const T_CR = 4;

/**
 * Feeds bytes in any pieces; each `push` returns the readable rows completed so far (header left out, each
 * ending in a line break, with no blank line), ready for DuckDB to read with `header = false`. `bad` and
 * `breaks` grow as records complete; the caller takes them with `take()`.
 */
export class RecordScanner {
  /** Readable rows so far. */
  rows = 0;
  /** What every readable row's cells have in common, column by column (cell-facts.ts). */
  readonly cells: CellFactsScan;
  private readonly cellEnds: Int32Array;
  /** Per byte value, what it is to the fast path: ordinary (0), the delimiter, LF, or one it leaves to the machine. */
  private readonly kinds: Uint8Array;
  /** Records that are not rows, in file order (taken by `take`). */
  private bad: BadRecord[] = [];
  /** [row, line] wherever a row's line is not the line after the previous row's (taken by `take`). */
  private breaks: [number, number][] = [];
  private unreadable = 0;
  private delta = Number.NaN;
  private pristine = true;

  private readonly delim: number;
  private line: number;
  private headerPending: boolean;
  private terms = 0;
  private bom = true;
  private bomHeld: Uint8Array | null = null;

  // The record being read.
  private state = START;
  private fieldsSeen = 1;
  private malformed = false;
  private nul = false;
  private high = false;
  private size = 0;
  /** The current field's content so far (its quotes and blanks after a closing quote left out). */
  private fieldData = 0;
  /** A field beyond the table's width that is not empty (DuckDB drops empty ones: `a,b,c,,`). */
  private extra = false;
  private startLine: number;
  private linesInside = 0;
  private crInQuote = false;
  /** A CR ended the record; the next byte decides whether it is CRLF. */
  private crEnd = false;
  /** The record's bytes from earlier pushes (dropped once it is too long; its first bytes stay in `head`). */
  private carry: Uint8Array[] = [];
  private carrySize = 0;
  private head: Uint8Array | null = null;

  constructor(private readonly o: ScanOptions) {
    if (o.delimiter.length !== 1 || o.delimiter.charCodeAt(0) > 0x7f) throw new Error(`delimiter ${JSON.stringify(o.delimiter)} is not one ASCII character`);
    this.delim = o.delimiter.charCodeAt(0);
    this.line = o.firstLine ?? 1;
    this.startLine = this.line;
    this.headerPending = o.header;
    this.cells = new CellFactsScan(o.fields);
    this.cellEnds = new Int32Array(Math.max(1, o.fields));
    this.kinds = new Uint8Array(256);
    for (const c of [QUOTE, CR, 0]) this.kinds[c] = K_OTHER;
    this.kinds.fill(K_OTHER, 0x80);
    this.kinds[LF] = K_LF;
    this.kinds[this.delim] = K_DELIM;
  }

  /**
   * Whether DuckDB may read the file itself (with its header): every record a row or the header on line 1,
   * no blank line, one kind of line end (LF or CRLF).
   */
  get clean(): boolean {
    return this.pristine && (this.terms & ~T_LF) === 0 || this.pristine && (this.terms & ~T_CRLF) === 0;
  }

  /** The line end DuckDB is told when it reads the file itself (clean: one kind). */
  get newLine(): 'lf' | 'crlf' {
    return this.terms & T_CRLF ? 'crlf' : 'lf';
  }

  /** Bad records and line breakpoints found since the last call. */
  take(): { bad: BadRecord[]; breaks: [number, number][] } {
    const r = { bad: this.bad, breaks: this.breaks };
    this.bad = [];
    this.breaks = [];
    return r;
  }

  push(chunk: Uint8Array, final: boolean): Uint8Array {
    let i = 0;
    if (this.bom) {
      // A UTF-8 byte-order mark is not text (DuckDB skips it too). A first chunk can be shorter than the
      // mark (an inflater's first output): its bytes are held until three are known.
      if (this.bomHeld) { chunk = concat([this.bomHeld, chunk], this.bomHeld.length + chunk.length); this.bomHeld = null; }
      if (chunk.length < 3 && !final && UTF8_BOM.subarray(0, chunk.length).every((v, k) => chunk[k] === v)) {
        this.bomHeld = chunk.slice();
        return EMPTY;
      }
      this.bom = false;
      if (startsWithBom(chunk)) i = 3;
    }
    const out: Uint8Array[] = [];
    let outSize = 0;
    // A run of readable rows lying in `chunk` as they are: [runStart, runEnd).
    let runStart = -1;
    let runEnd = -1;
    const flush = () => {
      if (runStart >= 0 && runEnd > runStart) { out.push(chunk.subarray(runStart, runEnd)); outSize += runEnd - runStart; }
      runStart = runEnd = -1;
    };
    const emit = this.o.emit !== false;
    let recStart = i; // where the current record starts in this chunk (or 0 when it began in an earlier one)
    const n = chunk.length;
    const delim = this.delim;

    const finish = (contentEnd: number, termEnd: number, term: number) => {
      // The record is complete: [recStart, contentEnd) in this chunk plus the carry; terminator up to termEnd.
      const size = this.size;
      const blank = size === 0 && this.state === START && this.fieldsSeen === 1;
      const carried = this.carrySize > 0 || this.head !== null;
      this.terms |= term;
      let reason: RowProblem | null = null;
      if (!blank && !this.headerPending) {
        if (size > MAX_RECORD_BYTES) reason = 'row_too_long';
        else if (this.nul) reason = 'nul_byte';
        // Empty fields beyond the table's width (`a,b,c,,`): DuckDB reads the row and drops them; so do we.
        else if (this.malformed || this.fieldsSeen < this.o.fields || this.fieldsSeen > this.o.fields && (this.extra || this.fieldData > 0 || this.state === START_BLANK)) reason = 'parse_error';
        else if (this.high && this.o.utf8 !== false && !validUtf8(this.carry, chunk.subarray(recStart, contentEnd))) reason = 'parse_error';
      }
      if (blank) {
        this.pristine = false;
      } else if (this.headerPending) {
        this.headerPending = false;
        if (this.startLine !== (this.o.firstLine ?? 1)) this.pristine = false;
      } else if (reason) {
        this.pristine = false;
        if (++this.unreadable > MAX_UNREADABLE)
          throw new ScanError(`${this.o.name}: more than ${MAX_UNREADABLE.toLocaleString('en-US')} rows cannot be read (the last on line ${this.startLine}: ${reason}); is it the right file and delimiter?`);
        const first = this.head ?? concat([...this.carry, chunk.subarray(recStart, contentEnd)], this.carrySize + contentEnd - recStart);
        this.bad.push({ line: this.startLine, reason, text: recordText(first.subarray(0, TEXT_BYTES), size > TEXT_BYTES) });
      } else {
        this.rows++;
        const body = carried ? concat([...this.carry, chunk.subarray(recStart, contentEnd)], this.carrySize + contentEnd - recStart) : chunk.subarray(recStart, contentEnd);
        this.cells.record(body, delim);
        const d = this.startLine - this.rows;
        if (d !== this.delta) { this.breaks.push([this.rows, this.startLine]); this.delta = d; }
        if (emit) {
          if (carried || term === T_CRLF || term === T_CR) {
            // Copied, its line break written as LF: the rows handed on always end in LF alone.
            flush();
            out.push(body, NEWLINE);
            outSize += body.length + 1;
          } else {
            if (runStart < 0 || runEnd !== recStart) { flush(); runStart = recStart; }
            runEnd = termEnd;
            if (term === 0) { flush(); out.push(NEWLINE); outSize++; }
          }
        }
      }
      // The next record.
      this.line += this.o.lines === 'rows' ? 1 : this.linesInside + (term ? 1 : 0);
      this.startLine = this.line;
      this.state = START;
      this.fieldsSeen = 1;
      this.malformed = this.nul = this.high = this.crInQuote = false;
      this.size = 0;
      this.fieldData = 0;
      this.extra = false;
      this.linesInside = 0;
      this.carry = [];
      this.carrySize = 0;
      this.head = null;
      recStart = termEnd;
    };

    // Where the whole-record fast path may next be tried (it gives a record it cannot judge to the machine).
    let fastFrom = i;
    const fields = this.o.fields;
    const cells = this.cells;
    const cellEnds = this.cellEnds;
    const kinds = this.kinds;
    while (i < n) {
      if (i >= fastFrom && this.state === START && this.size === 0 && this.fieldsSeen === 1 && !this.headerPending && !this.crEnd && this.carrySize === 0 && this.head === null) {
        // Fast path: whole records at the start of which the machine stands, made of plain bytes only (no
        // quote, CR, NUL or byte >= 0x80), ending in LF, with as many fields as the table: such a record is
        // a readable row, as the machine would find it byte by byte, only ~3× sooner.
        let j = i;
        for (;;) {
          let f = 1;
          let k = j;
          let plain = true;
          for (; k < n; k++) {
            const t = kinds[chunk[k]];
            if (t === 0) continue;
            if (t === K_DELIM) {
              // Where each cell ends, for its facts once the record is known to be a row.
              if (f < fields) cellEnds[f - 1] = k;
              f++;
            } else if (t === K_LF) break;
            else { plain = false; break; }
          }
          if (!plain || k >= n || k === j || f !== fields || k - j > MAX_RECORD_BYTES) { fastFrom = k + 1; break; }
          let a = j;
          for (let g = 0; g < fields - 1; g++) {
            cells.cell(g, chunk, a, cellEnds[g]);
            a = cellEnds[g] + 1;
          }
          cells.cell(fields - 1, chunk, a, k);
          // A readable row [j, k), LF at k.
          this.rows++;
          const d = this.line - this.rows;
          if (d !== this.delta) { this.breaks.push([this.rows, this.line]); this.delta = d; }
          if (emit) {
            if (runStart < 0 || runEnd !== j) { flush(); runStart = j; }
            runEnd = k + 1;
          }
          this.terms |= T_LF;
          this.line++;
          j = k + 1;
        }
        this.startLine = this.line;
        recStart = i = j;
        if (i >= n) break;
        continue;
      }
      if (this.crEnd) {
        // The previous push ended on a CR that ends a record whose bytes are all kept.
        this.crEnd = false;
        if (chunk[i] === LF) { finish(i, i + 1, T_CRLF); i++; }
        else finish(i, i, T_CR);
        continue;
      }
      // Fast paths: runs of ordinary bytes inside a field change nothing but the counts.
      if (this.state === PLAIN || this.state === QUOTED) {
        const stop = this.state === PLAIN ? delim : QUOTE;
        let j = i;
        while (j < n) {
          const c = chunk[j];
          if (c === stop || c === LF || c === CR || c === 0 || c >= 0x80) break;
          j++;
        }
        if (j > i) {
          this.size += j - i;
          this.fieldData += j - i;
          if (this.state === QUOTED) this.crInQuote = false;
          i = j;
          if (i >= n) break;
        }
      }
      const b = chunk[i];
      const state = this.state;
      if (state === QUOTED) {
        if (b === QUOTE) this.state = QUOTE_SEEN;
        else if (b === LF) { if (!this.crInQuote) this.linesInside++; this.crInQuote = false; }
        else if (b === CR) { this.linesInside++; this.crInQuote = true; }
        else {
          this.crInQuote = false;
          if (b === 0) this.nul = true;
          else if (b >= 0x80) this.high = true;
        }
        this.size++;
        if (b !== QUOTE) this.fieldData++;
        i++;
        continue;
      }
      if (b === LF) { finish(i, i + 1, T_LF); i++; continue; }
      if (b === CR) {
        // CRLF or a lone CR, decided by the next byte.
        if (i + 1 < n) {
          if (chunk[i + 1] === LF) { finish(i, i + 2, T_CRLF); i += 2; }
          else { finish(i, i + 1, T_CR); i++; }
          continue;
        }
        if (final) { finish(i, i + 1, T_CR); i++; continue; }
        // The CR is the chunk's last byte: keep the record's bytes, decide in the next push.
        this.keep(chunk, recStart, i);
        recStart = n;
        this.crEnd = true;
        i++;
        continue;
      }
      this.size++;
      if (b === 0) this.nul = true;
      else if (b >= 0x80) this.high = true;
      if (b === delim) {
        if (this.fieldsSeen > this.o.fields && (this.fieldData > 0 || state === START_BLANK)) this.extra = true;
        this.fieldsSeen++;
        this.fieldData = 0;
        this.state = START;
      } else if (state === START) {
        if (b === QUOTE) this.state = QUOTED;
        else if (b === SPACE) this.state = START_BLANK; // content only if no quote follows
        else { this.fieldData++; this.state = PLAIN; }
      } else if (state === START_BLANK) {
        if (b === QUOTE) this.state = QUOTED;
        else { this.fieldData += 2; this.state = PLAIN; }
      } else if (state === QUOTE_SEEN) {
        if (b === QUOTE) { this.fieldData++; this.state = QUOTED; }
        else if (b === SPACE) this.state = CLOSED;
        else { this.fieldData++; this.malformed = true; this.state = PLAIN; }
      } else if (state === CLOSED) {
        if (b !== SPACE) { this.fieldData++; this.malformed = true; this.state = PLAIN; }
      } else this.fieldData++;
      i++;
    }
    if (final) {
      if (this.crEnd) { this.crEnd = false; finish(n, n, T_CR); }
      if (this.state === QUOTED)
        throw new ScanError(`${this.o.name}: the quote opened on line ${this.startLine} is never closed: the rest of the file would be one cell`);
      if (this.size > 0 || this.fieldsSeen > 1 || this.carrySize > 0 || this.head) finish(n, n, 0);
      else if (this.headerPending) this.headerPending = false;
    } else if (recStart < n) {
      this.keep(chunk, recStart, n);
    }
    flush();
    return concat(out, outSize);
  }

  /** Keeps the unfinished record's bytes for the next push, or only its first bytes once it is too long. */
  private keep(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    if (this.head) return;
    if (this.carrySize + (to - from) > MAX_RECORD_BYTES + 2) {
      this.head = concat([...this.carry, chunk.subarray(from, to)], this.carrySize + to - from).slice(0, TEXT_BYTES);
      this.carry = [];
      this.carrySize = 0;
      return;
    }
    this.carry.push(chunk.slice(from, to));
    this.carrySize += to - from;
  }
}

const NEWLINE = new Uint8Array([LF]);
