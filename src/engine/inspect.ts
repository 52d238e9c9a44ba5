// What the mapping panel shows about one file before it is loaded: how it will be read, its columns,
// a preview, the table and roles guessed, and how each column's dates and numbers are written.
import type { Encoding } from './readers/encoding';
import type { FileKind } from './readers/plan';
import type { Delimiter } from './readers/text-layout';
import type { DateChoice } from './sql/detect';
import { TABLES, type NumberStyle, type TableName } from './mapping';
import { guessRoles, guessTable, type RoleGuess } from './roles';

export interface FileProfile {
  name: string;
  kind: FileKind;
  encoding: Encoding | null;
  delimiter: Delimiter | null;
  header: boolean;
  sheets: string[] | null;
  sheet: string | null;
  columns: string[];
  /** The first data rows, as text. */
  rows: string[][];
  /** Characters the chosen encoding could not decode in the sample: a wrong encoding shows here. */
  undecodable: number;
  table: TableName;
  guesses: Record<TableName, RoleGuess>;
  /** Per column, how its values read as dates (only columns where some format reads most values). */
  dates: Record<string, DateChoice>;
  /** Per column, the number style that reads most of its values (columns with numbers only). */
  numbers: Record<string, NumberStyle>;
}

export const PREVIEW_ROWS = 20;

/** The parts of a profile that need no database: columns, rows and guesses. */
export function profileOf(name: string, kind: FileKind, columns: string[], rows: string[][]): Pick<FileProfile, 'name' | 'kind' | 'columns' | 'rows' | 'table' | 'guesses'> {
  const guesses = Object.fromEntries(TABLES.map((t) => [t, guessRoles(t, columns)])) as Record<TableName, RoleGuess>;
  return { name, kind, columns, rows: rows.slice(0, PREVIEW_ROWS), table: guessTable(columns, name), guesses };
}

/** A signature of a file's layout: the same system's next export has the same one. */
export function fileSignature(columns: string[]): string {
  return columns.map((c) => c.trim().toLowerCase()).join('\u241f');
}
