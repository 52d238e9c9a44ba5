// Which source column plays which SPEC §1 role. Pure data: shared by the worker, the CLI and the tests.
import type { CellFacts } from './readers/cell-facts';

export const TABLES = ['orders', 'customers', 'feedback', 'interactions'] as const;
export type TableName = (typeof TABLES)[number];

export const ROLES = {
  orders: ['customer_id', 'order_date', 'amount', 'order_id', 'cost', 'category', 'channel'],
  customers: ['customer_id', 'signup_date', 'referred_by', 'referrals'],
  feedback: ['customer_id', 'response_date', 'csat', 'nps'],
  interactions: ['customer_id', 'interaction_date', 'kind'],
} as const satisfies Record<TableName, readonly string[]>;

export type RoleOf<T extends TableName> = (typeof ROLES)[T][number];

export const REQUIRED: { [T in TableName]: readonly RoleOf<T>[] } = {
  orders: ['customer_id', 'order_date', 'amount'],
  customers: ['customer_id'],
  feedback: ['customer_id', 'response_date'],
  interactions: ['customer_id', 'interaction_date', 'kind'],
};

/**
 * How dates are written in a table; ISO (`YYYY-MM-DD`, optionally with a time) by default.
 * ymd `2024/3/5`, dmy `5/3/2024`, mdy `3/5/2024` (each optionally with a time), yyyymmdd `20240305`,
 * excel serial days `45356`, zh `2024年3月5日`, unix seconds / milliseconds (UTC days).
 */
export const DATE_FORMATS = ['iso', 'ymd', 'dmy', 'mdy', 'yyyymmdd', 'excel', 'zh', 'unix_s', 'unix_ms'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/**
 * How numbers are written in a table. plain: the SPEC's decimal literal (default); grouped: thousands
 * commas, currency symbols, (negatives); decimal_comma: `1 234,50` / `1.234,50`.
 */
export const NUMBER_STYLES = ['plain', 'grouped', 'decimal_comma'] as const;
export type NumberStyle = (typeof NUMBER_STYLES)[number];

export interface TableMapping<T extends TableName = TableName> {
  /** Source column names, in file order (the raw table's columns). */
  columns: string[];
  /** role -> source column. For orders.amount the value is an expression over columns. */
  roles: Partial<Record<RoleOf<T>, string>>;
  dateFormat?: DateFormat;
  /** One style for every numeric column, as the user or the command line said; otherwise `numberStyles`. */
  numberStyle?: NumberStyle;
  /** Per numeric column, decided over the whole column at load (src/engine/formats.ts). */
  numberStyles?: Record<string, NumberStyle>;
  /** How each numeric and date column is read and why, with its counts: the load report says it. */
  formats?: FormatDecision[];
  /** Lines before the first data row (a header: 1), so a rejected row can be shown by its line in the file. */
  headerRows?: number;
  /** A text file: a line break inside a quoted cell is a line of the file, and line numbers count it. */
  textLines?: boolean;
  /** What the read found of every cell of some columns of this file; staging then leaves out checks that cannot fail. */
  cells?: CellFacts;
}

/** How one column is read: given by the user, or decided over every value of the column (with the counts). */
export type FormatDecision = { table: TableName; role: string; column: string; given: boolean; values?: number } & (
  | { kind: 'number'; style: NumberStyle; plain?: number; read?: number }
  | { kind: 'date'; format: DateFormat; iso?: number; read?: number }
);

/** The number style a column is read in. */
export function styleOf(m: Pick<TableMapping, 'numberStyle' | 'numberStyles'>, column: string): NumberStyle {
  return m.numberStyle ?? m.numberStyles?.[column] ?? 'plain';
}

/** The role holding each table's date (its date format is the table's). */
export const DATE_ROLE: Record<TableName, string> = { orders: 'order_date', customers: 'signup_date', feedback: 'response_date', interactions: 'interaction_date' };

/** Roles read as numbers (the table's number style applies to them; amount may be an expression). */
export const NUMERIC_ROLES = ['amount', 'cost', 'csat', 'nps', 'referrals'] as const;

export type Mapping = { orders: TableMapping<'orders'> } & {
  [T in Exclude<TableName, 'orders'>]?: TableMapping<T>;
};

/**
 * The mapping as any file with these columns is read under: the cell facts of the file at hand left out.
 * SQL that is handed on (the export bundle's) must stage another file of the same shape correctly, and
 * is the same whichever shell read the file.
 */
export function withoutCellFacts(m: Mapping): Mapping {
  return Object.fromEntries(Object.entries(m).map(([t, tm]) => [t, tm && (({ cells: _, ...rest }) => rest)(tm)])) as Mapping;
}

/** Columns named exactly as a role (any case, blanks and dashes as _) map to it. */
export function autoRoles<T extends TableName>(table: T, columns: string[]): Partial<Record<RoleOf<T>, string>> {
  const roles: Partial<Record<RoleOf<T>, string>> = {};
  const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
  for (const role of ROLES[table] as readonly RoleOf<T>[]) {
    const hit = columns.find((c) => norm(c) === role);
    if (hit !== undefined) roles[role] = hit;
  }
  return roles;
}

/** Customer attributes: every column of the customers table not mapped to a role. */
export function attributeColumns(m: TableMapping<'customers'> | undefined): string[] {
  if (!m) return [];
  const used = new Set(Object.values(m.roles));
  return m.columns.filter((c) => !used.has(c) && !c.startsWith('__'));
}

export function missingRoles<T extends TableName>(table: T, m: TableMapping<T>): RoleOf<T>[] {
  const missing = REQUIRED[table].filter((r) => !m.roles[r]);
  if (table === 'feedback' && !('csat' in m.roles) && !('nps' in m.roles)) missing.push('csat' as RoleOf<T>);
  return missing;
}
