// A scanned text input into raw_<table>, the same way for the command line and the browser worker: the
// readable rows in pieces that end on a row, the unreadable ones into parse_errors_<table> with their line
// and reason, the rows' line breakpoints into lines_<table>. The shells say where the bytes come from and
// how a piece becomes a file DuckDB can read.
import type { Db } from '../db';
import type { CellFacts } from './cell-facts';
import type { TableName } from '../mapping';
import { linesInsertSql, parseErrorsInsertSql, rawCreateSql, rawPieceSql } from '../sql/raw';
import type { ScanSpec } from './prepare';
import { scanText, type ScanResult, type TextSource } from './stream';
import { concat, startsWithBom, UTF8_BOM } from './record-bytes';

/**
 * DuckDB drops a UTF-8 byte-order mark at the start of every file it reads, so a piece whose first row
 * begins with one (a later BOM in the file, part of that row's first cell) gets a second one in front:
 * the row is read as the file has it, as it would be were DuckDB reading the whole file itself.
 */
export function pieceBytes(rows: Uint8Array): Uint8Array {
  return startsWithBom(rows) ? concat([UTF8_BOM, rows], rows.length + 3) : rows;
}

/** Makes a piece of rows readable by DuckDB under a name (a registered buffer, a temporary file) and frees it. */
export interface PieceStore {
  put(bytes: Uint8Array): Promise<string>;
  drop(name: string): Promise<void>;
}

export interface IntoRawOptions {
  /** Where pieces go; none: the pass only counts (DuckDB then reads the file itself). */
  pieces?: PieceStore;
  /** Record unreadable rows and line breakpoints (a second pass over the same file does not). */
  records: boolean;
  /** After each piece: input bytes read, rows so far; may throw to cancel. */
  progress?: (read: number, rows: number) => Promise<void>;
  /** Run the statements that create raw_<table> first (a second pass reuses the tables). */
  create: boolean;
}

export async function scanIntoRaw(db: Db, table: TableName, name: string, columns: string[], spec: ScanSpec, source: TextSource, o: IntoRawOptions): Promise<ScanResult & { facts: CellFacts | undefined }> {
  if (o.create) for (const sql of rawCreateSql(table, columns)) await db.exec(sql);
  const pieces = o.pieces;
  const r = await scanText(source, { ...spec, name, emit: !!pieces }, {
    rows: pieces
      ? async (bytes, rowsBefore) => {
          const file = await pieces.put(pieceBytes(bytes));
          try {
            await db.exec(rawPieceSql(table, file, spec.delimiter, columns, rowsBefore));
          } finally {
            await pieces.drop(file);
          }
        }
      : undefined,
    bad: o.records ? async (records) => { for (const sql of parseErrorsInsertSql(table, records)) await db.exec(sql); } : undefined,
    breaks: o.records ? async (breaks) => { for (const sql of linesInsertSql(table, breaks)) await db.exec(sql); } : undefined,
    progress: o.progress,
  });
  return { ...r, facts: r.cells.facts(columns) };
}
