// A file waiting in the mapping panel: what the worker found (its profile) and what the user decided.
// Pure functions: the panel renders these and sends intents.
import type { InputFile } from '../../../workers/api';
import type { FileProfile } from '../../engine/inspect';
import { DATE_ROLE, NUMERIC_ROLES, REQUIRED, ROLES, type DateFormat, type NumberStyle, type TableName } from '../../engine/mapping';
import type { ReadOptions } from '../../engine/readers/plan';
import { amountFromText, exprColumns } from '../../engine/sql/amount-expr';

export interface Incoming {
  file: File;
  profile: FileProfile;
  table: TableName;
  read: ReadOptions;
  /** role -> column; orders.amount may be an expression. */
  roles: Record<string, string>;
  /** 'auto': decided over the whole column when loading; '' while the user must choose (ambiguous day/month). */
  dateFormat: DateFormat | '' | 'auto';
  /** 'auto': decided per column over every value when loading (the first rows only hint at it). */
  numberStyle: NumberStyle | 'auto';
  /** The mapping came from an earlier file with the same columns. */
  remembered: boolean;
}

/** What is remembered per file signature (never the data, never sample values). */
export type RememberedMapping = Pick<Incoming, 'table' | 'read' | 'roles' | 'dateFormat' | 'numberStyle'>;

/** Roles of a table in the panel's order: required first. */
export function rolesOf(table: TableName): { role: string; required: boolean }[] {
  const req = REQUIRED[table] as readonly string[];
  return (ROLES[table] as readonly string[]).map((role) => ({ role, required: req.includes(role) })).sort((a, b) => Number(b.required) - Number(a.required));
}

/** The date format the first rows suggest for the table's date column, '' when the user must choose. */
export function detectedDateFormat(profile: FileProfile, table: TableName, roles: Record<string, string>): DateFormat | '' {
  const column = roles[DATE_ROLE[table]];
  const choice = column ? profile.dates[column] : undefined;
  if (!choice) return 'iso';
  return 'format' in choice ? choice.format : '';
}

/** What the first rows suggest: 'auto' unless the sampled dates read both day-first and month-first. */
export function autoDateFormat(profile: FileProfile, table: TableName, roles: Record<string, string>): '' | 'auto' {
  return detectedDateFormat(profile, table, roles) === '' ? '' : 'auto';
}

export function detectedNumberStyle(profile: FileProfile, roles: Record<string, string>): NumberStyle {
  const cols = NUMERIC_ROLES.map((r) => roles[r]).filter((c): c is string => !!c);
  return cols.some((c) => profile.numbers[c] === 'grouped') ? 'grouped' : 'plain';
}

/** The guessed mapping of a table: unambiguous role guesses, the suggested amount expression, detected formats. */
export function guessedMapping(profile: FileProfile, table: TableName): Pick<Incoming, 'roles' | 'dateFormat' | 'numberStyle'> {
  const g = profile.guesses[table];
  const roles: Record<string, string> = { ...(g.roles as Record<string, string>) };
  if (table === 'orders' && !roles.amount && g.amountExpression) roles.amount = g.amountExpression;
  return { roles, dateFormat: autoDateFormat(profile, table, roles), numberStyle: 'auto' };
}

export function incomingOf(file: File, profile: FileProfile, read: ReadOptions, remembered?: RememberedMapping): Incoming {
  // Remembered by the columns' signature, so the same columns are there.
  if (remembered) {
    return { file, profile, ...remembered, read: { ...remembered.read, ...read }, remembered: true };
  }
  return { file, profile, table: profile.table, read, ...guessedMapping(profile, profile.table), remembered: false };
}

/** What still stops a file from loading, as data (the panel says it in words). */
export type Problem = { kind: 'role'; table: TableName; role: string } | { kind: 'answer'; table: 'feedback' } | { kind: 'date' };

/** What still stops this file from loading: missing required roles, an unanswered date question. */
export function problems(i: Incoming): Problem[] {
  const out: Problem[] = rolesOf(i.table).filter((r) => r.required && !i.roles[r.role]).map((r) => ({ kind: 'role', table: i.table, role: r.role }));
  if (i.table === 'feedback' && !i.roles.csat && !i.roles.nps) out.push({ kind: 'answer', table: 'feedback' });
  if (i.dateFormat === '') out.push({ kind: 'date' });
  return out;
}

/** Two files for one table cannot both load. */
export function duplicateTables(list: Incoming[]): TableName[] {
  const seen = new Set<TableName>();
  const dup = new Set<TableName>();
  for (const i of list) (seen.has(i.table) ? dup : seen).add(i.table);
  return [...dup];
}

export function toInputFile(i: Incoming): InputFile {
  const roles = Object.fromEntries(Object.entries(i.roles).filter(([, c]) => c));
  const dateFormat = i.dateFormat === 'auto' || i.dateFormat === '' ? undefined : i.dateFormat;
  const numberStyle = i.numberStyle === 'auto' ? undefined : i.numberStyle;
  return { table: i.table, name: i.file.name, source: { file: i.file }, read: i.read, roles, dateFormat, numberStyle };
}

/** Columns no role uses (on a customers file they become dimensions; elsewhere they are not read). */
export function unusedColumns(i: Pick<Incoming, 'table' | 'roles'> & { profile: Pick<FileProfile, 'columns'> }): string[] {
  const used = new Set(Object.values(i.roles).filter(Boolean));
  if (i.table === 'orders' && i.roles.amount) {
    try { for (const c of exprColumns(amountFromText(i.roles.amount, i.profile.columns))) used.add(c); } catch { /* the expression's error is shown beside it */ }
  }
  return i.profile.columns.filter((c) => !used.has(c));
}
