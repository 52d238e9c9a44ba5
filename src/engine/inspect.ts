// What the mapping panel shows about one file before it is loaded: how it will be read, its columns,
// a preview, the table and roles guessed, and how each column's dates and numbers are written.
import type { Encoding } from './readers/encoding';
import type { FileKind } from './readers/plan';
import type { Delimiter } from './readers/text-layout';
import type { DateChoice } from './sql/detect';
import { DATE_FORMATS, TABLES, type NumberStyle, type TableName } from './mapping';
import type { Db } from './db';
import type { TableSample } from './readers/sample';
import { chooseDateFormat, chooseNumberStyle, countsOf, dateCountsSql, numberCountsSql, type DateCounts, type NumberCounts } from './sql/detect';
import { previewRelationSql } from './sql/preview';
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
  /** Per numeric column, its sampled values and how many plain and grouped readers read: the panel shows them. */
  numberCounts: Record<string, NumberCounts>;
  /** Per column, what it most plausibly holds (a numeric id is text; an amount is a number, not Unix seconds). */
  types: Record<string, ColumnType>;
}

export type ColumnType = 'date' | 'number' | 'text';

const DATE_NAME = /date|time|day|timestamp|created|updated|_at$|_on$|^ts$|日期|时间|日$/i;
// `customer_id`, `Invoice No`, `CustomerID` and `客户编号` are ids; `paid` is not.
const isIdName = (n: string) => /(^|[^a-z])(id|no|code|key|sku)$/i.test(n) || /[a-z](ID|Id|No|Code|Key)$/.test(n) || /^id[^a-z]/i.test(n) || /编号|号码|代码|ＩＤ/.test(n);
const NUMBER_NAME = /amount|price|qty|quantity|count|total|sum|age|cost|value|revenue|score|rate|金额|数量|单价|价格|年龄|成本|分数|次数/i;
/** Formats that are bare digits: only a date when the name says so, or the values fall where dates do. */
const DIGIT_DATES: Record<string, (v: string) => boolean> = {
  yyyymmdd: (v) => /^(19|20)\d{6}$/.test(v),
  excel: (v) => /^\d{5}(\.\d+)?$/.test(v) && Number(v) >= 25569 && Number(v) <= 73051, // 1970..2099
  unix_s: (v) => /^\d{10}$/.test(v),
  unix_ms: (v) => /^\d{13}$/.test(v),
};

/** The most plausible type of a column from its name and sampled values (the preview's type row). */
export function plausibleType(name: string, values: string[], date: DateChoice | undefined, number: NumberStyle | undefined): ColumnType {
  const vs = values.map((v) => v.trim()).filter((v) => v !== '');
  if (vs.length === 0) return 'text';
  if (vs.some((v) => /^0\d+$/.test(v))) return 'text'; // zero-padded: an id or a code, never a quantity
  if (date && 'format' in date && !(date.format in DIGIT_DATES)) return 'date';
  if (date && DATE_NAME.test(name)) return 'date';
  if (isIdName(name) && vs.every((v) => /^[\w-]+$/.test(v))) return 'text';
  if (date && 'format' in date && !NUMBER_NAME.test(name) && vs.every(DIGIT_DATES[date.format])) return 'date';
  return number ? 'number' : 'text';
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

/** How each column's sampled values read as dates and numbers, by the staging SQL itself. */
export async function detectColumns(db: Db, columns: string[], rows: string[][]): Promise<Pick<FileProfile, 'dates' | 'numbers' | 'numberCounts' | 'types'>> {
  const dates: FileProfile['dates'] = {};
  const numbers: FileProfile['numbers'] = {};
  const numberCounts: FileProfile['numberCounts'] = {};
  const types: FileProfile['types'] = {};
  if (rows.length === 0) return { dates, numbers, numberCounts, types };
  const relation = previewRelationSql(columns, rows);
  for (const c of columns) {
    const [d] = await db.rows<Record<string, unknown>>(dateCountsSql({ relation }, c));
    const dc = countsOf<DateCounts>(d);
    if (dc.n > 0 && Math.max(...DATE_FORMATS.map((f) => dc[f])) * 2 >= dc.n) dates[c] = chooseDateFormat(dc);
    const [n] = await db.rows<Record<string, unknown>>(numberCountsSql({ relation }, c));
    const nc = countsOf<NumberCounts>(n);
    if (nc.n > 0 && Math.max(nc.plain, nc.grouped) * 2 >= nc.n) { numbers[c] = chooseNumberStyle(nc); numberCounts[c] = nc; }
    const k = columns.indexOf(c);
    types[c] = plausibleType(c, rows.map((r) => r[k] ?? ''), dates[c], numbers[c]);
  }
  return { dates, numbers, numberCounts, types };
}

/** The whole profile of a sampled file. */
export async function inspectSample(db: Db, name: string, s: TableSample): Promise<FileProfile> {
  const detected = await detectColumns(db, s.columns, s.rows);
  const t = s.plan.kind === 'text' ? s.plan : null;
  return {
    ...profileOf(name, s.plan.kind === 'text' && s.plan.gzip ? 'gzip' : s.plan.kind, s.columns, s.rows),
    encoding: t?.encoding.encoding ?? null,
    delimiter: t?.delimiter ?? null,
    header: t ? t.header : s.plan.kind === 'xlsx' ? s.plan.header ?? true : true,
    sheets: s.sheets,
    sheet: s.sheet,
    undecodable: t?.undecodable ?? 0,
    ...detected,
  };
}
