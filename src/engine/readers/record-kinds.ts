// What the record scanner (records.ts) is told and tells: its options, the records that are not rows, its limits.

export const MAX_RECORD_BYTES = 2 ** 20;
/** The first bytes of a rejected record kept as its text (examples and the rejected-rows download). */
export const TEXT_BYTES = 1024;
/** More unreadable rows than this and the file is refused: it is not the table it seems to be. */
export const MAX_UNREADABLE = 100_000;

export type RowProblem = 'parse_error' | 'row_too_long' | 'nul_byte';

export interface BadRecord {
  line: number;
  reason: RowProblem;
  /** The record's first bytes as text, a NUL shown as ␀, `…` when cut. */
  text: string;
}

export interface ScanOptions {
  /** The file's name, for messages. */
  name: string;
  delimiter: string;
  /** How many fields a row has (the table's columns). */
  fields: number;
  /** The first record is the header: not a row. */
  header: boolean;
  /** 'text': lines of the file (a line break inside quotes is a line); 'rows': one record is one line (a sheet's rows). */
  lines: 'text' | 'rows';
  /** The line of the first record (1; a converted Parquet file's header record is line 0). */
  firstLine?: number;
  /** Records that are not valid UTF-8 are malformed (text read by DuckDB as it is). */
  utf8?: boolean;
  /** Build the readable rows as bytes (off for a pass that only counts). */
  emit?: boolean;
}

export class ScanError extends Error {}
