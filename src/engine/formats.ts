// Filling in how each table writes its dates and numbers, where the mapping does not say.
import type { Db } from './db';
import type { DateFormat, FormatDecision, Mapping, NumberStyle, TableMapping, TableName } from './mapping';
import { DATE_ROLE, NUMERIC_ROLES, TABLES } from './mapping';
import { amountFromText, exprColumns } from './sql/amount-expr';
import { countsOf, decideDateFormat, defaultRejectsTooMany, decideNumberStyle, defaultReadsSql, wholeColumnDateCountsSql, wholeColumnGroupedSql, type DateCounts } from './sql/detect';

/** A question only the user can answer: the column's dates read both day-first and month-first. */
export interface DateQuestion {
  table: TableName;
  column: string;
  choices: DateFormat[];
  /** A few values that read differently each way. */
  examples: string[];
}

/** The role a numeric column plays (a column of the amount expression plays amount). */
function roleOf(m: TableMapping, column: string): string {
  const r = m.roles as Record<string, string | undefined>;
  return NUMERIC_ROLES.find((role) => r[role] === column) ?? 'amount';
}

export function numericColumns(table: TableName, m: TableMapping): string[] {
  const r = m.roles as Record<string, string | undefined>;
  const cols = NUMERIC_ROLES.filter((role) => role !== 'amount').map((role) => r[role]).filter((c): c is string => !!c);
  if (table === 'orders' && r.amount) {
    try { cols.push(...exprColumns(amountFromText(r.amount, m.columns))); } catch { /* checkMapping names it */ }
  }
  return [...new Set(cols)].filter((c) => m.columns.includes(c));
}

/**
 * What a table leaves to detection: its numeric columns without a style, its date column without a format.
 * Nothing once decided (its `formats` recorded): a mapping detected before the load is not detected again.
 */
export function openFormats(t: TableName, m: TableMapping): { numbers: string[]; date: string | undefined } {
  if (m.formats) return { numbers: [], date: undefined };
  const dateCol = (m.roles as Record<string, string | undefined>)[DATE_ROLE[t]];
  const hasDate = !!dateCol && m.columns.includes(dateCol);
  return { numbers: m.numberStyle ? [] : numericColumns(t, m), date: hasDate && !m.dateFormat ? dateCol : undefined };
}

/**
 * Per table, the SPEC default readers' counts over every row (`defaultReadsSql`'s row: n<i> and ok<i> per
 * open numeric column, nd and okd for the open date column), where the caller has them already: staging
 * can count them as it reads (pipeline.ts, `detectAndStage`), saving a pass over the raw table.
 */
export type DefaultReads = Partial<Record<TableName, Record<string, number>>>;

/**
 * The mapping with every missing date format and number style decided over the whole column (never a sample:
 * the same rows in another order read the same), each decision recorded with its counts; ambiguous dates
 * become questions. `tables`: only these are decided (the others are returned as given).
 */
export async function detectFormats(db: Db, mapping: Mapping, known: DefaultReads = {}, tables: readonly TableName[] = TABLES): Promise<{ mapping: Mapping; questions: DateQuestion[] }> {
  const out = { ...mapping } as Record<TableName, TableMapping | undefined>;
  // The command line's files are detected in DuckDB; a ClickHouse server's tables there (segment-server.ts).
  const dialect = db.dialect ?? 'duckdb';
  const questions: DateQuestion[] = [];
  for (const t of tables) {
    const m = out[t];
    if (!m || m.formats) continue;
    const next: TableMapping = { ...m };
    const formats: FormatDecision[] = [];
    const dateCol = (m.roles as Record<string, string | undefined>)[DATE_ROLE[t]];
    const hasDate = !!dateCol && m.columns.includes(dateCol);
    const numeric = numericColumns(t, m);
    const open = openFormats(t, m);
    const detectNumbers = open.numbers;
    const detectDate = open.date !== undefined;
    const counts = known[t] ?? (detectNumbers.length || detectDate
      ? countsOf<Record<string, number>>((await db.rows<Record<string, unknown>>(defaultReadsSql(t, detectNumbers, open.date, dialect)))[0])
      : {});
    if (hasDate && m.dateFormat) formats.push({ table: t, role: DATE_ROLE[t], column: dateCol!, kind: 'date', format: m.dateFormat, given: true });
    else if (detectDate) {
      let format: DateFormat = 'iso';
      let read = counts.okd;
      // Other readers are tried over the whole column only when the default could lose (a pass saved).
      if (defaultRejectsTooMany(counts.nd, counts.okd)) {
        const [whole] = await db.rows<Record<string, unknown>>(wholeColumnDateCountsSql(t, dateCol!, dialect));
        const c = countsOf<DateCounts>(whole);
        const choice = decideDateFormat(c);
        if ('ambiguous' in choice) questions.push({ table: t, column: dateCol!, choices: choice.ambiguous, examples: [] });
        else { format = choice.format; read = c[format]; }
      }
      next.dateFormat = format;
      formats.push({ table: t, role: DATE_ROLE[t], column: dateCol!, kind: 'date', format, given: false, values: counts.nd, iso: counts.okd, read });
    }
    if (m.numberStyle) for (const c of numeric) formats.push({ table: t, role: roleOf(m, c), column: c, kind: 'number', style: m.numberStyle, given: true });
    const styles: Record<string, NumberStyle> = {};
    for (const [i, c] of detectNumbers.entries()) {
      const values = counts[`n${i}`];
      const plain = counts[`ok${i}`];
      let grouped: number | null = null;
      if (defaultRejectsTooMany(values, plain)) grouped = countsOf<{ grouped: number }>((await db.rows<Record<string, unknown>>(wholeColumnGroupedSql(t, c, dialect)))[0]).grouped;
      const style = decideNumberStyle(values, plain, grouped);
      styles[c] = style;
      formats.push({ table: t, role: roleOf(m, c), column: c, kind: 'number', style, given: false, values, plain, read: style === 'plain' ? plain : grouped! });
    }
    if (detectNumbers.length) next.numberStyles = styles;
    next.formats = formats;
    out[t] = next;
  }
  return { mapping: out as Mapping, questions };
}
